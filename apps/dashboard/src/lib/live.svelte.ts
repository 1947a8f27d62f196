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

/**
 * Subscribes to the query `name` with `args()` (re-subscribing when they change); call from a
 * component's script. `args()` returning null pauses the subscription.
 */
export function live<T>(
  admin: Admin,
  name: string,
  args: () => Record<string, unknown> | null,
): Live<T> {
  let value = $state<T | undefined>(undefined);
  let error = $state<string | null>(null);
  let loading = $state(true);
  $effect(() => {
    const current = args();
    if (current === null) return;
    loading = true;
    const stop = admin.client.onUpdate(
      makeFunctionReference<"query">(name) as never,
      current as never,
      (next: unknown) => {
        value = next as T;
        error = null;
        loading = false;
      },
      (e: Error) => {
        error = e.message;
        loading = false;
      },
    );
    return () => stop();
  });
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
    get loading() {
      return loading;
    },
  };
}

/** Calls `read` now and every `intervalMs` while the component is mounted. */
export function polled<T>(read: () => Promise<T>, intervalMs: number): Live<T> {
  let value = $state<T | undefined>(undefined);
  let error = $state<string | null>(null);
  let loading = $state(true);
  $effect(() => {
    let stopped = false;
    const tick = async () => {
      try {
        const next = await read();
        if (stopped) return;
        value = next;
        error = null;
      } catch (e) {
        if (!stopped) error = (e as Error).message;
      }
      loading = false;
    };
    void tick();
    const timer = setInterval(tick, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  });
  return {
    get value() {
      return value;
    },
    get error() {
      return error;
    },
    get loading() {
      return loading;
    },
  };
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
