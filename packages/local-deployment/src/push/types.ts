/**
 * Contracts between the CLI push endpoints (`push/`), the module loader and the deployment.
 *
 * A "module set" is one pushed `convex/` folder: the ES modules the CLI bundled, loaded in Node,
 * with every exported Convex function classified the way the official node executor does
 * (source: convex-backend npm-packages/node-executor/src/executor.ts analyzeModule).
 */

/** One bundled module as the CLI sends it in `start_push` (source: convex@1.48 cli/lib/deployApi/modules.ts). */
export interface ModuleSource {
  /** Path relative to the functions dir, with `.js`, e.g. `"messages.js"` or `"_deps/VGPCP6L6.js"`. */
  path: string;
  source: string;
  sourceMap?: string | null | undefined;
  environment: "isolate" | "node";
}

export type FunctionKind = "query" | "mutation" | "action";
export type Visibility = "public" | "internal";

/** Convex validator JSON (source: convex@1.48 values/validators.ts `.json`). */
export type ValidatorJson = { type: string; [key: string]: unknown };

/** An exported Convex function, ready to invoke. */
export interface FunctionEntry {
  /** Canonical path, `"dir/mod:fn"` (source: convex@1.48 browser/sync/udf_path_utils.ts). */
  udfPath: string;
  kind: FunctionKind;
  visibility: Visibility;
  /** Parsed `exportArgs()`: `{type:"any"}` when the function declared no `args`. */
  args: ValidatorJson;
  /** Parsed `exportReturns()`: `null` when the function declared no `returns`. */
  returns: ValidatorJson | null;
  /**
   * The registered function object from `convex/server`. Has `invokeQuery(argsStr)`,
   * `invokeMutation(argsStr)` or `invokeAction(requestId, argsStr)`, each taking
   * `JSON.stringify([convexToJson(args)])` and resolving to `JSON.stringify(convexToJson(result))`.
   */
  fn: RegisteredFunction;
}

export interface RegisteredFunction {
  invokeQuery?: (argsStr: string) => Promise<string>;
  invokeMutation?: (argsStr: string) => Promise<string>;
  invokeAction?: (requestId: string, argsStr: string) => Promise<string>;
}

/** `defineSchema(...).export()` parsed (source: convex@1.48 server/schema.ts). */
export interface SchemaJson {
  tables: TableSchemaJson[];
  schemaValidation: boolean;
}
export interface TableSchemaJson {
  tableName: string;
  indexes: { indexDescriptor: string; fields: string[] }[];
  searchIndexes: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
  vectorIndexes: unknown[];
  documentType: ValidatorJson | null;
  [key: string]: unknown;
}

/** Analysis of one exported Convex function (what `start_push` reports to the CLI). */
export interface AnalyzedExport {
  name: string;
  udfType: "Query" | "Mutation" | "Action" | "HttpAction";
  /** `null` when the object had neither `isPublic` nor `isInternal` (HTTP actions). */
  visibility: Visibility | null;
  args: ValidatorJson | null;
  returns: ValidatorJson | null;
}

/** Everything a push yields, loaded and analysed. */
export interface ModuleSet {
  /** Keyed by canonical udf path. */
  functions: Map<string, FunctionEntry>;
  /** Default export of `http.js` when it is an `HttpRouter` (`isRouter: true`). */
  httpRouter: unknown | null;
  /** Default export of `crons.js` when it is a `Crons` (`isCrons: true`). */
  crons: unknown | null;
  /**
   * Default export of `auth.config.js` (`{providers: [...]}`), when pushed. Optional so hand-built
   * module sets (tests) need not set it; `loadModuleSet` always sets it (`null` when absent).
   */
  authConfig?: { providers?: unknown[] } | null;
  /**
   * Per-module analysis keyed by module path (`"messages.js"`, no `_deps/`), exports in namespace (alphabetical) order,
   * including HTTP actions and modules without functions. Set by `loadModuleSet`; optional so
   * hand-built sets need not set it (push/load.ts `moduleAnalysis` rebuilds it from `functions`).
   */
  analysis?: Map<string, AnalyzedExport[]>;
  schema: SchemaJson | null;
  /** `{path, hash, environment}` per module, `hash` = sha256 hex of `source + (sourceMap ?? "")`. */
  hashes: { path: string; hash: string; environment: "isolate" | "node" }[];
  sources: ModuleSource[];
}

/** A module set that loaded and passed analysis but is not serving yet. */
export interface StagedPush {
  id: string;
  modules: ModuleSet;
}

/**
 * What the CLI push endpoints need from the deployment. The endpoints (push/endpoints.ts) own
 * the wire formats; the deployment owns storage, schema changes and which module set serves.
 */
export interface PushTarget {
  readonly instanceName: string;
  readonly cloudUrl: string;
  readonly siteUrl: string;
  /** Checked against `Authorization: Convex <key>` and the `adminKey` body fields. */
  readonly adminKey: string;
  /** Hashes of the serving module set (empty before the first push). */
  activeModuleHashes(): ModuleSet["hashes"];
  /** The serving module set's functions, for diffs. */
  activeModules(): ModuleSet | null;
  /**
   * Load `modules` (+ the schema module when present) in a fresh directory and analyse them,
   * without serving them. Throws an Error whose message says what is wrong (a module that throws at
   * import, a bad schema); the serving set is untouched.
   */
  stage(modules: ModuleSource[], schema: ModuleSource | null): Promise<StagedPush>;
  /** Schema validation and index backfill state for a staged push. */
  schemaStatus(
    id: string,
  ): { type: "complete" } | { type: "failed"; error: string; tableName: string | null };
  /**
   * Make a staged push serve: apply its schema (build new indexes over existing documents, check
   * existing documents when `schemaValidation`), persist its sources, swap the function registry.
   * Throws with a clear message and changes nothing when existing data breaks the schema.
   */
  activate(id: string): Promise<void>;
  /** Deployment environment variables (`npx convex env`). `value: null` removes. */
  updateEnvironmentVariables(changes: { name: string; value: string | null }[]): void;
  environmentVariables(): Record<string, string>;
  /**
   * Optional: forget a staged push that will never be activated (a `codegen` or `--dry-run` push,
   * or one evicted because the CLI never called `finish_push`). Never called after `activate(id)`.
   */
  discard?(id: string): void;
  /** Optional: document count and approximate size per table, for `evaluate_schema` predictions. */
  tableSizes?(): Record<string, { numDocs: number; sizeBytes: number }>;
  /**
   * Optional: function execution log tail for `GET /api/stream_function_logs?cursor=<ms>`. Resolve
   * with the entries after `cursor` (the CLI's `FunctionExecution` JSON, convex@1.48
   * cli/lib/apiTypes.ts) as soon as there are some, or with `[]` after about `timeoutMs`; `signal`
   * aborts when the CLI disconnects. Without it the endpoint long-polls and returns no entries.
   */
  functionLogs?(
    cursor: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ entries: unknown[]; newCursor: number }>;
}
