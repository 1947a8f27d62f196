// The observable every model in this package exposes: `getSnapshot()` returns the current state,
// an immutable object replaced (never mutated) on every change, and `subscribe(listener)` calls
// the listener after each change until the returned function is called. That is the contract of
// React's useSyncExternalStore, and enough for a Svelte rune module (`$state` set from the
// listener) or a Vue composable (`shallowRef` set from the listener) to wrap a model in a few
// lines, as TanStack Query's framework packages wrap its observers.

import { messageOf } from "./convex";

/** Called after the snapshot changed, with the new snapshot. */
export type Listener<T> = (snapshot: T) => void;

/** A read-only view of a changing state. */
export interface Readable<T> {
  /** The current state. The same object until the next change, so it can be compared by identity. */
  getSnapshot(): T;
  /** Calls `listener` after every change; returns the function that stops it. */
  subscribe(listener: Listener<T>): () => void;
}

/** A Readable whose owner can replace the state. Internal to the models. */
export class Store<T> implements Readable<T> {
  private readonly listeners = new Set<Listener<T>>();

  constructor(private snapshot: T) {}

  getSnapshot = (): T => this.snapshot;

  subscribe = (listener: Listener<T>): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the state and notifies, unless `next` is the current object. */
  set(next: T): void {
    if (Object.is(next, this.snapshot)) return;
    this.snapshot = next;
    // A copy, so a listener that unsubscribes (or subscribes) during the loop is safe.
    for (const listener of [...this.listeners]) listener(next);
  }

  /** Shallow-merges `patch` into the state; notifies only if a field changed (by identity). */
  patch(patch: Partial<T>): void {
    const current = this.snapshot as Record<string, unknown>;
    const changed = Object.entries(patch).some(([key, value]) => !Object.is(current[key], value));
    if (changed) this.set({ ...this.snapshot, ...patch });
  }

  /** Drops every listener (dispose). */
  clear(): void {
    this.listeners.clear();
  }
}

/** The fields of `T` that hold an error message (string or null). */
type ErrorField<T> = { [K in keyof T]: T[K] extends string | null ? K : never }[keyof T];
/** The boolean fields of `T` (busy flags). */
type BusyField<T> = { [K in keyof T]: T[K] extends boolean ? K : never }[keyof T];

/**
 * Runs one user action for a model: clears `error` in `store`, sets `busy` (if given) while it
 * runs, and on failure puts the message a user sees (`messageOf`) in `error`. Resolves the
 * action's value, or null when it failed (actions whose value may be null resolve booleans).
 * While `busy` is set a second call resolves null without running: one press, one call, even
 * when the first waits offline for the connection (APP_SPEC § "On its way").
 */
export async function attempt<T, R>(
  store: Store<T>,
  fields: { error: ErrorField<T>; busy?: BusyField<T> },
  action: () => Promise<R>,
): Promise<R | null> {
  if (fields.busy && store.getSnapshot()[fields.busy] === true) return null;
  store.patch({
    [fields.error]: null,
    ...(fields.busy ? { [fields.busy]: true } : {}),
  } as Partial<T>);
  try {
    return await action();
  } catch (caught) {
    store.patch({ [fields.error]: messageOf(caught) } as Partial<T>);
    return null;
  } finally {
    if (fields.busy) store.patch({ [fields.busy]: false } as Partial<T>);
  }
}

/** `attempt` for an action whose value does not matter: resolves whether it succeeded. */
export async function attemptOk<T>(
  store: Store<T>,
  fields: { error: ErrorField<T>; busy?: BusyField<T> },
  action: () => Promise<unknown>,
): Promise<boolean> {
  return (await attempt(store, fields, async () => (await action(), true))) ?? false;
}
