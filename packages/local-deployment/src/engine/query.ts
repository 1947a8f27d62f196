/**
 * Query execution: index ranges, full table scans, filter/limit operators, pagination.
 *
 * `SerializedQuery = {source, operators}` (source: convex@1.48 server/impl/query_impl.ts):
 * - `FullTableScan` reads `by_creation_time`; `IndexRange` reads `"<table>.<index>"` with zero or
 *   more `Eq` on the index fields in order, then at most one lower (Gt/Gte) and one upper (Lt/Lte)
 *   bound on the next field (source: convex-protocol.md c.5);
 * - `operators` are `{filter: Expr}` and `{limit: n}` applied in call order.
 *
 * Streams read committed index entries at the transaction's snapshot in batches and merge the
 * transaction's own pending writes, so a mutation reads its writes. The scanned key range is added
 * to the read set when the stream ends or is cleaned up.
 */
import { convexToJson } from "convex/values";
import type { IndexDef, TableDef } from "./catalog.js";
import { decodeMaybeUndefined, matches, type Expr } from "./filter.js";
import { indexKeyOf, type Doc, type Transaction } from "./transaction.js";
import { QueryError } from "./query-error.js";
import { runSearch, type SearchSource } from "./search.js";
import { encodeIndexKey, tuplePrefixEnd, valueTuple } from "../values/index-key.js";
import { stagedIndexError } from "./schema-json.js";

export interface SerializedQuery {
  source:
    | { type: "FullTableScan"; tableName: string; order: "asc" | "desc" | null }
    | { type: "IndexRange"; indexName: string; range: RangeExpr[]; order: "asc" | "desc" | null }
    | SearchSource;
  operators: ({ filter: Expr } | { limit: number })[];
}

export interface RangeExpr {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: unknown;
}

/** A user-facing query error (bad index, bad range); the message reaches the client. */
export { QueryError };

/** The indexes every table has. */
const BUILT_IN_INDEXES = new Set(["by_id", "by_creation_time"]);
const BATCH = 128;
const FIRST_BATCH = 8;

/** Smallest key strictly greater than `key`. */
function after(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}

interface Plan {
  table: TableDef;
  index: IndexDef;
  lo: Buffer;
  hi: Buffer | null;
  order: "asc" | "desc";
}

/**
 * Resolves a query's source to an index and a key range; null for a table that does not exist
 * yet (read as empty, as Convex does: a table appears at its first insert or in a pushed schema).
 * Reading no table records a read of the catalog, so a subscription re-runs when it appears.
 * Throws QueryError on bad input.
 */
export function plan(tx: Transaction, query: SerializedQuery): Plan | null {
  const source = query.source;
  if (source.type === "Search")
    throw new QueryError("Search queries cannot be planned as index ranges.");
  const [tableName, indexName] =
    source.type === "FullTableScan"
      ? [source.tableName, "by_creation_time"]
      : splitIndexName(source.indexName);
  const table = tx.catalog.table(tableName);
  if (table === undefined && BUILT_IN_INDEXES.has(indexName)) {
    tx.readCatalog();
    return null;
  }
  const index = table?.indexes.get(indexName);
  if (index === undefined) {
    throw new QueryError(
      stagedIndexError(tx.catalog.schema, tableName, indexName, "stagedDbIndexes") ??
        `Index ${tableName}.${indexName} not found.`,
    );
  }
  const range = source.type === "IndexRange" ? source.range : [];
  const { lo, hi } = compileRange(index, range);
  return { table: table!, index, lo, hi, order: source.order ?? "asc" };
}

function splitIndexName(name: string): [string, string] {
  const dot = name.indexOf(".");
  if (dot < 0) throw new QueryError(`Invalid index name "${name}": expected "<table>.<index>".`);
  return [name.slice(0, dot), name.slice(dot + 1)];
}

