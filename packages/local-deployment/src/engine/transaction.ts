/**
 * A transaction: reads at one snapshot timestamp, buffers writes, and records its read set.
 *
 * Queries get a read-only transaction at the snapshot of their request. Mutations run one at a
 * time (the deployment serializes them), so a mutation's snapshot is the latest commit and its
 * commit is serializable without OCC retries — the local equivalent Convex's docs and convex-test
 * use (source: convex-protocol.md c.7). Nested `ctx.runMutation` runs in a child transaction whose
 * writes fold into the parent on success and vanish on throw.
 */
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import type { Catalog, IndexDef, TableDef } from "./catalog.js";
import { getField } from "./filter.js";
import { CATALOG_KEY, CATALOG_READ_ID, ReadSet } from "./read-set.js";
import { encodeIndexKey, tuplePrefixEnd, valueTuple } from "../values/index-key.js";
import { tableNumberOfId } from "../values/ids.js";
import type { Persistence } from "../storage/persistence.js";

export type Doc = Record<string, Value>;

/** Official per-transaction limits (source: Convex docs "Limits"; convex@1.48 server/meta.ts). */
export const LIMITS = {
  documentsRead: 32_000,
  documentsWritten: 16_000,
  bytesRead: 16 * 1024 * 1024,
  bytesWritten: 16 * 1024 * 1024,
  documentSize: 1024 * 1024,
} as const;

export class LimitError extends Error {}

interface PendingWrite {
  table: TableDef;
  /** The document as of the snapshot (null = did not exist). */
  base: Doc | null;
  /** The document after this transaction (null = deleted). */
  value: Doc | null;
}

/** One document's effect, ready for persistence. */
export interface CommittedWrite {
  id: string;
  table: TableDef;
  base: Doc | null;
  value: Doc | null;
}

export class Transaction {
  readonly readSet: ReadSet;

  /**
   * Records a read of the catalog (which tables exist): a commit that creates a table makes the
   * execution re-run (read-set.ts CATALOG_READ_ID).
   */
  readCatalog(): void {
    this.readSet.add(CATALOG_READ_ID, CATALOG_KEY, null);
  }
  readonly writes = new Map<string, PendingWrite>();
  /** Work to do once this transaction's commit is durable (e.g. removing a deleted file's bytes). */
  readonly afterCommit: (() => void)[] = [];
  documentsRead = 0;
  bytesRead = 0;

  constructor(
    readonly persistence: Persistence,
    readonly catalog: Catalog,
    readonly snapshot: bigint,
    readonly writable: boolean,
    readonly parent: Transaction | null = null,
  ) {
    this.readSet = parent?.readSet ?? new ReadSet();
  }

  /** A child for a nested `runQuery`/`runMutation`; call `mergeInto` on success. */
  child(writable: boolean): Transaction {
    return new Transaction(this.persistence, this.catalog, this.snapshot, writable, this);
  }

  mergeInto(): void {
    if (this.parent === null) return;
    for (const [id, w] of this.writes) {
      const existing = this.parent.writes.get(id);
      this.parent.writes.set(id, {
        table: w.table,
        base: existing?.base ?? w.base,
        value: w.value,
      });
    }
    this.parent.afterCommit.push(...this.afterCommit);
    this.parent.documentsRead += this.documentsRead;
    this.parent.bytesRead += this.bytesRead;
  }

  /** Pending write for `id` in this transaction or an ancestor. */
  private pending(id: string): PendingWrite | undefined {
    return this.writes.get(id) ?? this.parent?.pending(id);
  }

  /** All pending writes visible here, child entries overriding ancestors'. */
  visibleWrites(): Map<string, PendingWrite> {
    const out = this.parent?.visibleWrites() ?? new Map<string, PendingWrite>();
    for (const [id, w] of this.writes) out.set(id, w);
    return out;
  }

  /** Documents read by this transaction and its ancestors. */
  private totalRead(): number {
    return this.documentsRead + (this.parent?.totalRead() ?? 0);
  }

  tableOfId(id: string): TableDef | undefined {
    const tableNumber = tableNumberOfId(id);
    return tableNumber === null ? undefined : this.catalog.tableByNumber(tableNumber);
  }

  /** Reads a committed document at the snapshot, without recording a read. */
  private loadCommitted(id: string): Doc | null {
    const row = this.persistence.latestRevision(id, this.snapshot);
    if (row === null) return null;
    this.countRead(row.json.length);
    return jsonToConvex(JSON.parse(row.json)) as Doc;
  }

  private countRead(bytes: number): void {
    this.documentsRead += 1;
    this.bytesRead += bytes;
    if (this.totalRead() > LIMITS.documentsRead) {
      throw new LimitError(
        `Too many documents read in a single function execution (limit: ${LIMITS.documentsRead}). ` +
          "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.",
      );
    }
  }

  /** `db.get(id)`: records a point read on `by_id`. */
  get(id: string): Doc | null {
    const table = this.tableOfId(id);
    if (table === undefined) return null;
    const byId = table.indexes.get("by_id") as IndexDef;
    const key = encodeIndexKey([id]);
    this.readSet.add(byId.id, key, tuplePrefixEnd(key));
    const w = this.pending(id);
    if (w !== undefined) return w.value;
    return this.loadCommitted(id);
  }

  /** The document's current value (pending or committed), without recording a read. */
  current(id: string): Doc | null {
    const w = this.pending(id);
    if (w !== undefined) return w.value;
    const row = this.persistence.latestRevision(id, this.snapshot);
    return row === null ? null : (jsonToConvex(JSON.parse(row.json)) as Doc);
  }

  /** Loads a committed document found by an index scan. */
  loadForScan(id: string): Doc | null {
    return this.loadCommitted(id);
  }

  /**
   * Whether writes count against a function's limit (LIMITS.documentsWritten). The deployment's
   * own bulk writes (`convex import`, one transaction however large) turn it off.
   */
  limitWrites = true;

  /** Buffers a write of `value` (null = delete) for `id` in `table`; `isNew` for freshly generated ids. */
  write(table: TableDef, id: string, value: Doc | null, isNew = false): void {
    if (!this.writable) throw new Error("Cannot write in a read-only transaction");
    const existing = this.writes.get(id);
    if (existing !== undefined) {
      existing.value = value;
      return;
    }
    const inherited = this.pending(id);
    // A freshly generated id has no committed revision: skip the lookup.
    const base = inherited !== undefined ? inherited.value : isNew ? null : this.current(id);
    this.writes.set(id, { table, base, value });
    if (this.limitWrites && this.writes.size > LIMITS.documentsWritten) {
      throw new LimitError(
        `Too many documents written in a single function execution (limit: ${LIMITS.documentsWritten}).`,
      );
    }
  }

  /** The net effect of this top-level transaction, dropping writes that change nothing. */
  committedWrites(): CommittedWrite[] {
    const out: CommittedWrite[] = [];
    for (const [id, w] of this.writes) {
      if (w.base === null && w.value === null) continue;
      out.push({ id, table: w.table, base: w.base, value: w.value });
    }
    return out;
  }
}

/** Encodes `doc`'s key in `index`. */
export function indexKeyOf(index: IndexDef, doc: Doc): Buffer {
  const key = valueTuple();
  for (const field of index.keyFields) key.push(getField(doc, field));
  return encodeIndexKey(key);
}

/** Convex-encoded JSON text of a document, as stored. */
export function serializeDoc(doc: Doc): string {
  return JSON.stringify(convexToJson(doc));
}
