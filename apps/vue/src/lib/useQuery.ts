// `useQuery` with convex-svelte's shape: arguments as a getter that may return "skip", and
// `{ data, error, isLoading, isStale }` (queryState.ts gives the raw state that meaning). A new
// arguments object (the getter re-ran) is a new subscription, as with convex-svelte's effect;
// "Try again" relies on it.
//
// Built on ConvexClient.onUpdate rather than convex-vue's `useConvexQuery`: that one reads the
// cached result when it subscribes and throws when the cache holds the failure of the
// subscription just dropped, so re-subscribing after an error ("Try again") never happened.
import { useConvexClient } from "convex-vue";
import {
  getFunctionName,
  type FunctionArgs,
  type FunctionReference,
  type FunctionReturnType,
} from "convex/server";
import {
  computed,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
} from "vue";
import { normalizeQueryState, type QueryState } from "./queryState";

/** One subscription's raw state, in convex-vue's terms: `data` null after an error. */
interface Subscription<T> {
  data: T | undefined | null;
  error: Error | null;
}

/** Call in a component's setup (it injects convex-vue's client). */
export function useQuery<Query extends FunctionReference<"query">>(
  query: Query,
  args: MaybeRefOrGetter<FunctionArgs<Query> | "skip">,
  options: { keepPreviousData?: boolean } = {},
): ComputedRef<QueryState<FunctionReturnType<Query>>> {
  type T = FunctionReturnType<Query>;
  const client = useConvexClient();
  const current = shallowRef<Subscription<T> | null>(null);
  let previous: T | undefined;
  let unsubscribe: (() => void) | undefined;

  watch(
    () => toValue(args),
    (value) => {
      const last = current.value?.data;
      if (last !== undefined && last !== null) previous = last;
      unsubscribe?.();
      unsubscribe = undefined;
      if (value === "skip") {
        current.value = null;
        return;
      }
      let cached: T | undefined;
      try {
        cached = client.client.localQueryResult(getFunctionName(query), value) as T | undefined;
      } catch {
        // The failure of an earlier subscription: this one reports its own.
      }
      current.value = { data: cached, error: null };
      unsubscribe = client.onUpdate(
        query,
        value,
        (result) => (current.value = { data: result as T, error: null }),
        (error) => (current.value = { data: null, error }),
      );
    },
    { immediate: true },
  );
  onScopeDispose(() => unsubscribe?.());

  return computed(() => {
    const q = current.value;
    return normalizeQueryState<T>(
      {
        data: q?.data,
        error: q?.error ?? null,
        isPending: q !== null && q.data === undefined,
        previous,
        skipped: q === null,
      },
      options,
    );
  });
}