/** Key range of an index-range expression list (source: convex-backend index_range validation). */
export function compileRange(
  index: IndexDef,
  range: RangeExpr[],
): { lo: Buffer; hi: Buffer | null } {
  const fields = index.keyFields;
  const prefix = valueTuple();
  let i = 0;
  while (i < range.length && range[i]!.type === "Eq") {
    const expr = range[i]!;
    if (fields[prefix.length] !== expr.fieldPath) throw rangeOrderError(index, range);
    prefix.push(decodeMaybeUndefined(expr.value));
    i++;
  }
  let lower: RangeExpr | undefined;
  let upper: RangeExpr | undefined;
  for (; i < range.length; i++) {
    const expr = range[i]!;
    if (expr.fieldPath !== fields[prefix.length]) throw rangeOrderError(index, range);
    if (expr.type === "Gt" || expr.type === "Gte") {
      if (lower !== undefined) throw rangeOrderError(index, range);
      lower = expr;
    } else if (expr.type === "Lt" || expr.type === "Lte") {
      if (upper !== undefined) throw rangeOrderError(index, range);
      upper = expr;
    } else {
      throw rangeOrderError(index, range);
    }
  }
  const base = encodeIndexKey(prefix);
  const bound = (e: RangeExpr) => {
    const key = valueTuple();
    for (const value of prefix) key.push(value);
    key.push(decodeMaybeUndefined(e.value));
    return encodeIndexKey(key);
  };
  // tuplePrefixEnd(enc(t)) sorts after every key that extends the tuple t, and before any other.
  const lo =
    lower === undefined ? base : lower.type === "Gte" ? bound(lower) : tuplePrefixEnd(bound(lower));
  const hi =
    upper === undefined
      ? prefix.length === 0
        ? null
        : tuplePrefixEnd(base)
      : upper.type === "Lt"
        ? bound(upper)
        : tuplePrefixEnd(bound(upper));
  return { lo, hi };
}

function rangeOrderError(index: IndexDef, range: RangeExpr[]): QueryError {
  const got = range.map((r) => `${r.type}(${r.fieldPath})`).join(", ");
  return new QueryError(
    `Incorrect order of index range expressions for index ${index.name} with fields [${index.keyFields.join(", ")}]: ` +
      `got [${got}]. Use .eq() on a prefix of the index fields in order, then at most one lower bound ` +
      "(.gt/.gte) and one upper bound (.lt/.lte) on the next field.",
  );
}

/** A lazy, batched scan of one index range merged with the transaction's pending writes. */
export class IndexStream {
  /** Index hits scanned but not yet returned; their documents are loaded by `next()`. */
  private buffer: { key: Buffer; documentId: string }[] = [];
  private batch = FIRST_BATCH;
  private overlay: { key: Buffer; doc: Doc }[];
  private readonly shadowed: Set<string>;
  private scanLo: Buffer;
  private scanHi: Buffer | null;
  private sourceDone = false;
  private lastKey: Buffer | null = null;
  private recorded = false;
  exhausted = false;

  constructor(
    private readonly tx: Transaction,
    private readonly p: Plan,
  ) {
    this.scanLo = p.lo;
    this.scanHi = p.hi;
    const writes = tx.visibleWrites();
    this.shadowed = new Set(writes.keys());
    const overlay: { key: Buffer; doc: Doc }[] = [];
    for (const w of writes.values()) {
      if (w.table.number !== p.table.number || w.value === null) continue;
      const key = indexKeyOf(p.index, w.value);
      if (Buffer.compare(key, p.lo) >= 0 && (p.hi === null || Buffer.compare(key, p.hi) < 0)) {
        overlay.push({ key, doc: w.value });
      }
    }
    overlay.sort((a, b) => (p.order === "asc" ? 1 : -1) * Buffer.compare(a.key, b.key));
    this.overlay = overlay;
  }

  private fill(): void {
    while (this.buffer.length === 0 && !this.sourceDone) {
      const { hits, exhausted, lastKey } = this.tx.persistence.scan(
        this.p.index.id,
        this.scanLo,
        this.scanHi,
        this.tx.snapshot,
        this.p.order,
        this.batch,
      );
      // Small first batch (`.first()`, `.take(k)`, `.unique()`), growing for long scans.
      this.batch = Math.min(BATCH, this.batch * 4);
      if (lastKey !== null) {
        if (this.p.order === "asc") this.scanLo = after(lastKey);
        else this.scanHi = lastKey;
      }
      if (exhausted) this.sourceDone = true;
      for (const hit of hits) {
        if (!this.shadowed.has(hit.documentId)) this.buffer.push(hit);
      }
    }
  }

