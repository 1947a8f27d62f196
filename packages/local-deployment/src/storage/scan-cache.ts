/**
 * Index scans answered from memory while their index has not changed.
 *
 * A scan's answer at snapshot S (the visible entries of `[lo, hi)`, in order, up to `limit`)
 * equals its answer at snapshot T when no entry of that index was written with a timestamp
 * between the two. Every entry written goes through `noteWrite(indexId, ts)`, so an answer cached
 * at S serves a scan at T while `lastWrite(index) <= min(S, T)`. Most hot writes write no entry at
 * all: a patch that keeps a document's index keys leaves its entries alone (engine/database.ts),
 * so ten pointer moves a second do not invalidate the room's cursor range, and a mutation's
 * `.unique()` on it reads no SQL.
 *
 * Granularity is the index (any write to an index invalidates its cached ranges), the cheapest
 * rule that is exact. Entries written outside commits (index backfill, a dropped index) and a
 * rolled-back batch clear the whole cache. Answers are shared: callers must not mutate them.
 */
import { BoundedMap } from "../bounded-map.js";
import type { IndexHit } from "./persistence.js";

export interface ScanAnswer {
  hits: IndexHit[];
  exhausted: boolean;
  lastKey: Buffer | null;
}

/** Cached answers kept (least recently used dropped first). */
export const SCAN_CACHE_ENTRIES = 4_096;
/** Hits kept across all answers (~100 bytes each), least recently used answers dropped first. */
export const SCAN_CACHE_TOTAL_HITS = 65_536;
/** Answers with more hits than this are not kept (long scans are rare and big). */
export const SCAN_CACHE_MAX_HITS = 512;

export class ScanCache {
  private readonly answers = new BoundedMap<string, { at: bigint; answer: ScanAnswer }>(
    SCAN_CACHE_ENTRIES,
    (_key, dropped) => (this.hits -= dropped.answer.hits.length),
  );
  private hits = 0;
  /** Per index: the newest timestamp of an entry written to it. */
  private readonly lastWrite = new Map<number, bigint>();

  static keyOf(
    indexId: number,
    lo: Buffer,
    hi: Buffer | null,
    order: "asc" | "desc",
    limit: number,
  ): string {
    return `${indexId}|${order}|${limit}|${lo.toString("latin1")}|${hi === null ? "" : `+${hi.toString("latin1")}`}`;
  }

  /** The answer cached under `key` if it holds at `snapshot`, else undefined. */
  get(key: string, indexId: number, snapshot: bigint): ScanAnswer | undefined {
    const cached = this.answers.get(key);
    if (cached === undefined) return undefined;
    const written = this.lastWrite.get(indexId) ?? -1n;
    if (written > cached.at) {
      this.forget(key); // never valid again: a newer answer will replace it
      return undefined;
    }
    if (written > snapshot) return undefined;
    this.answers.touch(key);
    return cached.answer;
  }

  /** Keeps `answer`, read at `snapshot`. */
  set(key: string, indexId: number, snapshot: bigint, answer: ScanAnswer): void {
    if (answer.hits.length > SCAN_CACHE_MAX_HITS) return;
    // Read before the index's newest write: it could serve no other snapshot.
    if ((this.lastWrite.get(indexId) ?? -1n) > snapshot) return;
    this.forget(key);
    this.answers.set(key, { at: snapshot, answer });
    this.hits += answer.hits.length;
    while (this.hits > SCAN_CACHE_TOTAL_HITS && this.answers.evictOldest());
  }

  private forget(key: string): void {
    const cached = this.answers.get(key);
    if (cached === undefined) return;
    this.answers.delete(key);
    this.hits -= cached.answer.hits.length;
  }

  /** An entry of `indexId` was written at `ts`. */
  noteWrite(indexId: number, ts: bigint): void {
    const known = this.lastWrite.get(indexId);
    if (known === undefined || ts > known) this.lastWrite.set(indexId, ts);
  }

  /** Forgets every answer (entries written with past timestamps, or a rolled-back batch). */
  clear(): void {
    this.answers.clear();
    this.hits = 0;
  }

  /** Answers and hits kept: the memory the cache holds. */
  get size(): { answers: number; hits: number } {
    return { answers: this.answers.size, hits: this.hits };
  }
}
