/**
 * Mutation outcomes by `(sessionId, requestId)`, for dedupe: on reconnect the client re-sends
 * every mutation it has no answer for, with the same request id, and one that already ran must
 * get its recorded outcome instead of running again (convex-protocol.md "Idempotent mutations";
 * the official backend's `_session_requests`). Rows live in the `session_requests` table and are
 * written in the mutation's own batch.
 */
import type Database from "better-sqlite3";
import { BoundedMap } from "../bounded-map.js";

/** Sessions whose highest recorded request id is kept in memory (see `SessionRequests.last`). */
const SESSION_CACHE_SIZE = 10_000;

export class SessionRequests {
  /**
   * Per session, the highest request id recorded (null: none), loaded on the first ask. A request
   * above it cannot have run before, so its lookup needs no SQL: the common case, as each mutation
   * carries a new id. Oldest-asked first out past SESSION_CACHE_SIZE.
   */
  private readonly last = new BoundedMap<string, number | null>(SESSION_CACHE_SIZE);
  private readonly stmts;

  constructor(db: Database.Database) {
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
    };
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
