/**
 * Contracts between the CLI push endpoints (`push/`) and the deployment: a staged push and what
 * the endpoints need from the deployment. The module set itself is the runtime's
 * (runtime/modules.ts); the schema JSON the engine's (engine/schema-json.ts).
 */
import type { ModuleSet, ModuleSource } from "../runtime/modules.js";
import type { NodeDependency } from "./node-dependencies.js";

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
  stage(
    modules: ModuleSource[],
    schema: ModuleSource | null,
    nodeDependencies?: NodeDependency[],
  ): Promise<StagedPush>;
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
