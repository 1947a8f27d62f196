/**
 * The database: snapshots, serialized commits with group commit, and commit notifications.
 *
 * Timestamps: every commit takes `oracle.next()` (u64 ns, strictly increasing, never below the
 * persisted high-water mark, so they never go backwards across restarts). A commit's rows are
 * appended to the open SQLite batch at once; on the next turn of the event loop the batch is
 * committed to the WAL and fsynced on the sync thread, and only once that fsync is done are its
 * commits acknowledged (`commit()` resolves) and announced to listeners. Mutations keep running
 * meanwhile, into the next batch. Reads see `durableTs`; mutations, which run one at a time, see
 * `latestTs` (their predecessors in the same batch), and fail together with them if the batch
 * cannot be written.
 */
import { jsonToConvex } from "convex/values";
import { Catalog, SYSTEM_INDEXES, type IndexDef, type TableDef } from "./catalog.js";
import { getField } from "./filter.js";
import { CATALOG_KEY, CATALOG_READ_ID, mergeWriteKeys, type WriteKeys } from "./read-set.js";
import {
  indexKeyOf,
  serializeDoc,
  Transaction,
  type CommittedWrite,
  type Doc,
} from "./transaction.js";
import type { IndexEntryRow, Persistence, RevisionRow } from "../storage/persistence.js";
import { newDocumentId } from "../values/ids.js";
import { TimestampOracle } from "../values/timestamp.js";

export type CommitListener = (ts: bigint, writes: WriteKeys) => void;

/** Batches committed to the WAL and waiting for their fsync (one syncing, one queued). */
const MAX_SYNCS_IN_FLIGHT = 2;

interface Waiter {
  ts: bigint;
  resolve: (ts: bigint) => void;
  reject: (e: Error) => void;
}

export class Database {
  readonly catalog: Catalog;
  readonly oracle: TimestampOracle;
  /** Newest timestamp whose commit is durable: the snapshot for reads and Transitions. */
  durableTs: bigint;
  /** Newest assigned commit timestamp (may still be in the open batch). */
  latestTs: bigint;
  private lastCreationTime = 0;
  private waiters: Waiter[] = [];
  private batchWrites: WriteKeys = new Map();
  private flushScheduled = false;
  /** Batches whose fsync is in flight, oldest first, each with its sync's number. */
  private syncing: { seq: number; waiters: Waiter[]; writes: WriteKeys }[] = [];
  /** Set when an fsync failed: no commit is acknowledged after that. */
  private failure: Error | null = null;
  private readonly listeners = new Set<CommitListener>();
  /** The catalog's version at the last commit (see CATALOG_READ_ID). */
  private catalogVersion: number;

  constructor(readonly persistence: Persistence) {
    this.catalog = new Catalog(persistence);
    const max = persistence.maxTimestamp();
    this.oracle = new TimestampOracle(max);
    this.durableTs = max;
    this.latestTs = max;
    const lastCreation = persistence.getMeta("last_creation_time");
    this.lastCreationTime = lastCreation === null ? 0 : Number(lastCreation);
    this.ensureSystemIndexes();
    persistence.onWalSettled = () => this.pollSync();
    this.catalogVersion = this.catalog.version;
  }

