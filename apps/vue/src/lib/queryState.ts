// The one place convex-vue's query state is given the Svelte app's meaning. convex-vue's
// `useConvexQuery` reports `{ data, error, isPending }`: `isPending` is `data === undefined`,
// `data` becomes `null` on an error, and there is no "skip". convex-svelte (what apps/svelte
// reads) reports `{ data, error, isLoading, isStale }`: no data on error, `isLoading` only while
// nothing is known, and an earlier subscription's data kept (marked `isStale`) only with
// `keepPreviousData`. Pure, so it is unit-tested in Node; useQuery.ts feeds it.

export interface RawQueryState<T> {
  /** convex-vue's `data` for the current arguments: undefined until known, null after an error. */
  data: T | undefined | null;
  error: Error | null;
  isPending: boolean;
  /** The last data of an earlier subscription (earlier arguments), if any. */
  previous: T | undefined;
  /** The arguments are "skip": nothing is subscribed. */
  skipped: boolean;
}

export interface QueryState<T> {
  data: T | undefined;
  error: Error | null;
  isLoading: boolean;
  isStale: boolean;
}

export function normalizeQueryState<T>(
  raw: RawQueryState<T>,
  options: { keepPreviousData?: boolean } = {},
): QueryState<T> {
  if (raw.skipped) return { data: undefined, error: null, isLoading: false, isStale: false };
  if (raw.error !== null) {
    return { data: undefined, error: raw.error, isLoading: false, isStale: false };
  }
  // Not pending and no error: a result, null included (a query may return null).
  if (!raw.isPending) return { data: raw.data as T, error: null, isLoading: false, isStale: false };
  if (options.keepPreviousData && raw.previous !== undefined) {
    return { data: raw.previous, error: null, isLoading: false, isStale: true };
  }
  return { data: undefined, error: null, isLoading: true, isStale: false };
}
