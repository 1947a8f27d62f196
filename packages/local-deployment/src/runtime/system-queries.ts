/**
 * The `_system/cli/*` queries the stock CLI runs over the WebSocket with admin auth for
 * `convex data` and `convex function-spec` (source: convex@1.48 src/cli/lib/data.ts,
 * functionSpec.ts; the shapes are those of convex-backend's system UDFs
 * npm-packages/system-udfs/convex/_system/cli/{tables,tableData,modules,convexUrl}.ts).
 *
 * - `tables:default {paginationOpts}` → `{page: [{name}], isDone: true, continueCursor: "end"}`,
 *   user tables only (names starting `_` hidden), in table-number order.
 * - `tableData:default {table, order, paginationOpts}` → one page of the table by creation time
 *   (`PaginationResult`, documents as Convex JSON); at most 10,000 rows a page, as Convex caps
 *   it. A table that does not exist is an empty page.
 * - `modules:apiSpec {}` → every pushed function `{identifier: "dir/mod.js:fn", functionType:
 *   "Query" | "Mutation" | "Action", visibility: {kind}, args, returns}` (validator JSON,
 *   `{type: "any"}` when not declared), then every HTTP route `{functionType: "HttpAction",
 *   method, path}` (a prefix route's path ends in `*`).
 * - `convexUrl:cloudUrl {}` → the deployment's URL.
 * - `exports:getLatest {}` → the newest `convex export` request (files/exports.ts), or null.
 * - `queryImport:default {importId}` → that `convex import` job (files/imports.ts), or null;
 *   `queryImport:list {}` → the newest 20.
 *
 * Returns undefined for any other path (the caller answers "Could not find system function").
 */
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { queryPage } from "../engine/query.js";
import type { Transaction } from "../engine/transaction.js";
import { latestExport } from "../files/exports.js";
import { importNamed, recentImports } from "../files/imports.js";
import type { ModuleSet } from "./modules.js";

/** Rows one `tableData` page may hold (convex-backend _system/paginationLimits.ts). */
const TABLE_DATA_MAX_ROWS = 10_000;

export interface SystemQueryContext {
  tx: Transaction;
  modules: ModuleSet | null;
  cloudUrl: string;
  /** The deployment's environment variables, by name (`npx convex env list` / `get`). */
  environment: () => Record<string, string>;
}

type PaginationOpts = { cursor?: string | null; numItems?: number };

function page(tx: Transaction, table: string, order: unknown, opts: PaginationOpts): JSONValue {
  const numItems = Math.max(1, Math.min(TABLE_DATA_MAX_ROWS, Math.floor(opts.numItems ?? 100)));
  const result = queryPage(
    tx,
    {
      source: { type: "FullTableScan", tableName: table, order: order === "asc" ? "asc" : "desc" },
      operators: [],
    },
    { cursor: opts.cursor ?? null, endCursor: null, pageSize: numItems, maximumRowsRead: null },
  );
  return result as unknown as JSONValue;
}

function apiSpec(modules: ModuleSet | null): JSONValue {
  const specs: JSONValue[] = [];
  for (const entry of modules?.functions.values() ?? []) {
    const [file, name] = entry.udfPath.split(":") as [string, string];
    specs.push({
      identifier: `${file}.js:${name}`,
      functionType: `${entry.kind[0]!.toUpperCase()}${entry.kind.slice(1)}`,
      visibility: { kind: entry.visibility },
      args: entry.args as JSONValue,
      returns: (entry.returns ?? { type: "any" }) as JSONValue,
    });
  }
  const router = modules?.httpRouter as { getRoutes?: () => [string, string, unknown][] } | null;
  for (const [path, method] of router?.getRoutes?.() ?? []) {
    specs.push({ functionType: "HttpAction", method, path });
  }
  return specs;
}

export function cliSystemQuery(
  udfPath: string,
  args: Record<string, unknown>,
  context: SystemQueryContext,
): JSONValue | undefined {
  switch (udfPath) {
    case "_system/cli/tables:default":
      context.tx.readCatalog();
      return {
        page: context.tx.catalog
          .tables()
          .filter((table) => !table.name.startsWith("_"))
          .map((table) => ({ name: table.name })),
        isDone: true,
        continueCursor: "end",
      };
    case "_system/cli/tableData:default":
      return page(
        context.tx,
        String(args.table),
        args.order,
        (args.paginationOpts ?? {}) as PaginationOpts,
      );
    case "_system/cli/modules:apiSpec":
      return apiSpec(context.modules);
    case "_system/cli/convexUrl:cloudUrl":
      return context.cloudUrl;
    case "_system/cli/queryEnvironmentVariables:default":
      return Object.entries(context.environment()).map(([name, value]) => ({ name, value }));
    case "_system/cli/queryEnvironmentVariables:get": {
      const name = String(args.name);
      const env = context.environment();
      return Object.hasOwn(env, name) ? { name, value: env[name]! } : null;
    }
    case "_system/cli/queryImport:default":
      return importNamed(context.tx, args.importId);
    case "_system/cli/queryImport:list":
      return recentImports(context.tx, 20);
    case "_system/cli/exports:getLatest": {
      const latest = latestExport(context.tx);
      return latest === null ? null : convexToJson(latest as unknown as Value);
    }
    default:
      return undefined;
  }
}
