/**
 * `convex export` requests: documents of the `_exports` system table (source: convex-backend
 * model/exports/types.rs): `{requestor: "snapshotExport", state: "requested" | "in_progress" |
 * "completed" | "failed", format: {format: "zip", include_storage}}`, and once completed
 * `start_ts` (int64 ns, the snapshot), `complete_ts`, `expiration_ts`, `zip_object_key`, `size`.
 * Read through a transaction, so a subscription (the CLI's `exports:getLatest`) sees them change.
 */
import { QueryStream } from "../engine/query.js";
import type { Transaction } from "../engine/transaction.js";

export const EXPORTS_TABLE = "_exports";

export type ExportDoc = Record<string, unknown> & {
  _id: string;
  state: string;
  start_ts?: bigint;
};

/**
 * The newest export matching `accept` (newest first), or null. The stream is closed on every
 * path: closing records what was read, which is what re-runs a subscription (the CLI waits on
 * one until the export completes).
 */
function newestExport(tx: Transaction, accept: (doc: ExportDoc) => boolean): ExportDoc | null {
  const stream = new QueryStream(tx, {
    source: { type: "FullTableScan", tableName: EXPORTS_TABLE, order: "desc" },
    operators: [],
  });
  try {
    for (let doc = stream.next(); doc !== null; doc = stream.next()) {
      const e = doc as unknown as ExportDoc;
      if (e.requestor === "snapshotExport" && accept(e)) return e;
    }
    return null;
  } finally {
    stream.close();
  }
}

/** The newest `convex export` request. */
export const latestExport = (tx: Transaction) => newestExport(tx, () => true);

/** The export whose document id or `start_ts` (as decimal text) is `key`. */
export const exportNamed = (tx: Transaction, key: string) =>
  newestExport(tx, (e) => e._id === key || e.start_ts?.toString() === key);
