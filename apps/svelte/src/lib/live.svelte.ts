// A @rooms/client model as a rune: `current` is its latest snapshot, replaced (never mutated)
// on each change, so `$state.raw` is enough. Every rune module in features/ is built on this.
import type { Readable } from "@rooms/client";

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
