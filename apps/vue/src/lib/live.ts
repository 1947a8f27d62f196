// A @rooms/client model as a Vue ref: `current` is its latest snapshot, replaced (never
// mutated) on each change, so a shallowRef is enough. Every binding in features/ is built on
// this (the Svelte app's live.svelte.ts).
import type { Readable } from "@rooms/client";
import { onScopeDispose, shallowRef, type ShallowRef } from "vue";

export interface Live<T> {
  readonly current: ShallowRef<T>;
  /** Stops following the model (the model itself is disposed by its owner). */
  stop(): void;
}

export function live<T>(model: Readable<T>): Live<T> {
  const current = shallowRef(model.getSnapshot()) as ShallowRef<T>;
  const stop = model.subscribe((next) => {
    current.value = next;
  });
  return { current, stop };
}

type Model<S> = Readable<S> & { dispose(): unknown };

/** A model and its snapshot as a ref (`state`), for as long as one component shows it. */
export interface Bound<M extends Model<S>, S = ReturnType<M["getSnapshot"]>> {
  readonly model: M;
  readonly state: ShallowRef<S>;
}

/**
 * Creates a model with `create` for the component being set up and binds it: `state` follows its
 * snapshot, and the model is disposed with the component's scope. `create` runs once: the props
 * it reads are the ones the component was created with (the routes key room components by room,
 * so those do not change). Call in `setup`.
 */
export function useModel<M extends Model<S>, S = ReturnType<M["getSnapshot"]>>(
  create: () => M,
): Bound<M, S> {
  const model = create();
  const state = live<S>(model);
  onScopeDispose(() => {
    state.stop();
    void model.dispose();
  });
  return { model, state: state.current };
}
