/**
 * The `_system/frontend/*` functions the dashboard calls over the WebSocket with admin auth. Names
 * and argument shapes follow Convex's own dashboard functions (convex-backend
 * npm-packages/system-udfs/convex/_system/frontend/*); results are the parts Rooms' dashboard
 * shows. Queries are reactive like any query (they read through `tx`, so a commit that touches
 * what they read re-runs them); mutations run in one transaction with the same checks as
 * `ctx.db` (schema, document size, system tables read-only).
 *
 * Queries:
 * - `getTableMapping:default {}` → `{[tableNumber]: name}`, user tables.
 * - `tableSize:default {tableName}` → number of documents.
 * - `paginatedTableDocuments:default {paginationOpts, table, filters}` → a page, newest first;
 *   `filters` is null or a JSON string `{clauses: [{field, op, value}]}`, `op` one of
 *   `eq neq lt lte gt gte`, `value` Convex JSON; all clauses must hold.
 * - `indexes:default {tableName}` → `[{name, fields}]` (`fields` without the system fields
 *   the engine appends).
 * - `getSchemas:default {}` → `{active: string | null}`, the pushed schema's JSON.
 * - `fileStorageV2:fileMetadata {paginationOpts}` → a page of `{_id, _creationTime, sha256,
 *   size, contentType, url}`, newest first.
 * - `paginatedScheduledJobs:default {paginationOpts}` → a page of `_scheduled_functions`,
 *   newest first.
 * - `listCronJobs:default {}` → `[{name, udfPath, schedule, nextTs, lastRunTs}]` (ms).
 *
 * Mutations:
 * - `addDocument:default {table, documents}` → the new ids.
 * - `replaceDocument:default {id, document}` → null.
 * - `deleteDocuments:default {toDelete: [{id, tableName}]}` → null.
 * - `fileStorageV2:generateUploadUrl {}` → an upload URL; `fileStorageV2:deleteFiles
 *   {storageIds}` → null.
 * - `cancelJob:default {id}` → null (a pending or running job ends `canceled`).
 *
 * Errors are UserError with the same messages as the matching `ctx.db` call.
 */
import type { JSONValue } from "convex/values";
import type { Database } from "../engine/database.js";
import { queryPage } from "../engine/query.js";
import { cancelJob, SCHEDULED_FUNCTIONS } from "../engine/scheduled-jobs.js";
import type { Transaction } from "../engine/transaction.js";
import { STORAGE_TABLE, type FileStore } from "../files/file-store.js";
import { databaseSyscall, UserError } from "./database-syscalls.js";
import { dbState } from "./call-support.js";

const PAGE_MAX = 1_000;
/** The scheduler's cron table (scheduler/scheduler.ts, a layer above this one). */
const CRON_JOBS = "_cron_jobs";
const OPS = new Set(["eq", "neq", "lt", "lte", "gt", "gte"]);

export interface DashboardContext {
  db: Database;
  tx: Transaction;
  files: FileStore;
  cloudUrl: string;
}

type Args = Record<string, unknown>;
type PaginationOpts = { cursor?: string | null; numItems?: number };

/** The `filters` argument as a filter expression, or null for none. */
export function filterExpression(filters: unknown): JSONValue | null {
  if (filters === null || filters === undefined || filters === "") return null;
  let parsed: { clauses?: unknown };
  try {
    parsed = JSON.parse(String(filters)) as { clauses?: unknown };
  } catch {
    throw new UserError("`filters` must be a JSON string {clauses: [{field, op, value}]}.");
  }
  if (!Array.isArray(parsed.clauses)) throw new UserError("`filters` must have a `clauses` array.");
  const terms = parsed.clauses.map((c: unknown, i: number): JSONValue => {
    const clause = (c ?? {}) as { field?: unknown; op?: unknown; value?: unknown };
    if (typeof clause.field !== "string" || clause.field === "")
      throw new UserError(`filters.clauses[${i}].field must be a field name.`);
    if (typeof clause.op !== "string" || !OPS.has(clause.op))
      throw new UserError(`filters.clauses[${i}].op must be one of ${[...OPS].join(", ")}.`);
    const literal = clause.value === undefined ? { $undefined: null } : clause.value;
    return { [`$${clause.op}`]: [{ $field: clause.field }, { $literal: literal as JSONValue }] };
  });
  if (terms.length === 0) return null;
  return terms.length === 1 ? terms[0]! : { $and: terms };
}

function tablePage(
  tx: Transaction,
  table: string,
  opts: PaginationOpts,
  filter: JSONValue | null = null,
): { page: JSONValue[]; isDone: boolean; continueCursor: string } {
  const result = queryPage(
    tx,
    {
      source: { type: "FullTableScan", tableName: table, order: "desc" },
      operators: filter === null ? [] : [{ filter }],
    } as never,
    {
      cursor: opts.cursor ?? null,
      endCursor: null,
      pageSize: Math.max(1, Math.min(PAGE_MAX, Math.floor(opts.numItems ?? 50))),
      maximumRowsRead: null,
    },
  );
  return result as unknown as { page: JSONValue[]; isDone: boolean; continueCursor: string };
}

