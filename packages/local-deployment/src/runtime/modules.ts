/**
 * What the runtime runs: one pushed `convex/` folder as a "module set" — the ES modules the CLI
 * bundled, loaded in Node, with every exported Convex function classified the way the official
 * node executor does (source: convex-backend npm-packages/node-executor/src/executor.ts
 * analyzeModule). push/ loads and analyses them; the runner invokes their functions.
 */
import type { SchemaJson, ValidatorJson } from "../engine/schema-json.js";

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
