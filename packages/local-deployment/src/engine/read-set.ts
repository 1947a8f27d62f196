/**
 * Read sets and write sets, the basis of reactivity: a query execution records every index range it
 * scanned (a `db.get` is a point range on `by_id`); a commit lists every index key it changed
 * (old and new keys of each written document). A subscription re-runs only when a commit's key
 * falls inside one of its ranges (source: convex-backend crates/database/src/reads.rs, the same idea).
 */

/** Half-open byte range `[lo, hi)` of encoded index keys; `hi` null = unbounded. */
export interface KeyRange {
  lo: Buffer;
  hi: Buffer | null;
}

export class ReadSet {
  readonly ranges = new Map<number, KeyRange[]>();

  add(indexId: number, lo: Buffer, hi: Buffer | null): void {
    let list = this.ranges.get(indexId);
    if (list === undefined) {
      list = [];
      this.ranges.set(indexId, list);
    }
    list.push({ lo, hi });
  }

  /** True when any written key lies in a recorded range of the same index. */
  intersects(writes: WriteKeys): boolean {
    for (const [indexId, keys] of writes) {
      const ranges = this.ranges.get(indexId);
      if (ranges === undefined) continue;
      for (const key of keys) {
        for (const r of ranges) {
          if (Buffer.compare(key, r.lo) >= 0 && (r.hi === null || Buffer.compare(key, r.hi) < 0)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}

/**
 * A pseudo-index for the catalog (tables, indexes, schema): a query that lists it records a read
 * of CATALOG_KEY here, and a commit that changed the catalog (a first insert into a new table)
 * writes that key, so e.g. the dashboard's table list re-runs. Real index ids start at 1.
 */
export const CATALOG_READ_ID = -1;
export const CATALOG_KEY = Buffer.alloc(0);

/** Index id → keys a commit added or removed. */
export type WriteKeys = Map<number, Buffer[]>;

export function mergeWriteKeys(into: WriteKeys, from: WriteKeys): void {
  for (const [indexId, keys] of from) {
    const list = into.get(indexId);
    if (list === undefined) into.set(indexId, [...keys]);
    else list.push(...keys);
  }
}
