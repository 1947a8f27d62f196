/**
 * Mutation outcomes by `(sessionId, requestId)`, for dedupe: on reconnect the client re-sends
 * every mutation it has no answer for, with the same request id, and one that already ran must
 * get its recorded outcome instead of running again (convex-protocol.md "Idempotent mutations";
 * the official backend's `_session_requests`). Rows live in the `session_requests` table and are
 * written in the mutation's own batch.
 *
 * Outcomes are kept for SESSION_REQUEST_RETENTION_MS, as Convex keeps `_session_requests`, then
 * swept away (`sweep`): without it the table grows by a row per mutation for ever.
 */
import type Database from "better-sqlite3";
import { BoundedMap } from "../bounded-map.js";
import { logError } from "../log.js";

/** Sessions whose highest recorded request id is kept in memory (see `SessionRequests.last`). */
const SESSION_CACHE_SIZE = 10_000;

/**
 * How long an outcome is kept (ms): two weeks, Convex's default; a client gone that long cannot
 * re-send its mutations (source: convex-backend crates/common/src/knobs.rs
 * `MAX_SESSION_CLEANUP_DURATION`, applied by crates/application/src/system_table_cleanup).
 */
export const SESSION_REQUEST_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
/** A sweep runs this long after the deployment opens, then every SWEEP_INTERVAL_MS (ms). */
const FIRST_SWEEP_DELAY_MS = 60 * 1000;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/**
 * Rows a sweep examines per turn of the event loop (one read, then the deletes in one
 * transaction). 200,000 rows, half of them old, on 2 vCPUs: 287 ms in all, at most 3.7 ms a turn.
 */
const SWEEP_STEP_ROWS = 1_000;

type RequestKey = { sessionId: string; requestId: number };

export class SessionRequests {
  /**
   * Per session, the highest request id recorded (null: none), loaded on the first ask. A request
   * above it cannot have run before, so its lookup needs no SQL: the common case, as each mutation
   * carries a new id. Oldest-asked first out past SESSION_CACHE_SIZE.
   */
  private readonly last = new BoundedMap<string, number | null>(SESSION_CACHE_SIZE);
  private readonly stmts;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      get: db
        .prepare("SELECT ts, outcome FROM session_requests WHERE session_id = ? AND request_id = ?")
        .safeIntegers(true),
      last: db
        .prepare("SELECT MAX(request_id) AS last FROM session_requests WHERE session_id = ?")
        .safeIntegers(true),
      put: db.prepare(
        "INSERT OR REPLACE INTO session_requests (session_id, request_id, ts, outcome) VALUES (?, ?, ?, ?)",
      ),
      page: db
        .prepare(
          `SELECT session_id, request_id, ts FROM session_requests
           WHERE (session_id, request_id) > (?, ?) ORDER BY session_id, request_id LIMIT ?`,
        )
        .safeIntegers(true),
      remove: db.prepare("DELETE FROM session_requests WHERE session_id = ? AND request_id = ?"),
    };
    const sweepNow = () =>
      void this.sweep(BigInt(Date.now() - SESSION_REQUEST_RETENTION_MS) * 1_000_000n).catch(
        // A failed sweep loses nothing: the next one starts over.
        (e: unknown) => logError("sweeping old mutation outcomes failed:", e),
      );
    this.timers.push(
      setTimeout(sweepNow, FIRST_SWEEP_DELAY_MS).unref(),
      setInterval(sweepNow, SWEEP_INTERVAL_MS).unref(),
    );
  }

  /**
   * Deletes the outcomes committed before `cutoff` (u64 ns since the epoch, as commit timestamps
   * are), walking the table in key order `stepRows` rows per turn of the event loop so that no
   * turn is long. The deletes join the open group-commit batch if there is one (they need no
   * fsync of their own: a sweep that is lost runs again). Resolves with the number deleted; stops
   * early once `stop` was called.
   */
  async sweep(cutoff: bigint, stepRows = SWEEP_STEP_ROWS): Promise<number> {
    let after: RequestKey = { sessionId: "", requestId: -1 };
    let deleted = 0;
    while (!this.stopped) {
      const rows = this.stmts.page.all(after.sessionId, after.requestId, stepRows) as {
        session_id: string;
        request_id: bigint;
        ts: bigint;
      }[];
      const remove = () => {
        for (const row of rows)
          if (row.ts < cutoff)
            deleted += this.stmts.remove.run(row.session_id, row.request_id).changes;
      };
      // One transaction per step: the open batch's when there is one, else its own.
      if (this.db.inTransaction) remove();
      else this.db.transaction(remove)();
      if (rows.length < stepRows) break;
      const last = rows[rows.length - 1]!;
      after = { sessionId: last.session_id, requestId: Number(last.request_id) };
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  }

  /** Ends the periodic sweeps and any sweep under way (before the database closes). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  /** The recorded outcome of request `requestId` of `sessionId`, or null when it never ran. */
  get(sessionId: string, requestId: number): { ts: bigint; outcome: string } | null {
    let last = this.last.get(sessionId);
    if (last === undefined) {
      const row = this.stmts.last.get(sessionId) as { last: bigint | null };
      last = row.last === null ? null : Number(row.last);
      this.last.set(sessionId, last);
    }
    if (last === null || requestId > last) return null;
    const row = this.stmts.get.get(sessionId, requestId) as
      { ts: bigint; outcome: string } | undefined;
    return row ?? null;
  }

  /** Records an outcome (inside the caller's open transaction), committed at `ts`. */
  put(sessionId: string, requestId: number, ts: bigint, outcome: string): void {
    this.stmts.put.run(sessionId, requestId, ts, outcome);
    // Only a session already loaded is updated: an unknown one loads its highest id from SQL,
    // which sees this row (same connection).
    const last = this.last.get(sessionId);
    if (last !== undefined && (last === null || requestId > last))
      this.last.set(sessionId, requestId);
  }

  /** Forgets what is in memory (the batch that wrote some of it rolled back). */
  forget(): void {
    this.last.clear();
  }
}