  /** Creates (and backfills) the deployment's own system indexes missing from an older data dir. */
  private ensureSystemIndexes(): void {
    let changed = false;
    for (const [tableName, indexes] of Object.entries(SYSTEM_INDEXES)) {
      const table = this.catalog.ensureTable(tableName);
      for (const { name, fields } of indexes) {
        if (table.indexes.has(name)) continue;
        const index = this.catalog.createIndex(table, name, fields);
        const entries = this.documentsOf(table).map(({ id, ts, doc }) => ({
          indexId: index.id,
          key: indexKeyOf(index, doc),
          ts,
          deleted: false,
          documentId: id,
        }));
        this.persistence.transaction(() => this.persistence.insertIndexEntries(entries));
        changed = true;
      }
    }
    if (changed) this.catalog.save();
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A read-only transaction at `snapshot` (default: the latest durable commit). */
  beginRead(snapshot: bigint = this.durableTs): Transaction {
    return new Transaction(this.persistence, this.catalog, snapshot, false);
  }

  /** A writable transaction at the latest commit. Callers run mutations one at a time. */
  beginWrite(): Transaction {
    return new Transaction(this.persistence, this.catalog, this.latestTs, true);
  }

  /**
   * `_creationTime` for a new document: float ms, strictly increasing across the deployment
   * (source: convex-backend crates/common/src/document.rs CreationTime::increment).
   */
  nextCreationTime(): number {
    const now = Date.now();
    const next = now > this.lastCreationTime ? now : nextUp(this.lastCreationTime);
    this.lastCreationTime = next;
    return next;
  }

  /**
   * Inserts a document into the system table `tableName` (created on first use) in `tx`, with a
   * new `_id` and `_creationTime`; returns the id. For the deployment's own records (scheduled
   * jobs, exports, imports), written by system mutations.
   */
  insertSystemDocument(
    tx: Transaction,
    tableName: string,
    fields: Record<string, unknown>,
  ): string {
    const table = this.catalog.ensureTable(tableName);
    const id = newDocumentId(table.number);
    tx.write(
      table,
      id,
      { ...fields, _id: id, _creationTime: this.nextCreationTime() } as Doc,
      true,
    );
    return id;
  }

  /** Sets `fields` of the system document `id` of `tableName` in `tx`; nothing if it is gone. */
  patchSystemDocument(
    tx: Transaction,
    tableName: string,
    id: string,
    fields: Record<string, unknown>,
  ): void {
    const current = tx.get(id);
    if (current !== null)
      tx.write(this.catalog.ensureTable(tableName), id, { ...current, ...fields } as Doc);
  }

  /**
   * Commits `tx`. Resolves with the commit timestamp once durable. A transaction with no writes
   * resolves at once with the latest timestamp. `sessionRequest` records the mutation's outcome for
   * `(sessionId, requestId)` dedupe in the same SQLite transaction.
   */
  commit(
    tx: Transaction,
    sessionRequest?: { sessionId: string; requestId: number; outcome: (ts: bigint) => string },
  ): Promise<bigint> {
    const writes = tx.committedWrites();
    if (writes.length === 0 && sessionRequest === undefined) {
      return Promise.resolve(this.latestTs > this.durableTs ? this.latestTs : this.durableTs);
    }
    if (this.failure !== null) return Promise.reject(this.failure);
    const ts = this.oracle.next();
    const { revisions, entries, writeKeys } = this.rowsOf(writes, ts);
    if (this.catalog.version !== this.catalogVersion) {
      // A table was created on the way (the catalog is saved at once, outside the batch).
      this.catalogVersion = this.catalog.version;
      writeKeys.set(CATALOG_READ_ID, [CATALOG_KEY]);
    }
    this.persistence.append(
      revisions,
      entries,
      ts,
      sessionRequest && { ...sessionRequest, outcome: sessionRequest.outcome(ts) },
    );
    this.latestTs = ts;
    mergeWriteKeys(this.batchWrites, writeKeys);
    // A busy loop learns here that the batch before has reached the disk (no turn of the loop).
    if (this.syncing.length > 0) queueMicrotask(() => this.pollSync());
    return new Promise((resolve, reject) => {
      this.waiters.push({ ts, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Resolves with `ts` once the commit at `ts` is durable (it may still be in the open batch, e.g.
   * when a re-sent mutation finds its first run's outcome before that run's batch is written).
   */
  whenDurable(ts: bigint): Promise<bigint> {
    if (ts <= this.durableTs) return Promise.resolve(ts);
    return new Promise((resolve, reject) => {
      this.waiters.push({ ts, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * The rows a commit appends (a revision per document, an entry per index key that changed) and
   * the index keys it removes and adds, for reactivity. Each key is encoded once.
   */
  private rowsOf(
    writes: CommittedWrite[],
    ts: bigint,
  ): { revisions: RevisionRow[]; entries: IndexEntryRow[]; writeKeys: WriteKeys } {
    const revisions: RevisionRow[] = [];
    const entries: IndexEntryRow[] = [];
    const writeKeys: WriteKeys = new Map();
    for (const w of writes) {
      revisions.push({
        id: w.id,
        ts,
        tableNumber: w.table.number,
        json: w.value === null ? null : serializeDoc(w.value),
        prevTs: null,
      });
      for (const index of w.table.indexes.values()) {
        const oldKey = w.base === null ? null : indexKeyOf(index, w.base);
        const newKey =
          w.value === null
            ? null
            : oldKey !== null && sameKeyFields(index, w.base!, w.value)
              ? oldKey
              : indexKeyOf(index, w.value);
        const changed = oldKey === null || newKey === null || !oldKey.equals(newKey);
        let keys = writeKeys.get(index.id);
        if (keys === undefined) writeKeys.set(index.id, (keys = []));
        if (oldKey !== null) keys.push(oldKey);
        if (newKey !== null && changed) keys.push(newKey);
        if (!changed) continue;
        // An unchanged key keeps its entry: readers load the newest revision of the document at
        // their snapshot, so re-writing the entry would only add versions every scan must skip.
        if (oldKey !== null)
          entries.push({ indexId: index.id, key: oldKey, ts, deleted: true, documentId: w.id });
        if (newKey !== null)
          entries.push({ indexId: index.id, key: newKey, ts, deleted: false, documentId: w.id });
      }
    }
    return { revisions, entries, writeKeys };
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Commits the open batch to the WAL and queues its fsync on the sync thread; `pollSync`
   * acknowledges it when the fsync is done. At most MAX_SYNCS_IN_FLIGHT batches wait for their
   * fsync: one syncing and the next queued behind it, so the thread starts the next as soon as
   * one returns; commits arriving meanwhile form a larger batch (pipelined group commit).
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.syncing.length > 0) this.pollSync();
    if (this.syncing.length >= MAX_SYNCS_IN_FLIGHT || this.failure !== null) return;
    const waiters = this.waiters;
    const writes = this.batchWrites;
    this.waiters = [];
    this.batchWrites = new Map();
    if (waiters.length === 0) return;
    try {
      // Inside the open batch: the creation-time high-water mark, once per batch.
      this.persistence.setMeta("last_creation_time", String(this.lastCreationTime));
      this.persistence.commitBatch();
    } catch (e) {
      this.persistence.rollbackBatch();
      this.latestTs = this.durableTs;
      const error = new Error(`Failed to persist commit: ${(e as Error).message}`);
      for (const w of waiters) w.reject(error);
      return;
    }
    this.syncing.push({ seq: this.persistence.startWalSync(), waiters, writes });
  }

  /** `durableTs`, after acknowledging the batches whose fsync has returned meanwhile. */
  latestDurableTs(): bigint {
    this.pollSync();
    return this.durableTs;
  }

  /**
   * Acknowledges the batches in flight whose fsync is done. Called on every commit and flush (a
   * busy loop sees the fsync end within a fraction of a millisecond) and when the sync thread
   * reports (an idle loop).
   */
  private pollSync(): void {
    if (this.syncing.length === 0) return;
    const sync = this.persistence.pollWalSync();
    if (sync.state === "failed") {
      const waiters = this.syncing.flatMap((batch) => batch.waiters);
      this.syncing = [];
      this.failDurability(sync.error, waiters);
      return;
    }
    let done = 0;
    while (done < this.syncing.length && this.syncing[done]!.seq <= sync.synced) done++;
    if (done === 0) return;
    const [first, ...rest] = this.syncing.splice(0, done);
    for (const batch of rest) {
      first!.waiters.push(...batch.waiters);
      mergeWriteKeys(first!.writes, batch.writes);
    }
    this.settle(first!.waiters, first!.writes);
    if (this.waiters.length > 0) this.scheduleFlush();
  }

  /** Acknowledges a durable batch's commits and tells listeners. */
  private settle(waiters: Waiter[], writes: WriteKeys): void {
    const ts = waiters.reduce((max, w) => (w.ts > max ? w.ts : max), this.durableTs);
    this.durableTs = ts;
    for (const w of waiters) w.resolve(w.ts);
    for (const listener of this.listeners) listener(ts, writes);
  }

  /** A failed fsync: committed rows may not be on disk, so nothing is acknowledged after it. */
  private failDurability(reason: string, waiters: Waiter[]): void {
    // As databases do on fsync errors: stop acknowledging anything.
    this.failure = new Error(`Failed to make commits durable (fsync of the WAL): ${reason}`);
    console.error(`[local-deployment] ${this.failure.message}`);
    for (const w of [...waiters, ...this.waiters]) w.reject(this.failure);
    this.waiters = [];
  }

  /** Resolves once every commit made so far is durable (or failed). */
  async drain(): Promise<void> {
    while ((this.syncing.length > 0 || this.waiters.length > 0) && this.failure === null) {
      this.flush();
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Live documents of a table at the latest commit (schema checks, index backfill). */
  documentsOf(table: TableDef): { id: string; ts: bigint; doc: Doc }[] {
    return this.persistence
      .latestDocumentsOfTable(table.number)
      .map((r) => ({ id: r.id, ts: r.ts, doc: jsonToConvex(JSON.parse(r.json)) as Doc }));
  }

  /** Tells listeners that everything may have changed (new functions or schema). */
  invalidateAll(): void {
    const all: WriteKeys = new Map();
    for (const table of this.catalog.tables()) {
      for (const index of table.indexes.values()) all.set(index.id, [Buffer.alloc(0)]);
    }
    for (const listener of this.listeners) listener(this.durableTs, all);
  }
}

/**
 * Whether `index`'s fields hold the same primitive values in both revisions, so the key is the
 * same without encoding it again (a patch of other fields; `_id` and `_creationTime` never change).
 * NaN and non-primitive values answer false: the encoding decides.
 */
function sameKeyFields(index: IndexDef, base: Doc, value: Doc): boolean {
  for (const field of index.keyFields) {
    const a = getField(base, field);
    const b = getField(value, field);
    // Object.is: -0 and 0 have different keys. NaNs may differ in payload, which keys keep.
    if (!Object.is(a, b) || Number.isNaN(a) || (typeof a === "object" && a !== null)) return false;
  }
  return true;
}

/** The next representable float64 above `x` (x finite, ≥ 0). */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}
