// Query observers: one Convex query (or paginated query) subscription as a Readable, the way
// TanStack Query's QueryObserver turns a cache entry into state a framework can bind. Both apps
// read every query through these (via the chat, lobby, room, documents and profile models), so a
// query means the same thing in Svelte and in Vue:
//
//   QueryState      { data, error, isLoading, isStale }: convex-svelte's `useQuery` shape
//                   (convex-svelte@0.0.12 client.svelte.ts). No data on error; `isLoading` only
//                   while nothing is known; with `keepPreviousData` the last result of earlier
//                   arguments is kept, marked `isStale`, until the new one arrives.
//   PaginatedState  { results, status, error }: convex-svelte's `usePaginatedQuery` shape over
//                   ConvexClient.onPaginatedUpdate_experimental (convex@1.48
//                   browser/simple_client.ts), which keeps the pages and their cursors itself.
//
// Arguments change with `setArgs` (a new subscription; "skip" subscribes to nothing); `retry()`
// subscribes again with the same arguments, which re-runs a query that failed (ConvexClient drops
// a query with its last listener, so the next subscription asks the deployment afresh).
import type { PaginationStatus } from "convex/browser";
import type {
  FunctionArgs,
  FunctionReference,
  FunctionReturnType,
  PaginationOptions,
  PaginationResult,
} from "convex/server";
import type { ClientForQueries } from "./convex";
import { Store, type Readable } from "./store";

export interface QueryState<T> {
  /** The result for the current arguments (or, while `isStale`, for earlier ones). */
  data: T | undefined;
  error: Error | null;
  /** Subscribed and nothing known yet. */
  isLoading: boolean;
  /** `data` is an earlier arguments' result (`keepPreviousData`). */
  isStale: boolean;
}

export interface QueryObserver<Query extends FunctionReference<"query">> extends Readable<
  QueryState<FunctionReturnType<Query>>
> {
  /** Subscribes with new arguments ("skip": none), unless they equal the current ones. */
  setArgs(args: FunctionArgs<Query> | "skip"): void;
  /** Subscribes again with the same arguments (after an error: "Try again"). */
  retry(): void;
  dispose(): void;
}

const SKIPPED = { data: undefined, error: null, isLoading: false, isStale: false } as const;

/** Observes `query` with `args` ("skip": nothing) until `dispose()`. */
export function createQuery<Query extends FunctionReference<"query">>(
  client: ClientForQueries,
  query: Query,
  args: FunctionArgs<Query> | "skip",
  options: { keepPreviousData?: boolean } = {},
): QueryObserver<Query> {
  type T = FunctionReturnType<Query>;
  const store = new Store<QueryState<T>>(SKIPPED);
  let current: FunctionArgs<Query> | "skip" = "skip";
  let key = JSON.stringify("skip");
  let unsubscribe: (() => void) | undefined;
  let previous: T | undefined;

  const subscribe = (next: FunctionArgs<Query> | "skip") => {
    const last = store.getSnapshot();
    if (!last.isStale && last.data !== undefined) previous = last.data;
    unsubscribe?.();
    unsubscribe = undefined;
    current = next;
    if (next === "skip") return store.set(SKIPPED);
    store.set(
      options.keepPreviousData && previous !== undefined
        ? { data: previous, error: null, isLoading: false, isStale: true }
        : { data: undefined, error: null, isLoading: true, isStale: false },
    );
    let settled = false;
    const subscription = client.onUpdate(
      query,
      next,
      (data) => {
        settled = true;
        store.set({ data: data as T, error: null, isLoading: false, isStale: false });
      },
      (error) => {
        settled = true;
        store.set({ data: undefined, error, isLoading: false, isStale: false });
      },
    );
    unsubscribe = subscription;
    // A result the client already holds (another subscriber's) is shown at once rather than
    // after ConvexClient's next tick. A cached failure throws here: this subscription reports
    // its own through `onError`.
    try {
      const cached = subscription.getCurrentValue();
      if (!settled && cached !== undefined) {
        store.set({ data: cached as T, error: null, isLoading: false, isStale: false });
      }
    } catch {
      // see above
    }
  };

  const observer: QueryObserver<Query> = {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    setArgs(next) {
      const nextKey = JSON.stringify(next);
      if (nextKey === key) return;
      key = nextKey;
      subscribe(next);
    },
    retry: () => subscribe(current),
    dispose() {
      unsubscribe?.();
      unsubscribe = undefined;
      store.clear();
    },
  };
  observer.setArgs(args);
  return observer;
}

/** A query taking `paginationOpts` and returning a page (Convex's `paginate` result). */
export type PaginatedQueryReference = FunctionReference<
  "query",
  "public",
  { paginationOpts: PaginationOptions },
  PaginationResult<unknown>
>;
/** One item of a paginated query's pages. */
export type PaginatedItem<Q extends PaginatedQueryReference> =
  FunctionReturnType<Q>["page"][number];

export interface PaginatedState<T> {
  /** Every loaded page's items, in the query's order. */
  results: T[];
  /** "LoadingFirstPage" | "CanLoadMore" | "LoadingMore" | "Exhausted". */
  status: PaginationStatus;
  error: Error | null;
}

export interface PaginatedQueryObserver<Q extends PaginatedQueryReference> extends Readable<
  PaginatedState<PaginatedItem<Q>>
> {
  /** Loads `numItems` more; false when no page load started (none left, or one under way). */
  loadMore(numItems: number): boolean;
  dispose(): void;
}

/** Observes the first `initialNumItems` of `query` with `args`, more on `loadMore`. */
export function createPaginatedQuery<Q extends PaginatedQueryReference>(
  client: ClientForQueries,
  query: Q,
  args: Omit<FunctionArgs<Q>, "paginationOpts">,
  options: { initialNumItems: number },
): PaginatedQueryObserver<Q> {
  type T = PaginatedItem<Q>;
  const store = new Store<PaginatedState<T>>({
    results: [],
    status: "LoadingFirstPage",
    error: null,
  });
  let loadMore: (numItems: number) => boolean = () => false;
  // The callback may run before the call returns: read the subscription through a holder.
  const holder: {
    subscription?: ReturnType<ClientForQueries["onPaginatedUpdate_experimental"]>;
  } = {};
  const apply = () => {
    const value = holder.subscription?.getCurrentValue();
    if (!value) return;
    loadMore = value.loadMore;
    store.set({ results: value.results as T[], status: value.status, error: null });
  };
  holder.subscription = client.onPaginatedUpdate_experimental(
    query,
    args as FunctionArgs<Q>,
    { initialNumItems: options.initialNumItems },
    apply,
    (error) => store.patch({ error }),
  );
  apply(); // a cached value, when the callback did not run synchronously

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    loadMore: (numItems) => loadMore(numItems),
    dispose() {
      holder.subscription?.unsubscribe();
      store.clear();
    },
  };
}
