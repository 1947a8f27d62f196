/**
 * A scan of one index range that remembers where the range's live entries start.
 *
 * The store keeps every version of every index entry, so a range that entries keep leaving
 * (pending jobs turning `success`, crons moving `nextTs` forward) fills with superseded entries,
 * and a scan from the range's start steps over all of them again: O(jobs ever run) per scan, and
 * the scheduler scans several times per job. Here scans start at a floor instead.
 *
 * Invariant: at the latest durable commit, every live entry of the range has a key ≥ `floor`.
 * - A scan at the latest durable snapshot raises the floor to the first live key it finds, or to
 *   the end of what it scanned when it finds none.
 * - `onCommit` (called for every durable commit, after the commit is visible to new snapshots)
 *   lowers it to any key the commit wrote below it; `"all"` forgets it.
 * So a job scheduled in the past, or a cron moved earlier, is never skipped.
 */
import type { Database } from "../engine/database.js";
import { plan, type RangeExpr } from "../engine/query.js";
import type { WriteKeys } from "../engine/read-set.js";
import type { Doc } from "../engine/transaction.js";

export class FloorScan {
  private floor: Buffer | null = null;

  /** `table.index`, and the `Eq` prefix every scan of this range starts with. */
  constructor(
    private readonly db: Database,
    private readonly table: string,
    private readonly index: string,
    private readonly prefix: RangeExpr[],
  ) {}

  onCommit(writes: WriteKeys | "all"): void {
    if (this.floor === null) return;
    if (writes === "all") {
      this.floor = null;
      return;
    }
    const id = this.db.catalog.table(this.table)?.indexes.get(this.index)?.id;
    for (const key of (id === undefined ? undefined : writes.get(id)) ?? []) {
      if (Buffer.compare(key, this.floor) < 0) this.floor = key;
    }
  }

  /**
   * Live documents of the range with `upper` (if any) at the latest durable commit, in key order,
   * at most `limit`. Documents whose id `skip` accepts (at most `skips` of them) are passed over
   * without being loaded: the scheduler's started jobs, still pending in storage.
   */
  scan(upper: RangeExpr | null, limit: number, skip?: (id: string) => boolean, skips = 0): Doc[] {
    const tx = this.db.beginRead();
    const range = upper === null ? this.prefix : [...this.prefix, upper];
    const p = plan(tx, {
      source: { type: "IndexRange", indexName: `${this.table}.${this.index}`, range, order: "asc" },
      operators: [],
    });
    if (p === null) return []; // the table does not exist yet
    let lo = this.floor !== null && Buffer.compare(this.floor, p.lo) > 0 ? this.floor : p.lo;
    const out: Doc[] = [];
    let first: Buffer | null = null;
    let exhausted = false;
    // Small first batch (usually one job is wanted), growing for long scans; bounded by the range.
    let batch = Math.min(128, 8 + skips);
    while (out.length < limit) {
      const scanned = tx.persistence.scan(p.index.id, lo, p.hi, tx.snapshot, "asc", batch);
      for (const hit of scanned.hits) {
        first ??= hit.key;
        if (skip?.(hit.documentId) || out.length >= limit) continue;
        const doc = tx.loadForScan(hit.documentId);
        if (doc !== null) out.push(doc);
      }
      if (scanned.exhausted || scanned.lastKey === null) {
        exhausted = true;
        break;
      }
      lo = Buffer.concat([scanned.lastKey, Buffer.from([0])]);
      batch = Math.min(128, batch * 4);
    }
    const reached = first ?? (exhausted ? p.hi : null);
    if (reached !== null && (this.floor === null || Buffer.compare(reached, this.floor) > 0))
      this.floor = reached;
    return out;
  }
}
