// A @rooms/client model as a Vue ref: `current` is its latest snapshot, replaced (never
// mutated) on each change, so a shallowRef is enough. Every composable in features/ is built on
// this (the Svelte app's live.svelte.ts).
import type { Readable } from "@rooms/client";
import { shallowRef, type ShallowRef } from "vue";

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
