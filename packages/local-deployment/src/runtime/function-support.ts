/**
 * What every kind of call shares (queries, mutations, actions, HTTP actions; FunctionRunner and
 * ActionRunner): the services a deployment gives its runner, resolving a udf path against the
 * pushed modules with Convex's visibility rules and errors, argument and return validation
 * against the function's exported validators, and recording executions in the execution log.
 */
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Database } from "../engine/database.js";
import type { Transaction } from "../engine/transaction.js";
import type { FileStore } from "../files/file-store.js";
import { jsonNesting, MAX_NESTING, tooNestedMessage } from "../values/nesting.js";
import { article } from "./call-support.js";
import { validationContext } from "./database-syscalls.js";
import type { ExecutionLog, UdfType } from "./execution-log.js";
import type { UserIdentity } from "./identity.js";
import type { FunctionEntry, FunctionKind, ModuleSet } from "./modules.js";
import { SystemError, type Outcome } from "./outcome.js";
import { canonicalUdfPath } from "./udf-path.js";
import { checkArgs, checkReturns } from "./validator.js";

export interface Caller {
  identity: UserIdentity | null;
  /** Admin callers (admin key) may call internal functions. */
  isAdmin: boolean;
  /** The `_scheduled_functions` job being run, for scheduled functions. */
  jobId?: string;
  /**
   * HTTP actions: why the request's `Authorization: Bearer` token was refused. Then
   * `ctx.auth.getUserIdentity()` throws it (identity is null), as Convex does.
   */
  identityError?: Error;
}

export interface RunnerServices {
  db: Database;
  modules: () => ModuleSet | null;
  deploymentName: string;
  /**
   * Built-in `_system/...` queries the CLI runs with admin auth (e.g.
   * `_system/cli/queryEnvironmentVariables`, system-queries.ts), reading at `tx`'s snapshot;
   * returns undefined for unknown paths.
   */
  systemQuery: (
    udfPath: string,
    args: Record<string, unknown>,
    tx: Transaction,
  ) => JSONValue | undefined;
  /**
   * Built-in `_system/...` mutations (the dashboard's, dashboard-functions.ts), run in `tx`;
   * the runner commits it.
   */
  systemMutation: (udfPath: string, args: Record<string, unknown>, tx: Transaction) => JSONValue;
  /** Environment variables functions see as `process.env`. */
  environment: () => Record<string, string>;
  files: () => FileStore;
  cloudUrl: () => string;
  /** Action time limits in seconds, per runtime of the action's module. */
  actionTimeoutSeconds: { isolate: number; node: number };
  /** Where every user function execution is recorded (system functions are not). */
  executionLog: ExecutionLog;
}

/**
 * The error for a function that does not exist or is internal to this caller (source:
 * convex-backend udf/src/validation.rs missing_or_internal_error: the path without `.js` and
 * without `:default`).
 */
export function missingFunction(path: string): SystemError {
  return new SystemError(
    `Could not find public function for '${path.replace(/:default$/, "")}'. Did you forget to run \`npx convex dev\`?`,
  );
}

export class FunctionSupport {
  constructor(readonly services: RunnerServices) {}

  /**
   * The function at `udfPath` if `caller` may call it as `kind`.
   * @throws SystemError "Could not find public function…" (missing, or internal to a non-admin
   *   caller) or "Trying to execute … as a query, but it is defined as a mutation."
   */
  resolve(udfPath: string, kind: FunctionKind | "any", caller: Caller): FunctionEntry {
    const path = canonicalUdfPath(udfPath);
    const entry = this.services.modules()?.functions.get(path);
    if (entry === undefined || (entry.visibility === "internal" && !caller.isAdmin)) {
      throw missingFunction(path);
    }
    if (kind !== "any" && entry.kind !== kind) {
      throw new SystemError(
        `Trying to execute ${path} as ${article(kind)} ${kind}, but it is defined as ${article(entry.kind)} ${entry.kind}.`,
      );
    }
    return entry;
  }

  /** Whether the module of `udfPath` is a `"use node"` one. */
  runsInNode(udfPath: string): boolean {
    const module = `${udfPath.split(":")[0]}.js`;
    return this.services.modules()?.hashes.find((h) => h.path === module)?.environment === "node";
  }

  /** Records a finished query, mutation or action in the execution log. */
  record(
    udfType: UdfType,
    udfPath: string,
    caller: Caller,
    startedAt: number,
    outcome: Outcome,
  ): void {
    const path = canonicalUdfPath(udfPath);
    if (path.startsWith("_system/")) return;
    this.log({
      udfType,
      identifier: path,
      startedAt,
      durationMs: Date.now() - startedAt,
      logLines: outcome.logLines,
      error: outcome.ok ? null : outcome.message,
      caller: caller.jobId !== undefined ? "Scheduler" : caller.isAdmin ? "Admin" : "User",
      identityType: caller.isAdmin ? "admin" : caller.identity !== null ? "user" : "unknown",
      environment: udfType === "Action" && this.runsInNode(path) ? "node" : "isolate",
    });
  }

  log(record: Parameters<ExecutionLog["record"]>[0]): void {
    this.services.executionLog.record(record);
  }

  /** Canonical path of a function that may be scheduled (a mutation or an action, public or internal). */
  schedulable(udfPath: string): string {
    const entry = this.resolve(udfPath, "any", { identity: null, isAdmin: true });
    if (entry.kind === "query")
      throw new SystemError(
        `${entry.udfPath} is a query: only mutations and actions can be scheduled.`,
      );
    return entry.udfPath;
  }

  checkArguments(
    entry: FunctionEntry,
    args: JSONValue,
  ): { json: JSONValue; value: Record<string, Value> } {
    const json = Array.isArray(args) ? (args[0] ?? {}) : args;
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new SystemError(
        `ArgumentValidationError: Arguments must be an object, received ${JSON.stringify(json)}.`,
      );
    }
    const nesting = jsonNesting(json, MAX_NESTING);
    if (nesting > MAX_NESTING) throw new SystemError(tooNestedMessage(nesting));
    const value = jsonToConvex(json) as Record<string, Value>;
    const error = checkArgs(entry.args, value, validationContext(this.services.db));
    if (error !== null) throw new SystemError(error);
    return { json, value };
  }

  checkResult(entry: FunctionEntry, resultStr: string): JSONValue {
    const json = JSON.parse(resultStr) as JSONValue;
    const error = checkReturns(
      entry.returns,
      jsonToConvex(json),
      validationContext(this.services.db),
    );
    if (error !== null) throw new SystemError(error);
    return json;
  }
}
