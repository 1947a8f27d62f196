/**
 * Reactive reads for the dashboard's pages (Svelte 5 runes): `live` subscribes to a query and
 * follows its arguments; `polled` re-fetches an endpoint on an interval.
 */
import { makeFunctionReference } from "convex/server";
import type { Admin } from "./admin";

export interface Live<T> {
  readonly value: T | undefined;
  readonly error: string | null;
  readonly loading: boolean;
}

/** The reactive state behind `live` and `polled`. */
class LiveState<T> implements Live<T> {
  value = $state<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(true);
}

/**
 * Subscribes to the query `name` with `args()` (re-subscribing when they change); call from a
 * component's script. `args()` returning null pauses the subscription.
 */
export function live<T>(
  admin: Admin,
  name: string,
  args: () => Record<string, unknown> | null,
): Live<T> {
  const state = new LiveState<T>();
  $effect(() => {
    const current = args();
    if (current === null) return;
    state.loading = true;
    const stop = admin.client.onUpdate(
      makeFunctionReference<"query">(name) as never,
      current as never,
      (next: unknown) => {
        state.value = next as T;
        state.error = null;
        state.loading = false;
      },
      (e: Error) => {
        state.error = e.message;
        state.loading = false;
      },
    );
    return () => stop();
  });
  return state;
}

/** Calls `read` now and every `intervalMs` while the component is mounted. */
export function polled<T>(read: () => Promise<T>, intervalMs: number): Live<T> {
  const state = new LiveState<T>();
  $effect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const next = await read();
        if (stopped) return;
        state.value = next;
        state.error = null;
      } catch (e) {
        if (!stopped) state.error = (e as Error).message;
      }
      state.loading = false;
    };
    void tick();
    const timer = setInterval(tick, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  });
  return state;
}

/** `JSON.parse` of a text field, with the error a form shows. */
export function parseJson(
  text: string,
  what: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: `${what} is not valid JSON: ${(e as Error).message}` };
  }
}