  /** The next document in index order, or null at the end of the range. */
  next(): { key: Buffer; doc: Doc } | null {
    for (;;) {
      this.fill();
      const fromStore = this.buffer[0];
      const fromOverlay = this.overlay[0];
      let pick: { key: Buffer; doc: Doc } | undefined;
      if (
        fromStore !== undefined &&
        (fromOverlay === undefined || this.storeFirst(fromStore.key, fromOverlay.key))
      ) {
        this.buffer.shift();
        // Documents load only when the scan reaches them, so `.first()` reads one document.
        const doc = this.tx.loadForScan(fromStore.documentId);
        if (doc === null) continue;
        pick = { key: fromStore.key, doc };
      } else {
        pick = this.overlay.shift();
      }
      if (pick === undefined) {
        this.exhausted = true;
        return null;
      }
      this.lastKey = pick.key;
      return pick;
    }
  }

  private storeFirst(store: Buffer, overlay: Buffer): boolean {
    return Buffer.compare(store, overlay) * (this.p.order === "asc" ? 1 : -1) <= 0;
  }

  /** Adds the scanned part of the range to the read set (once). */
  record(): void {
    if (this.recorded) return;
    this.recorded = true;
    const { index, lo, hi, order } = this.p;
    if (this.exhausted) this.tx.readSet.add(index.id, lo, hi);
    else if (this.lastKey === null) return;
    else if (order === "asc") this.tx.readSet.add(index.id, lo, after(this.lastKey));
    else this.tx.readSet.add(index.id, this.lastKey, hi);
  }
}

/** The source of a query of a table that does not exist (`plan` recorded the catalog read). */
const NO_TABLE: Pick<IndexStream, "next" | "record"> = {
  next: () => null,
  record: () => undefined,
};

/** A query stream: an index scan followed by the query's filter and limit operators. */
export class QueryStream {
  private readonly source: Pick<IndexStream, "next" | "record">;
  private readonly counts: number[];
  private done = false;

  constructor(
    tx: Transaction,
    private readonly query: SerializedQuery,
  ) {
    if (query.source.type === "Search") this.source = searchStream(tx, query.source);
    else {
      const p = plan(tx, query);
      this.source = p === null ? NO_TABLE : new IndexStream(tx, p);
    }
    this.counts = query.operators.map(() => 0);
  }

  next(): Doc | null {
    const ops = this.query.operators;
    while (!this.done) {
      if (ops.some((op, i) => "limit" in op && this.counts[i]! >= op.limit)) break;
      const item = this.source.next();
      if (item === null) break;
      let keep = true;
      for (let i = 0; i < ops.length && keep; i++) {
        const op = ops[i]!;
        if ("filter" in op) keep = matches(op.filter, item.doc);
        else this.counts[i]! += 1;
      }
      if (keep) return item.doc;
    }
    this.close();
    return null;
  }

  close(): void {
    this.done = true;
    this.source.record();
  }
}

/** Cursor of a search page: `search-<n>`, n results of the ranking read so far. */
const SEARCH_CURSOR = /^search-(\d+)$/;

function searchOffset(cursor: string): number | "end" {
  if (cursor === END_CURSOR) return "end";
  const match = SEARCH_CURSOR.exec(cursor);
  if (match === null) throw new QueryError(`Invalid pagination cursor: ${JSON.stringify(cursor)}`);
  return Number(match[1]);
}

/**
 * One page of a search query, in relevance order (at most MAX_SEARCH_RESULTS in all). Cursors
 * count the ranked results read so far; a page re-run with its `endCursor` reads up to there.
 */
function searchPage(tx: Transaction, query: SerializedQuery, req: PageRequest): PageResult {
  if (query.operators.some((op) => "limit" in op)) {
    throw new QueryError("A paginated query cannot also use .take() or .limit().");
  }
  const start = req.cursor === null ? 0 : searchOffset(req.cursor);
  const end = req.endCursor === null ? null : searchOffset(req.endCursor);
  if (start === "end") return { page: [], isDone: true, continueCursor: END_CURSOR };
  const ranked = searchStream(tx, query.source as SearchSource);
  const filters = query.operators.filter((op): op is { filter: Expr } => "filter" in op);
  for (let skipped = 0; skipped < start && ranked.next() !== null; skipped++);
  const page: unknown[] = [];
  let read = start;
  let exhausted = false;
  for (;;) {
    if (end === null && page.length >= req.pageSize) break;
    if (end !== null && end !== "end" && read >= end) break;
    const item = ranked.next();
    if (item === null) {
      exhausted = true;
      break;
    }
    read++;
    if (filters.every((f) => matches(f.filter, item.doc))) page.push(convexToJson(item.doc));
  }
  if (end !== null) return { page, isDone: end === "end", continueCursor: req.endCursor! };
  if (exhausted) return { page, isDone: true, continueCursor: END_CURSOR };
  return { page, isDone: false, continueCursor: `search-${read}` };
}