function str(args: Args, name: string): string {
  const value = args[name];
  if (typeof value !== "string") throw new UserError(`\`${name}\` must be a string.`);
  return value;
}

/** Answers a dashboard query, or undefined when `udfPath` is not one. */
export function dashboardQuery(
  udfPath: string,
  args: Args,
  ctx: DashboardContext,
): JSONValue | undefined {
  const { tx } = ctx;
  const opts = (args.paginationOpts ?? {}) as PaginationOpts;
  switch (udfPath) {
    case "_system/frontend/getTableMapping:default":
      tx.readCatalog();
      return Object.fromEntries(
        tx.catalog
          .tables()
          .filter((t) => !t.name.startsWith("_"))
          .map((t) => [String(t.number), t.name]),
      );
    case "_system/frontend/tableSize:default":
      return databaseSyscall(ctx.db, dbState(tx, null), "1.0/count", {
        table: str(args, "tableName"),
      }) as number;
    case "_system/frontend/paginatedTableDocuments:default":
      return tablePage(tx, str(args, "table"), opts, filterExpression(args.filters));
    case "_system/frontend/indexes:default": {
      tx.readCatalog();
      const table = tx.catalog.table(str(args, "tableName"));
      return [...(table?.indexes.values() ?? [])].map((index) => ({
        name: index.name,
        fields: index.keyFields.filter((f) => f !== "_id" || index.name === "by_id"),
      }));
    }
    case "_system/frontend/getSchemas:default":
      return { active: tx.catalog.schema === null ? null : JSON.stringify(tx.catalog.schema) };
    case "_system/frontend/fileStorageV2:fileMetadata": {
      const result = tablePage(tx, STORAGE_TABLE, opts);
      return {
        ...result,
        page: result.page.map((doc) => {
          const file = doc as Record<string, JSONValue>;
          return { ...file, url: `${ctx.cloudUrl}/api/storage/${String(file._id)}` };
        }),
      };
    }
    case "_system/frontend/paginatedScheduledJobs:default":
      return tablePage(tx, SCHEDULED_FUNCTIONS, opts);
    case "_system/frontend/listCronJobs:default":
      return tablePage(tx, CRON_JOBS, { numItems: PAGE_MAX }).page;
    default:
      return undefined;
  }
}

/** The dashboard mutations' paths. */
export const DASHBOARD_MUTATIONS = new Set([
  "_system/frontend/addDocument:default",
  "_system/frontend/replaceDocument:default",
  "_system/frontend/deleteDocuments:default",
  "_system/frontend/fileStorageV2:generateUploadUrl",
  "_system/frontend/fileStorageV2:deleteFiles",
  "_system/frontend/cancelJob:default",
]);

/** Runs a dashboard mutation in `ctx.tx` (the caller commits it); returns its JSON result. */
export function dashboardMutation(udfPath: string, args: Args, ctx: DashboardContext): JSONValue {
  const { db, tx, files } = ctx;
  const state = dbState(tx, null);
  switch (udfPath) {
    case "_system/frontend/addDocument:default": {
      const table = str(args, "table");
      if (!Array.isArray(args.documents)) throw new UserError("`documents` must be an array.");
      return args.documents.map(
        (value) =>
          (databaseSyscall(db, state, "1.0/insert", { table, value }) as { _id: string })._id,
      );
    }
    case "_system/frontend/replaceDocument:default":
      databaseSyscall(db, state, "1.0/replace", { id: str(args, "id"), value: args.document });
      return null;
    case "_system/frontend/deleteDocuments:default": {
      if (!Array.isArray(args.toDelete)) throw new UserError("`toDelete` must be an array.");
      for (const item of args.toDelete as { id?: unknown; tableName?: unknown }[]) {
        databaseSyscall(db, state, "1.0/remove", { id: item.id, table: item.tableName });
      }
      return null;
    }
    case "_system/frontend/fileStorageV2:generateUploadUrl":
      return files.uploadUrl(ctx.cloudUrl);
    case "_system/frontend/fileStorageV2:deleteFiles": {
      if (!Array.isArray(args.storageIds)) throw new UserError("`storageIds` must be an array.");
      for (const storageId of args.storageIds) {
        const id = files.delete(tx, storageId);
        tx.afterCommit.push(() => files.removeFile(id));
      }
      return null;
    }
    case "_system/frontend/cancelJob:default":
      cancelJob(db, tx, args.id);
      return null;
    default:
      throw new UserError(`Could not find system function '${udfPath}'.`);
  }
}
