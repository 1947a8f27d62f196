// A @rooms/client model as a rune: `current` is its latest snapshot, replaced (never mutated)
// on each change, so `$state.raw` is enough. Every binding in features/ is built on this.
import type { Readable } from "@rooms/client";
import { onDestroy, untrack } from "svelte";

export class Live<T> {
  current: T = $state.raw() as T;
  readonly #stop: () => void;

  constructor(model: Readable<T>) {
    this.current = model.getSnapshot();
    this.#stop = model.subscribe((next) => {
      this.current = next;
    });
  }

  /** Stops following the model (the model itself is disposed by its owner). */
  stop(): void {
    this.#stop();
  }
}

type Model<S> = Readable<S> & { dispose(): unknown };

/** A model and its snapshot as a rune (`state`), for as long as one component shows it. */
export interface Bound<M extends Model<S>, S = ReturnType<M["getSnapshot"]>> {
  readonly model: M;
  readonly state: S;
}

/**
 * Creates a model with `create` for the component being initialised and binds it: `state`
 * follows its snapshot, and the model is disposed with the component. `create` runs once,
 * untracked: the props it reads are the ones the component was created with (the routes key
 * room components by room, so those do not change). Call during component initialisation.
 */
export function useModel<M extends Model<S>, S = ReturnType<M["getSnapshot"]>>(
  create: () => M,
): Bound<M, S> {
  const model = untrack(create);
  const live = new Live<S>(model);
  onDestroy(() => {
    live.stop();
    void model.dispose();
  });
  return {
    model,
    get state() {
      return live.current;
    },
  };
}