/** Ranked search results as a stream (the whole table is read, and recorded, up front). */
function searchStream(tx: Transaction, source: SearchSource): Pick<IndexStream, "next" | "record"> {
  const docs = runSearch(tx, source, (index) => {
    const table = tx.catalog.tableByNumber(index.tableNumber)!;
    const all = new IndexStream(tx, { table, index, lo: Buffer.alloc(0), hi: null, order: "asc" });
    const out: Doc[] = [];
    for (let item = all.next(); item !== null; item = all.next()) out.push(item.doc);
    all.record();
    return out;
  });
  let i = 0;
  return {
    next: () => {
      const doc = docs[i++];
      return doc === undefined ? null : { key: Buffer.alloc(0), doc };
    },
    record: () => undefined,
  };
}

/** Cursor for "after the end of the range" (a finished paginated query). */
const END_CURSOR = "_end";

export interface PageRequest {
  cursor: string | null;
  endCursor: string | null;
  pageSize: number;
  maximumRowsRead: number | null;
}

export interface PageResult {
  page: unknown[];
  isDone: boolean;
  continueCursor: string;
}

function decodeCursor(cursor: string): Buffer | "end" {
  if (cursor === END_CURSOR) return "end";
  const key = Buffer.from(cursor, "base64url");
  if (key.length === 0 || key.toString("base64url") !== cursor) {
    throw new QueryError(`Invalid pagination cursor: ${JSON.stringify(cursor)}`);
  }
  return key;
}

/**
 * One page of a query: documents after `cursor` (exclusive) until `pageSize` pass the filters, or
 * up to `endCursor` (inclusive) when given. Cursors are the base64url index key of the last
 * document scanned; `_end` means past the end of the range.
 */
export function queryPage(tx: Transaction, query: SerializedQuery, req: PageRequest): PageResult {
  if (query.source.type === "Search") return searchPage(tx, query, req);
  const p = plan(tx, query);
  const emptyPage = { page: [], isDone: true, continueCursor: END_CURSOR };
  if (query.operators.some((op) => "limit" in op)) {
    throw new QueryError("A paginated query cannot also use .take() or .limit().");
  }
  if (p === null) return emptyPage;
  if (req.cursor !== null) {
    const start = decodeCursor(req.cursor);
    if (start === "end") return emptyPage;
    if (p.order === "asc") p.lo = Buffer.compare(after(start), p.lo) > 0 ? after(start) : p.lo;
    else if (p.hi === null || Buffer.compare(start, p.hi) < 0) p.hi = start;
  }
  const end = req.endCursor === null ? null : decodeCursor(req.endCursor);
  if (end !== null && end !== "end") {
    if (p.order === "asc")
      p.hi = p.hi === null || Buffer.compare(after(end), p.hi) < 0 ? after(end) : p.hi;
    else if (Buffer.compare(end, p.lo) > 0) p.lo = end;
  }
  const stream = new IndexStream(tx, p);
  const filters = query.operators.filter((op): op is { filter: Expr } => "filter" in op);
  const page: unknown[] = [];
  let rowsRead = 0;
  let lastKey: Buffer | null = null;
  for (;;) {
    if (end === null && page.length >= req.pageSize) break;
    if (req.maximumRowsRead !== null && rowsRead >= req.maximumRowsRead) break;
    const item = stream.next();
    if (item === null) break;
    rowsRead++;
    lastKey = item.key;
    if (filters.every((f) => matches(f.filter, item.doc))) page.push(convexToJson(item.doc));
  }
  stream.record();
  if (end !== null) {
    return { page, isDone: end === "end", continueCursor: req.endCursor! };
  }
  if (stream.exhausted) return { page, isDone: true, continueCursor: END_CURSOR };
  return {
    page,
    isDone: false,
    continueCursor: lastKey === null ? (req.cursor ?? END_CURSOR) : lastKey.toString("base64url"),
  };
}
