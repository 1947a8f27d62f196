/**
 * Full-text search: `withSearchIndex("index", q => q.search(field, text).eq(filterField, value))`
 * (source: convex@1.48 server/impl/search_filter_builder_impl.ts; schema `searchIndexes`).
 *
 * Scoring (documented because Convex does not specify its own exactly):
 * - text is tokenized into lowercase runs of Unicode letters and digits;
 * - a document matches when it contains at least one query term; the last query term also matches
 *   as a prefix ("typeahead"), the others only exactly; at most 16 query terms are used;
 * - matches are ranked by BM25 (k1 = 1.2, b = 0.75) over the documents that pass the `eq` filters,
 *   where a prefix match counts like the term it completes; ties go to the newer document;
 * - at most 1,024 results, the Convex limit.
 * The scan covers the whole table, so the query is reactive to every write to the table.
 */
import { compareValues, type Value } from "convex/values";
import { decodeMaybeUndefined, getField } from "./filter.js";
import { QueryError } from "./query-error.js";
import type { Doc, Transaction } from "./transaction.js";
import type { IndexDef } from "./catalog.js";
import { stagedIndexError } from "./schema-json.js";

export const MAX_SEARCH_RESULTS = 1024;
const MAX_QUERY_TERMS = 16;
const K1 = 1.2;
const B = 0.75;

export interface SearchSource {
  type: "Search";
  indexName: string;
  filters: { type: "Search" | "Eq"; fieldPath: string; value: unknown }[];
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Ranks the documents of a search query at the transaction's snapshot. */
export function runSearch(
  tx: Transaction,
  source: SearchSource,
  scanAll: (index: IndexDef) => Doc[],
): Doc[] {
  const dot = source.indexName.indexOf(".");
  const tableName = source.indexName.slice(0, dot);
  const indexName = source.indexName.slice(dot + 1);
  const tableSchema = tx.catalog.schema?.tables.find((t) => t.tableName === tableName);
  const index = tableSchema?.searchIndexes.find((i) => i.indexDescriptor === indexName);
  if (index === undefined)
    throw new QueryError(
      stagedIndexError(tx.catalog.schema, tableName, indexName, "stagedSearchIndexes") ??
        `Search index ${source.indexName} not found.`,
    );
  const search = source.filters.filter((f) => f.type === "Search");
  if (search.length !== 1 || search[0]!.fieldPath !== index.searchField) {
    throw new QueryError(`A search query needs exactly one .search("${index.searchField}", text).`);
  }
  const eqs = source.filters.filter((f) => f.type === "Eq");
  for (const eq of eqs) {
    if (!index.filterFields.includes(eq.fieldPath)) {
      throw new QueryError(
        `"${eq.fieldPath}" is not a filter field of search index ${source.indexName} (filter fields: ${index.filterFields.join(", ")}).`,
      );
    }
  }
  const terms = [...new Set(tokenize(String(search[0]!.value)))].slice(0, MAX_QUERY_TERMS);
  const table = tx.catalog.ensureTable(tableName);
  const docs = scanAll(table.indexes.get("by_creation_time")!).filter((doc) =>
    eqs.every(
      (eq) => compareValues(getField(doc, eq.fieldPath), decodeMaybeUndefined(eq.value)) === 0,
    ),
  );
  if (terms.length === 0) return [];
  const tokenized = docs.map((doc) => {
    const text = getField(doc, index.searchField);
    return typeof text === "string" ? tokenize(text) : [];
  });
  const avgLength = tokenized.reduce((n, t) => n + t.length, 0) / Math.max(1, tokenized.length);
  const last = terms.length - 1;
  const matchesTerm = (token: string, i: number) =>
    token === terms[i] || (i === last && token.startsWith(terms[i]!));
  const docFreq = terms.map(
    (_, i) => tokenized.filter((tokens) => tokens.some((t) => matchesTerm(t, i))).length,
  );
  const scored: { doc: Doc; score: number }[] = [];
  tokenized.forEach((tokens, d) => {
    let score = 0;
    terms.forEach((_, i) => {
      const tf = tokens.filter((t) => matchesTerm(t, i)).length;
      if (tf === 0) return;
      const idf = Math.log(1 + (docs.length - docFreq[i]! + 0.5) / (docFreq[i]! + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * tokens.length) / avgLength));
    });
    if (score > 0) scored.push({ doc: docs[d]!, score });
  });
  scored.sort(
    (a, b) =>
      b.score - a.score || (b.doc._creationTime as number) - (a.doc._creationTime as number),
  );
  return scored.slice(0, MAX_SEARCH_RESULTS).map((s) => s.doc);
}

export type { Value };
