// `useQuery` with convex-svelte's shape over convex-vue's `useConvexQuery`: arguments as a
// getter that may return "skip", and `{ data, error, isLoading, isStale }` (queryState.ts gives
// convex-vue's state that meaning). A new arguments object (the getter re-ran) is a new
// subscription, as with convex-svelte's effect; "Try again" relies on it.
import { useConvexQuery } from "convex-vue";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import {
  computed,
  effectScope,
  getCurrentInstance,
  onScopeDispose,
  shallowRef,
  toRaw,
  watch,
  type ComputedRef,
  type EffectScope,
  type MaybeRefOrGetter,
  toValue,
} from "vue";
import { normalizeQueryState, type QueryState } from "./queryState";

type Subscription<T> = ReturnType<typeof useConvexQuery<FunctionReference<"query">>> & {
  data: { value: T | undefined | null };
};

/** Call in a component's setup (it injects convex-vue's client). */
export function useQuery<Query extends FunctionReference<"query">>(
  query: Query,
  args: MaybeRefOrGetter<FunctionArgs<Query> | "skip">,
  options: { keepPreviousData?: boolean } = {},
): ComputedRef<QueryState<FunctionReturnType<Query>>> {
  type T = FunctionReturnType<Query>;
  const app = getCurrentInstance()?.appContext.app;
  if (!app) throw new Error("useQuery must be called in a component's setup");
  const current = shallowRef<Subscription<T> | null>(null);
  let previous: T | undefined;
  let scope: EffectScope | undefined;

  watch(
    () => toValue(args),
    (value) => {
      const last = current.value?.data.value;
      if (last !== undefined && last !== null) previous = toRaw(last) as T;
      scope?.stop();
      scope = undefined;
      if (value === "skip") {
        current.value = null;
        return;
      }
      scope = effectScope(true);
      // convex-vue injects its client: run with the app's context outside setup too.
      current.value = scope.run(() =>
        app.runWithContext(() =>
          (useConvexQuery as (q: Query, a: unknown) => Subscription<T>)(query, value),
        ),
      )!;
    },
    { immediate: true },
  );
  onScopeDispose(() => scope?.stop());

  return computed(() => {
    const q = current.value;
    return normalizeQueryState<T>(
      {
        data: q?.data.value,
        error: q?.error.value ?? null,
        isPending: q?.isPending.value ?? false,
        previous,
        skipped: q === null,
      },
      options,
    );
  });
}
