// convex-vue has no paginated query (its issue #26): this is convex-svelte's
// `usePaginatedQuery` shape over ConvexClient.onPaginatedUpdate_experimental (convex@1.48),
// which keeps the pages and their cursors itself. Arguments as a getter; a new arguments
// object starts again from the first page.
import { useConvexClient } from "convex-vue";
import type { PaginationStatus } from "convex/browser";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
  PaginationOptions,
  PaginationResult,
} from "convex/server";
import { onScopeDispose, shallowRef, toValue, watch, type MaybeRefOrGetter } from "vue";

type PaginatedQuery = FunctionReference<
  "query",
  "public",
  { paginationOpts: PaginationOptions },
  PaginationResult<unknown>
>;
type Item<Q extends PaginatedQuery> = FunctionReturnType<Q>["page"][number];

export interface PaginatedState<T> {
  results: T[];
  status: PaginationStatus;
  error: Error | null;
}

/** Call in a component's setup. `loadMore` returns whether a page load started. */
export function usePaginatedQuery<Q extends PaginatedQuery>(
  query: Q,
  args: MaybeRefOrGetter<Omit<FunctionArgs<Q>, "paginationOpts">>,
  options: { initialNumItems: number },
) {
  const client = useConvexClient();
  const state = shallowRef<PaginatedState<Item<Q>>>({
    results: [],
    status: "LoadingFirstPage",
    error: null,
  });
  let loadMore: (numItems: number) => boolean = () => false;
  let stop: (() => void) | undefined;

  watch(
    () => toValue(args),
    (value) => {
      stop?.();
      state.value = { results: [], status: "LoadingFirstPage", error: null };
      // The callback may run before the call returns: read the subscription through a holder.
      const holder: { subscription?: ReturnType<typeof client.onPaginatedUpdate_experimental<Q>> } =
        {};
      const apply = () => {
        const current = holder.subscription?.getCurrentValue();
        if (!current) return;
        loadMore = current.loadMore;
        state.value = {
          results: current.results as Item<Q>[],
          status: current.status,
          error: null,
        };
      };
      holder.subscription = client.onPaginatedUpdate_experimental(
        query,
        value as FunctionArgs<Q>,
        { initialNumItems: options.initialNumItems },
        apply,
        (error) => {
          state.value = { ...state.value, error };
        },
      );
      apply(); // a cached value, when the callback did not run synchronously
      stop = () => holder.subscription?.unsubscribe();
    },
    { immediate: true },
  );
  onScopeDispose(() => stop?.());

  return { state, loadMore: (numItems: number) => loadMore(numItems) };
}
