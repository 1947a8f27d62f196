/**
 * SQLite persistence: an append-only MVCC log of document revisions plus index entries, both keyed
 * by commit timestamp, the way Convex's own local backend lays out its SQLite database
 * (source: convex-backend crates/sqlite/src/lib.rs — `documents` and `indexes` tables).
 *
 * - `documents(id, ts, table_number, json, prev_ts)`: one row per revision; `json` NULL = deleted.
 * - `indexes(index_id, key, ts, deleted, document_id)`: one row per index entry change; `key` is
 *   the order-preserving encoding of `[...fields, _creationTime, _id]` (values/index-key.ts).
 *   Reading an index at snapshot `ts` = newest row per key with `row.ts <= ts`, skipping tombstones.
 *
 * Timestamps are u64 nanoseconds since the Unix epoch, carried as bigint (SQLite INTEGER is i64,
 * enough until the year 2262). The database runs in WAL mode with `synchronous = NORMAL`: a COMMIT
 * lands in the WAL at once, and `startWalSync` (an fdatasync of the WAL on its own thread,
 * wal-syncer.ts) makes it durable — the same guarantee `synchronous = FULL` gives. The
 * deployment acknowledges writes only after that sync. Checkpoints run on another thread
 * (checkpointer.ts), never inside a commit.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { BoundedMap } from "../bounded-map.js";
import { ScanCache } from "./scan-cache.js";
import { WalSyncer, type WalSyncState } from "./wal-syncer.js";
import { Checkpointer } from "./checkpointer.js";
import { SessionRequests } from "./session-requests.js";

export interface RevisionRow {
  id: string;
  ts: bigint;
  tableNumber: number;
  /** Convex-encoded JSON text of the document, or null for a deletion. */
  json: string | null;
  prevTs: bigint | null;
}

export interface IndexEntryRow {
  indexId: number;
  key: Buffer;
  ts: bigint;
  deleted: boolean;
  documentId: string;
}

