/**
 * Database syscalls of queries and mutations (`1.0/get`, `1.0/queryStream`, `1.0/insert`, ...),
 * over one Transaction. Argument and result shapes follow convex@1.48 server/impl/database_impl.ts
 * and query_impl.ts (catalogue: convex-protocol.md c.4). Errors thrown here reach the function as
 * plain `Error`s with the same message, as the official isolate's do.
 */
import { convexToJson, getDocumentSize, jsonToConvex, type Value } from "convex/values";
import type { Database } from "../engine/database.js";
import { QueryStream, queryPage, QueryError, type SerializedQuery } from "../engine/query.js";
import { LIMITS, type Doc, type Transaction } from "../engine/transaction.js";
import { newDocumentId, tableNumberOfId } from "../values/ids.js";
import { checkDocument, type ValidationContext } from "./validator.js";

/** An error the function sees with exactly this message (no "Uncaught" prefix). */
export class UserError extends Error {}

const IDENTIFIER = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export interface DatabaseSyscallState {
  tx: Transaction;
  streams: Map<number, QueryStream>;
  nextStreamId: number;
  /** Set once the execution called `paginate`; Convex allows one per execution. */
  paginated: boolean;
  /** End cursor of the previous run's page (the query journal), used when `endCursor` is null. */
  journalEndCursor: string | null;
  /** End cursor of this run's page, returned as the new journal. */
  pageEndCursor: string | null;
}

export function validationContext(db: Database): ValidationContext {
  return {
    tableNameOfId(id: string): string | null {
      const tableNumber = tableNumberOfId(id);
      if (tableNumber === null) return null;
      return db.catalog.tableByNumber(tableNumber)?.name ?? null;
    },
  };
}

function idArg(args: Record<string, unknown>, method: string): string {
  const id = args.id;
  if (typeof id !== "string") {
    throw new UserError(
      `Invalid argument \`id\` for \`db.${method}\`, expected string but got '${typeof id}'`,
    );
  }
  return id;
}

/** Resolves a document id for a write; throws the official "nonexistent document" errors. */
function existing(
  db: Database,
  state: DatabaseSyscallState,
  args: Record<string, unknown>,
  method: string,
  verb: string,
) {
  const id = idArg(args, method);
  const table = state.tx.tableOfId(id);
  if (table === undefined || (typeof args.table === "string" && args.table !== table.name)) {
    throw new UserError(
      `Invalid argument \`id\` for \`db.${method}\`: ${JSON.stringify(id)} is not an ID of ${typeof args.table === "string" ? `table "${args.table}"` : "any table"}`,
    );
  }
  if (table.name.startsWith("_"))
    throw new UserError("System tables (prefixed with `_`) are read-only.");
  const current = state.tx.get(id);
  if (current === null) throw new UserError(`${verb} on nonexistent document ID ${id}`);
  return { id, table, current };
}

/** Throws UserError when `doc` is too large or does not match the schema of `tableName`. */
export function checkWrite(db: Database, tableName: string, doc: Doc): void {
  const size = getDocumentSize(doc);
  if (size > LIMITS.documentSize) {
    throw new UserError(
      `Value is too large (${size} bytes > maximum size ${LIMITS.documentSize} bytes) for a document in table "${tableName}".`,
    );
  }
  const schema = db.catalog.schema;
  if (schema === null || !schema.schemaValidation) return;
  const tableSchema = schema.tables.find((t) => t.tableName === tableName);
  if (tableSchema === undefined) {
    throw new UserError(
      `Failed to insert or update a document in table "${tableName}" because it does not match the schema: ` +
        `the schema does not define table "${tableName}". Add it to schema.ts or remove schema validation.`,
    );
  }
  const error = checkDocument(tableName, tableSchema.documentType, doc, validationContext(db));
  if (error !== null) throw new UserError(error);
}

/** The database syscalls (`ctx.db.*`; source: convex@1.48 server/impl/database_impl.ts, query_impl.ts). */
export const DATABASE_SYSCALLS = [
  "1.0/get",
  "1.0/queryStream",
  "1.0/queryStreamNext",
  "1.0/queryCleanup",
  "1.0/queryPage",
  "1.0/count",
  "1.0/db/normalizeId",
  "1.0/insert",
  "1.0/shallowMerge",
  "1.0/replace",
  "1.0/remove",
  "1.0/getSnapshotTs",
] as const;
export type DatabaseSyscall = (typeof DATABASE_SYSCALLS)[number];

