/**
 * `convex import` jobs: documents of the `_snapshot_imports` system table (source: convex-backend
 * model/snapshot_imports/types.rs): `{format, mode, tableName?, state: {state: "uploaded" |
 * "waiting_for_confirmation" | "in_progress" | "completed" | "failed", …}}`. Read through a
 * transaction, so the CLI's subscription (`queryImport:default`) sees the state change.
 */
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { QueryStream } from "../engine/query.js";
import type { Transaction } from "../engine/transaction.js";
import { decodeDocumentId } from "../values/ids.js";

export const IMPORTS_TABLE = "_snapshot_imports";

/** The newest `limit` imports, as Convex JSON. */
export function recentImports(tx: Transaction, limit: number): JSONValue[] {
  const out: JSONValue[] = [];
  const stream = new QueryStream(tx, {
    source: { type: "FullTableScan", tableName: IMPORTS_TABLE, order: "desc" },
    operators: [],
  });
  // Closed on every path: closing records the range read, so a subscription re-runs.
  try {
    for (let doc = stream.next(); doc !== null && out.length < limit; doc = stream.next()) {
      out.push(convexToJson(doc as Value));
    }
  } finally {
    stream.close();
  }
  return out;
}

/** The import `id`, as Convex JSON, or null when it is not one. */
export function importNamed(tx: Transaction, id: unknown): JSONValue | null {
  const table = tx.catalog.table(IMPORTS_TABLE);
  if (typeof id !== "string" || table === undefined) return null;
  if (decodeDocumentId(id)?.tableNumber !== table.number) return null;
  const doc = tx.get(id);
  return doc === null ? null : convexToJson(doc as Value);
}
