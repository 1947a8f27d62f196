// Percentiles for the bench tables.

/** Nearest-rank percentile (p in 0..100) of ascending `sorted`; NaN when empty. */
function rankOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Nearest-rank percentile (p in 0..100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  return rankOf(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/** Count, p50, p95, p99 and max of `values` (sorted once; any number of samples). */
export function summary(values: readonly number[]) {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    n: values.length,
    p50: rankOf(list, 50),
    p95: rankOf(list, 95),
    p99: rankOf(list, 99),
    max: list.length === 0 ? NaN : list[list.length - 1]!,
  };
}