/** Answers one database syscall with its JSON result. */
export function databaseSyscall(
  db: Database,
  state: DatabaseSyscallState,
  name: DatabaseSyscall,
  args: Record<string, unknown>,
): unknown {
  const tx = state.tx;
  switch (name) {
    case "1.0/get": {
      const id = idArg(args, "get");
      const table = tx.tableOfId(id);
      if (table === undefined) return null;
      // convex-backend isolate/src/environment/udf/async_syscall.rs system_table_guard.
      if (args.isSystem === true && !table.name.startsWith("_"))
        throw new UserError("User tables cannot be accessed with db.system.");
      if (args.isSystem === false && table.name.startsWith("_"))
        throw new UserError("System tables can only be accessed with db.system.");
      if (typeof args.table === "string" && args.table !== table.name) {
        throw new UserError(
          `Invalid argument \`id\` for \`db.get\`: ID ${JSON.stringify(id)} is not an ID of table "${args.table}"`,
        );
      }
      const doc = tx.get(id);
      return doc === null ? null : convexToJson(doc);
    }
    case "1.0/queryStream": {
      const queryId = state.nextStreamId++;
      state.streams.set(queryId, new QueryStream(tx, args.query as SerializedQuery));
      return { queryId };
    }
    case "1.0/queryStreamNext": {
      const stream = state.streams.get(args.queryId as number);
      if (stream === undefined) throw new UserError("This query is closed or was never started.");
      const doc = stream.next();
      return doc === null ? { value: null, done: true } : { value: convexToJson(doc), done: false };
    }
    case "1.0/queryCleanup": {
      const stream = state.streams.get(args.queryId as number);
      stream?.close();
      state.streams.delete(args.queryId as number);
      return null;
    }
    case "1.0/queryPage": {
      if (state.paginated) {
        throw new UserError(
          "This query or mutation function ran multiple paginated queries. Convex only supports a single paginated query in each function.",
        );
      }
      state.paginated = true;
      const endCursor = (args.endCursor as string | null) ?? state.journalEndCursor;
      const pageSize = args.pageSize as number;
      const result = queryPage(tx, args.query as SerializedQuery, {
        cursor: (args.cursor as string | null) ?? null,
        endCursor,
        pageSize,
        maximumRowsRead: (args.maximumRowsRead as number | null) ?? null,
      });
      state.pageEndCursor = result.continueCursor;
      return result;
    }
    case "1.0/count": {
      const stream = new QueryStream(tx, {
        source: { type: "FullTableScan", tableName: args.table as string, order: null },
        operators: [],
      });
      let n = 0;
      while (stream.next() !== null) n++;
      return n;
    }
    case "1.0/db/normalizeId": {
      const table = db.catalog.table(args.table as string);
      const ok = table !== undefined && tableNumberOfId(args.idString as string) === table.number;
      return { id: ok ? args.idString : null };
    }
    case "1.0/insert": {
      const tableName = args.table as string;
      if (tableName.startsWith("_"))
        throw new UserError("System tables (prefixed with `_`) are read-only.");
      if (!IDENTIFIER.test(tableName)) {
        throw new UserError(`Table names must be valid identifiers: ${JSON.stringify(tableName)}`);
      }
      const value = jsonToConvex(args.value as never) as Doc;
      for (const field of Object.keys(value)) {
        if (field.startsWith("_")) {
          throw new UserError(
            `Field '${field}' starts with an underscore, which is only allowed for system fields like '_id' and '_creationTime'.`,
          );
        }
      }
      const table = db.catalog.ensureTable(tableName);
      const id = newDocumentId(table.number);
      const doc: Doc = { ...value, _id: id, _creationTime: db.nextCreationTime() };
      checkWrite(db, tableName, value);
      tx.write(table, id, doc, true);
      return { _id: id };
    }
    case "1.0/shallowMerge": {
      const { id, table, current } = existing(db, state, args, "patch", "Update");
      const patch = args.value as Record<string, unknown>;
      const next: Doc = { ...current };
      for (const [field, json] of Object.entries(patch)) {
        const isUndefined =
          json !== null && typeof json === "object" && "$undefined" in (json as object);
        const value = isUndefined ? undefined : jsonToConvex(json as never);
        if (field === "_id" || field === "_creationTime") {
          if (value !== current[field])
            throw new UserError(
              `Provided ${field} field does not match the document's ${field} field.`,
            );
          continue;
        }
        if (value === undefined) delete next[field];
        else next[field] = value as Value;
      }
      checkWrite(db, table.name, stripSystem(next));
      tx.write(table, id, next);
      return null;
    }
    case "1.0/replace": {
      const { id, table, current } = existing(db, state, args, "replace", "Update");
      const value = jsonToConvex(args.value as never) as Doc;
      for (const field of ["_id", "_creationTime"] as const) {
        if (field in value && value[field] !== current[field]) {
          throw new UserError(
            `Provided ${field} field does not match the document's ${field} field.`,
          );
        }
      }
      const next: Doc = {
        ...stripSystem(value),
        _id: id,
        _creationTime: current._creationTime as number,
      };
      checkWrite(db, table.name, stripSystem(next));
      tx.write(table, id, next);
      return null;
    }
    case "1.0/remove": {
      const { id, table } = existing(db, state, args, "delete", "Delete");
      tx.write(table, id, null);
      return null;
    }
    case "1.0/getSnapshotTs":
      return convexToJson(tx.snapshot);
    default:
      return name satisfies never;
  }
}

function stripSystem(doc: Doc): Doc {
  const { _id: _i, _creationTime: _c, ...rest } = doc;
  return rest;
}

export { QueryError };