/** Latest visible entry of one index key at a snapshot. */
export interface IndexHit {
  key: Buffer;
  documentId: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id TEXT NOT NULL, ts INTEGER NOT NULL, table_number INTEGER NOT NULL,
  json TEXT, prev_ts INTEGER, PRIMARY KEY (id, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS indexes (
  index_id INTEGER NOT NULL, key BLOB NOT NULL, ts INTEGER NOT NULL,
  deleted INTEGER NOT NULL, document_id TEXT NOT NULL,
  PRIMARY KEY (index_id, key, ts)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS session_requests (
  session_id TEXT NOT NULL, request_id INTEGER NOT NULL, ts INTEGER NOT NULL, outcome TEXT NOT NULL,
  PRIMARY KEY (session_id, request_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS used_upload_tokens (
  nonce TEXT PRIMARY KEY, expires INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Documents whose newest revision `Persistence` keeps in memory (see `newest`). */
const REVISION_CACHE_SIZE = 20_000;

type DocRow = { ts: bigint; table_number: bigint; json: string | null };
type NewestRevision = { ts: bigint; tableNumber: number; json: string | null };

export class Persistence {
  readonly db: Database.Database;
  private readonly stmts;
  private inBatch = false;
  /** The SQLite database file. */
  readonly file: string;
  private walFd: number | null = null;
  /** The newest WAL sync seen to return (`pollWalSync`). */
  private lastWalSynced = 0;
  private readonly walSyncer = new WalSyncer(() => this.onWalSettled());
  /** Called when the sync thread reports (wakes an idle event loop); the database sets it. */
  onWalSettled: () => void = () => undefined;
  /** Index scans answered from memory while their index is unchanged (scan-cache.ts). */
  private readonly scans = new ScanCache();
  private readonly checkpointer: Checkpointer;
  /**
   * The newest revision of recently read or written documents (json null: deleted), so that a
   * read at a snapshot at or after it needs no SQL. Oldest-cached first out past
   * REVISION_CACHE_SIZE; cleared when a batch rolls back.
   */
  private readonly newest = new BoundedMap<string, NewestRevision>(REVISION_CACHE_SIZE);
  /** Mutation outcomes for dedupe (session-requests.ts). */
  private readonly sessionRequests: SessionRequests;
  /** Highest timestamp appended to the open batch; `max_ts` is written once per batch. */
  private batchMaxTs: bigint | null = null;

  /** Opens (creating if needed) `<dataDir>/convex_local_backend.sqlite3`. */
  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, "convex_local_backend.sqlite3");
    this.db = new Database(this.file);
    this.db.pragma("journal_mode = WAL");
    // COMMIT appends to the WAL without fsync; `startWalSync` makes it durable off the event loop.
    // (With synchronous=NORMAL, SQLite still syncs around checkpoints.)
    this.db.pragma("synchronous = NORMAL");
    // Checkpoints run in a worker thread (checkpointer.ts), not inside a group commit.
    this.db.pragma("wal_autocheckpoint = 0");
    this.db.exec(SCHEMA);
    this.checkpointer = new Checkpointer(this.file);
    this.sessionRequests = new SessionRequests(this.db);
    const db = this.db;
    this.stmts = {
      insertDoc: db.prepare(
        "INSERT INTO documents (id, ts, table_number, json, prev_ts) VALUES (?, ?, ?, ?, ?)",
      ),
      insertIndex: db.prepare(
        "INSERT OR REPLACE INTO indexes (index_id, key, ts, deleted, document_id) VALUES (?, ?, ?, ?, ?)",
      ),
      newestDoc: db
        .prepare(
          "SELECT ts, table_number, json FROM documents WHERE id = ? ORDER BY ts DESC LIMIT 1",
        )
        .safeIntegers(true),
      latestDoc: db
        .prepare(
          "SELECT ts, table_number, json FROM documents WHERE id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1",
        )
        .safeIntegers(true),
      scanAsc: db
        .prepare(
          `SELECT key, ts, deleted, document_id FROM indexes
           WHERE index_id = ? AND key >= ? AND key < ? AND ts <= ?
           ORDER BY key ASC, ts DESC LIMIT ?`,
        )
        .safeIntegers(true),
      scanAscOpen: db
        .prepare(
          `SELECT key, ts, deleted, document_id FROM indexes
           WHERE index_id = ? AND key >= ? AND ts <= ?
           ORDER BY key ASC, ts DESC LIMIT ?`,
        )
        .safeIntegers(true),
      scanDesc: db
        .prepare(
          `SELECT key, ts, deleted, document_id FROM indexes
           WHERE index_id = ? AND key >= ? AND key < ? AND ts <= ?
           ORDER BY key DESC, ts DESC LIMIT ?`,
        )
        .safeIntegers(true),
      scanDescOpen: db
        .prepare(
          `SELECT key, ts, deleted, document_id FROM indexes
           WHERE index_id = ? AND key >= ? AND ts <= ?
           ORDER BY key DESC, ts DESC LIMIT ?`,
        )
        .safeIntegers(true),
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      rollback: db.prepare("ROLLBACK"),
      getMeta: db.prepare("SELECT value FROM meta WHERE name = ?"),
      // An upsert, not INSERT OR REPLACE: REPLACE deletes the row and inserts it again under a new
      // rowid at the table's end, so the two values written every batch (max_ts,
      // last_creation_time) dirtied ~4 pages per commit (old leaf, new leaf, interior, name index)
      // instead of the one leaf they sit on.
      setMeta: db.prepare(
        "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      ),
      forgetUploadTokens: db.prepare("DELETE FROM used_upload_tokens WHERE expires < ?"),
      useUploadToken: db.prepare(
        "INSERT OR IGNORE INTO used_upload_tokens (nonce, expires) VALUES (?, ?)",
      ),
      allLatest: db
        .prepare(
          `SELECT d.id, d.ts, d.table_number, d.json FROM documents d
           WHERE d.table_number = ? AND d.ts = (SELECT MAX(ts) FROM documents WHERE id = d.id)`,
        )
        .safeIntegers(true),
    };
  }

  /** Largest commit timestamp ever written: the high-water mark `append` keeps in `meta`. */
  maxTimestamp(): bigint {
    const mark = this.getMeta("max_ts");
    return mark === null ? 0n : BigInt(mark);
  }

  getMeta(name: string): string | null {
    const row = this.stmts.getMeta.get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(name: string, value: string): void {
    this.stmts.setMeta.run(name, value);
  }

  /** Newest revision of `id` with `ts <= snapshot`; null when absent or deleted. */
  latestRevision(
    id: string,
    snapshot: bigint,
  ): { ts: bigint; tableNumber: number; json: string } | null {
    let newest = this.newest.get(id);
    if (newest === undefined) {
      const row = this.stmts.newestDoc.get(id) as DocRow | undefined;
      if (row === undefined) return null;
      newest = { ts: row.ts, tableNumber: Number(row.table_number), json: row.json };
      this.newest.set(id, newest);
    }
    if (newest.ts <= snapshot) {
      const { ts, tableNumber, json } = newest;
      return json === null ? null : { ts, tableNumber, json };
    }
    // A snapshot older than the newest revision: the history answers.
    const row = this.stmts.latestDoc.get(id, snapshot) as DocRow | undefined;
    if (row === undefined || row.json === null) return null;
    return { ts: row.ts, tableNumber: Number(row.table_number), json: row.json };
  }

  /**
   * Up to `limit` visible index hits in `[lo, hi)` (hi null = unbounded) at `snapshot`, in key
   * order. Returns the hits and the last raw key examined, for continuing the scan.
   */
  scan(
    indexId: number,
    lo: Buffer,
    hi: Buffer | null,
    snapshot: bigint,
    order: "asc" | "desc",
    limit: number,
  ): { hits: IndexHit[]; exhausted: boolean; lastKey: Buffer | null } {
    const key = ScanCache.keyOf(indexId, lo, hi, order, limit);
    const cached = this.scans.get(key, indexId, snapshot);
    if (cached !== undefined) return cached;
    const s = this.stmts;
    const rows = (
      order === "asc"
        ? hi === null
          ? s.scanAscOpen.all(indexId, lo, snapshot, limit)
          : s.scanAsc.all(indexId, lo, hi, snapshot, limit)
        : hi === null
          ? s.scanDescOpen.all(indexId, lo, snapshot, limit)
          : s.scanDesc.all(indexId, lo, hi, snapshot, limit)
    ) as { key: Buffer; ts: bigint; deleted: bigint; document_id: string }[];
    const hits: IndexHit[] = [];
    let previous: Buffer | null = null;
    for (const row of rows) {
      if (previous !== null && previous.equals(row.key)) continue;
      previous = row.key;
      if (row.deleted === 0n) hits.push({ key: row.key, documentId: row.document_id });
    }
    const answer = { hits, exhausted: rows.length < limit, lastKey: previous };
    this.scans.set(key, indexId, snapshot, answer);
    return answer;
  }

  /** Every live document of a table at the latest timestamp (index backfill, schema checks). */
  latestDocumentsOfTable(tableNumber: number): { id: string; ts: bigint; json: string }[] {
    const rows = this.stmts.allLatest.all(tableNumber) as {
      id: string;
      ts: bigint;
      json: string | null;
    }[];
    return rows.filter((r): r is { id: string; ts: bigint; json: string } => r.json !== null);
  }

  /**
   * Deletes mutation outcomes committed before `cutoff` (ns); the deployment does this for those
   * older than two weeks on its own (session-requests.ts). Resolves with the number deleted.
   */
  sweepSessionRequests(cutoff: bigint, stepRows?: number): Promise<number> {
    return this.sessionRequests.sweep(cutoff, stepRows);
  }

  /** The recorded outcome of request `requestId` of `sessionId`, or null when it never ran. */
  sessionRequest(sessionId: string, requestId: number): { ts: bigint; outcome: string } | null {
    return this.sessionRequests.get(sessionId, requestId);
  }

  /**
   * Records an upload token's nonce as used. False when it was used before (upload URLs are
   * single-use). Forgets nonces whose token has expired (`expiresMs`, ms since the epoch).
   */
  consumeUploadToken(nonce: string, expiresMs: number, nowMs = Date.now()): boolean {
    this.stmts.forgetUploadTokens.run(nowMs);
    return this.stmts.useUploadToken.run(nonce, expiresMs).changes === 1;
  }

  /** Writes index entries directly (index backfill); call inside `transaction`. */
  insertIndexEntries(entries: IndexEntryRow[]): void {
    this.scans.clear();
    for (const e of entries)
      this.stmts.insertIndex.run(e.indexId, e.key, e.ts, e.deleted ? 1 : 0, e.documentId);
  }

  /** Removes every entry of a dropped index. */
  deleteIndexEntries(indexId: number): void {
    this.scans.clear();
    this.db.prepare("DELETE FROM indexes WHERE index_id = ?").run(indexId);
  }

  /** Starts a group-commit batch if none is open. Rows written until `commitBatch` share one fsync. */
  beginBatch(): void {
    if (this.inBatch) return;
    this.stmts.begin.run();
    this.inBatch = true;
  }

  /** Appends one committed transaction's rows to the open batch. */
  append(
    revisions: RevisionRow[],
    entries: IndexEntryRow[],
    ts: bigint,
    sessionRequest?: { sessionId: string; requestId: number; outcome: string },
  ): void {
    this.beginBatch();
    const s = this.stmts;
    for (const r of revisions) {
      s.insertDoc.run(r.id, r.ts, r.tableNumber, r.json, r.prevTs);
      const known = this.newest.get(r.id);
      if (known === undefined || r.ts >= known.ts)
        this.newest.set(r.id, { ts: r.ts, tableNumber: r.tableNumber, json: r.json });
    }
    for (const e of entries) {
      s.insertIndex.run(e.indexId, e.key, e.ts, e.deleted ? 1 : 0, e.documentId);
      this.scans.noteWrite(e.indexId, e.ts);
    }
    if (sessionRequest !== undefined) {
      const { sessionId, requestId, outcome } = sessionRequest;
      this.sessionRequests.put(sessionId, requestId, ts, outcome);
    }
    if (this.batchMaxTs === null || ts > this.batchMaxTs) this.batchMaxTs = ts;
  }

  /**
   * Starts making every batch committed so far durable: an fdatasync of the WAL on the sync thread
   * (wal-syncer.ts), queued behind those in flight. Returns its number for `pollWalSync`.
   */
  startWalSync(): number {
    return this.walSyncer.start(this.walDescriptor());
  }

  /**
   * Where the WAL syncs stand: the number of the newest that returned (each one that did is also
   * a cue for a checkpoint), or "failed"; after "failed", acknowledged-looking data may be lost
   * and the caller must stop.
   */
  pollWalSync(): WalSyncState {
    const sync = this.walSyncer.poll();
    if (sync.state === "ok" && sync.synced > this.lastWalSynced) {
      this.lastWalSynced = sync.synced;
      this.checkpointer.request();
    }
    return sync;
  }

  private walDescriptor(): number {
    if (this.walFd === null) this.walFd = fs.openSync(`${this.file}-wal`, "r");
    return this.walFd;
  }

  /** Commits the open batch into the WAL (not yet fsynced: see `startWalSync`). */
  commitBatch(): void {
    if (!this.inBatch) return;
    if (this.batchMaxTs !== null) {
      // The high-water mark, once per batch, in the batch's own transaction.
      this.stmts.setMeta.run("max_ts", this.batchMaxTs.toString());
      this.batchMaxTs = null;
    }
    this.stmts.commit.run();
    this.inBatch = false;
  }

  /** Throws away the open batch (a failed fsync, for example). */
  rollbackBatch(): void {
    if (!this.inBatch) return;
    this.inBatch = false;
    this.batchMaxTs = null;
    this.newest.clear();
    this.scans.clear();
    this.sessionRequests.forget();
    // A failed COMMIT may already have ended the transaction.
    if (this.db.inTransaction) this.stmts.rollback.run();
  }

  /** Runs `fn` in its own SQLite transaction, outside any group-commit batch. */
  transaction<T>(fn: () => T): T {
    if (this.inBatch) this.commitBatch();
    return this.db.transaction(fn)();
  }

  /**
   * Closes the database, then ends the checkpoint and sync threads; resolves when they have
   * exited (a checkpoint may still be writing the files until then).
   */
  async close(): Promise<void> {
    this.sessionRequests.stop();
    if (this.inBatch) this.commitBatch();
    if (this.walFd !== null) fs.closeSync(this.walFd);
    this.walFd = null;
    this.db.close();
    await Promise.all([this.checkpointer.close(), this.walSyncer.close()]);
  }
}
