/**
 * Runs Convex functions: resolves the udf path, enforces visibility, validates args and returns
 * from the function's exported validators (the runtime does not; source: convex-protocol.md c.8),
 * runs the handler inside an execution context, and turns the result or error into an Outcome.
 *
 * - Queries read one snapshot. Their read set and journal come back for subscriptions.
 * - Mutations run one at a time, in arrival order, and commit atomically; `runMutation` resolves
 *   once the commit is durable, with its timestamp.
 * - Nested `ctx.runQuery`/`ctx.runMutation` (`1.0/runUdf`) run in a child transaction whose
 *   writes fold into the parent only on success (source: convex-protocol.md c.7).
 * - Actions run without a transaction; each `ctx.runQuery/runMutation` is its own transaction
 *   (action-runner.ts).
 */
import type { JSONValue } from "convex/values";
import type { Transaction } from "../engine/transaction.js";
import type { ReadSet } from "../engine/read-set.js";
import type { FunctionEntry, FunctionKind } from "./modules.js";
import { canonicalUdfPath } from "./udf-path.js";
import type { DatabaseSyscallState } from "./database-syscalls.js";
import { executions, installHost, seededRandom, type ExecutionBase } from "./host.js";
import { cancelJob, insertJob, readJob, setJobState } from "../engine/scheduled-jobs.js";
import { addressName, dbState, parseJournal, transactionMetrics } from "./call-support.js";
import { udfSyscall, udfSyscallSync, type UdfSyscallContext } from "./syscalls.js";
import { asSyscallError, SystemError, toFailure, type Outcome } from "./outcome.js";
import type { UserIdentity } from "./identity.js";
import { DASHBOARD_MUTATIONS } from "./dashboard-functions.js";
import { ActionRunner } from "./action-runner.js";
import {
  FunctionSupport,
  missingFunction,
  type Caller,
  type RunnerServices,
} from "./function-support.js";

export { toFailure, type Outcome, type Caller, type RunnerServices };

export interface QueryRun {
  outcome: Outcome;
  readSet: ReadSet;
  journal: string | null;
  ts: bigint;
  /**
   * The execution (or a nested `ctx.runQuery` of it) read the caller's identity
   * (`ctx.auth.getUserIdentity()`). When false the result is the same for every caller, and the
   * deployment shares it across identities, as Convex's query cache does (convex-backend
   * crates/application/src/cache/mod.rs; crates/isolate/src/environment/udf/phase.rs
   * observe_identity).
   */
  observedIdentity: boolean;
}

/** What an execution and its nested calls observed of the caller. */
interface Observation {
  identity: boolean;
}

export class FunctionRunner {
  private mutationQueue: Promise<unknown> = Promise.resolve();
  private readonly actions: ActionRunner;
  private readonly support: FunctionSupport;
  private readonly services: RunnerServices;

  constructor(services: RunnerServices) {
    installHost();
    this.services = services;
    this.support = new FunctionSupport(services);
    this.actions = new ActionRunner({
      support: this.support,
      runQuery: (udfPath, args, caller) => this.runQuery(udfPath, args, caller),
      runMutation: (udfPath, args, caller) => this.runMutation(udfPath, args, caller),
      runSystemMutation: (fn) => this.runSystemMutation(fn),
    });
  }

  /** The kind of the function at `udfPath`, or null when the caller cannot call it. */
  kindOf(udfPath: string, caller: Caller): FunctionKind | null {
    const path = canonicalUdfPath(udfPath);
    if (path.startsWith("_system/")) return DASHBOARD_MUTATIONS.has(path) ? "mutation" : "query";
    try {
      return this.support.resolve(path, "any", caller).kind;
    } catch {
      return null;
    }
  }

  /** Runs a query at `snapshot` (default: latest durable commit). */
  async runQuery(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
    options: { snapshot?: bigint; journal?: string | null } = {},
  ): Promise<QueryRun> {
    const startedAt = Date.now();
    const tx = this.services.db.beginRead(options.snapshot);
    const logLines: string[] = [];
    const state = dbState(tx, parseJournal(options.journal ?? null));
    const observed: Observation = { identity: false };
    let outcome: Outcome;
    try {
      const path = canonicalUdfPath(udfPath);
      if (path.startsWith("_system/")) {
        if (!caller.isAdmin) throw missingFunction(path);
        const json = Array.isArray(args) ? (args[0] ?? {}) : args;
        const value = this.services.systemQuery(path, json as Record<string, unknown>, tx);
        if (value === undefined) throw new SystemError(`Could not find system function '${path}'.`);
        return {
          outcome: { ok: true, value, logLines },
          readSet: tx.readSet,
          journal: null,
          ts: tx.snapshot,
          observedIdentity: false,
        };
      }
      const entry = this.support.resolve(udfPath, "query", caller);
      const value = await this.invoke(entry, args, tx, state, logLines, caller, observed);
      outcome = { ok: true, value, logLines };
    } catch (e) {
      outcome = toFailure(e, logLines);
    }
    for (const stream of state.streams.values()) stream.close();
    this.support.record("Query", udfPath, caller, startedAt, outcome);
    const journal =
      state.pageEndCursor === null ? null : JSON.stringify({ endCursor: state.pageEndCursor });
    return {
      outcome,
      readSet: tx.readSet,
      journal,
      ts: tx.snapshot,
      observedIdentity: observed.identity,
    };
  }

  /**
   * Runs a mutation after every earlier one has committed. Resolves with its outcome and, on
   * success, its durable commit timestamp. `dedupe` records the outcome for `(sessionId, requestId)`.
   */
  runMutation(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
    dedupe?: { sessionId: string; requestId: number },
  ): Promise<{ outcome: Outcome; ts: bigint | null }> {
    const run = this.mutationQueue.then(() => this.executeMutation(udfPath, args, caller, dedupe));
    // The queue waits for execution and the synchronous commit append, not for durability.
    this.mutationQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.then(async ({ outcome, commit }) => ({
      outcome,
      ts: commit === null ? null : await commit,
    }));
  }

  /**
   * Resolves once every mutation queued so far (and any queued meanwhile) has executed and appended
   * its commit: the deployment waits for this before closing storage.
   */
  async drain(): Promise<void> {
    for (let queue = this.mutationQueue; ; queue = this.mutationQueue) {
      await queue;
      if (queue === this.mutationQueue) return;
    }
  }

  private async executeMutation(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
    dedupe?: { sessionId: string; requestId: number },
  ): Promise<{ outcome: Outcome; commit: Promise<bigint | null> | null }> {
    const db = this.services.db;
    if (dedupe !== undefined) {
      const previous = db.persistence.sessionRequest(dedupe.sessionId, dedupe.requestId);
      if (previous !== null) {
        // The first run's commit may still be in the open batch: acknowledge only once durable.
        return {
          outcome: JSON.parse(previous.outcome) as Outcome,
          commit: db.whenDurable(previous.ts),
        };
      }
    }
    const startedAt = Date.now();
    const tx = db.beginWrite();
    const logLines: string[] = [];
    const state = dbState(tx, null);
    const job = caller.jobId === undefined ? null : readJob(tx, caller.jobId);
    if (caller.jobId !== undefined && job?.state.kind !== "pending") {
      return {
        outcome: { ok: false, message: "The scheduled function is no longer pending.", logLines },
        commit: null,
      };
    }
    try {
      const value = canonicalUdfPath(udfPath).startsWith("_system/")
        ? this.systemMutation(udfPath, args, tx, caller)
        : await this.invoke(
            this.support.resolve(udfPath, "mutation", caller),
            args,
            tx,
            state,
            logLines,
            caller,
            {
              identity: false,
            },
          );
      const outcome: Outcome = { ok: true, value, logLines };
      this.support.record("Mutation", udfPath, caller, startedAt, outcome);
      // A scheduled mutation's job turns `success` in the mutation's own transaction: exactly once.
      // Unless it canceled itself in this very transaction.
      if (job !== null && readJob(tx, job._id)?.state.kind === "pending")
        setJobState(db, tx, job, { kind: "success" });
      const commit = db.commit(tx, dedupe && { ...dedupe, outcome: () => JSON.stringify(outcome) });
      void commit.then(
        () => tx.afterCommit.forEach((fn) => fn()),
        () => undefined,
      );
      return { outcome, commit };
    } catch (e) {
      const outcome = toFailure(e, logLines);
      this.support.record("Mutation", udfPath, caller, startedAt, outcome);
      if (job === null) return { outcome, commit: null };
      const failed = db.beginWrite();
      setJobState(db, failed, job, { kind: "failed", error: outcome.ok ? "" : outcome.message });
      // The job's failure is recorded, but the mutation itself did not commit: no timestamp.
      return { outcome, commit: db.commit(failed).then(() => null) };
    }
  }

  /**
   * Runs `fn` as a deployment-internal mutation (scheduler bookkeeping, actions scheduling):
   * in the mutation queue, committed, resolved once durable with `fn`'s result.
   */
  runSystemMutation<T>(fn: (tx: Transaction) => T): Promise<T> {
    const db = this.services.db;
    const run = this.mutationQueue.then(() => {
      const tx = db.beginWrite();
      const result = fn(tx);
      return { result, commit: db.commit(tx) };
    });
    this.mutationQueue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.then(async ({ result, commit }) => {
      await commit;
      return result;
    });
  }

  private systemMutation(
    udfPath: string,
    args: JSONValue,
    tx: Transaction,
    caller: Caller,
  ): JSONValue {
    const path = canonicalUdfPath(udfPath);
    if (!caller.isAdmin || !DASHBOARD_MUTATIONS.has(path)) throw missingFunction(path);
    const json = (Array.isArray(args) ? (args[0] ?? {}) : args) as Record<string, unknown>;
    return this.services.systemMutation(path, json, tx);
  }

  /** Runs an action: no transaction; its `runQuery`/`runMutation` calls are top-level. */
  runAction(udfPath: string, args: JSONValue, caller: Caller): Promise<Outcome> {
    return this.actions.run(udfPath, args, caller);
  }

  /**
   * Runs an HTTP action (a route of `convex/http.ts`) with the action context. A handler that
   * throws is logged and answered with Convex's 500 JSON.
   */
  runHttpAction(
    handler: { invokeHttpAction: (request: Request) => Promise<Response> },
    request: Request,
    identity: UserIdentity | null | Error,
  ): Promise<{ response: Response; logLines: string[] }> {
    return this.actions.runHttp(handler, request, identity);
  }

  /** Invokes a query or mutation inside an execution context over `tx`. */
  private async invoke(
    entry: FunctionEntry,
    args: JSONValue,
    tx: Transaction,
    state: DatabaseSyscallState,
    logLines: string[],
    caller: Caller,
    observed: Observation,
  ): Promise<JSONValue> {
    const parsed = this.support.checkArguments(entry, args);
    const db = this.services.db;
    const kind = entry.kind as "query" | "mutation";
    const context: UdfSyscallContext = {
      kind,
      deploymentName: this.services.deploymentName,
      jobId: caller.jobId ?? null,
      udfPath: entry.udfPath,
      db,
      state,
      storage: { files: this.services.files(), cloudUrl: this.services.cloudUrl(), kind, tx },
      identity: () => {
        observed.identity = true;
        return caller.identity;
      },
      runNested: (a) => this.runNested(a, tx, entry.kind, logLines, caller, observed),
      schedule: (a) =>
        insertJob(
          db,
          tx,
          this.support.schedulable(addressName(a)),
          a.ts as number,
          a.args as JSONValue,
        ),
      cancel: (a) => cancelJob(db, tx, a.id),
      transactionMetrics: () => transactionMetrics(tx),
    };
    const execution: ExecutionBase = {
      kind: entry.kind,
      logLines,
      random: seededRandom(Number(tx.snapshot % 4294967296n)),
      now: Date.now(), // fixed for the whole execution, as in the Convex runtime
      env: this.services.environment(),
      syscall: (op, a) => udfSyscallSync(context, op, a),
      asyncSyscall: (op, a) => udfSyscall(context, op, a),
      jsSyscall: (op) => {
        throw new SystemError(`${op} is not supported yet by the local deployment.`);
      },
    };
    const argsStr = JSON.stringify([parsed.json]);
    const resultStr = await executions.run(execution, () =>
      entry.kind === "query" ? entry.fn.invokeQuery!(argsStr) : entry.fn.invokeMutation!(argsStr),
    );
    return this.support.checkResult(entry, resultStr);
  }

  /** `1.0/runUdf`: `ctx.runQuery`/`ctx.runMutation` inside a query or mutation. */
  private async runNested(
    a: Record<string, unknown>,
    parent: Transaction,
    parentKind: FunctionKind,
    logLines: string[],
    caller: Caller,
    observed: Observation,
  ): Promise<JSONValue> {
    const udfType = a.udfType as "query" | "mutation" | "snapshotQuery";
    if (udfType === "mutation" && parentKind !== "mutation") {
      throw new SystemError(
        "Can't call a mutation from a query: ctx.runMutation is only available in mutations and actions.",
      );
    }
    const entry = this.support.resolve(
      addressName(a),
      udfType === "mutation" ? "mutation" : "query",
      {
        ...caller,
        isAdmin: true,
      },
    );
    const tx =
      udfType === "snapshotQuery"
        ? this.services.db.beginRead(parent.snapshot)
        : parent.child(udfType === "mutation");
    try {
      const value = await this.invoke(
        entry,
        [a.args as JSONValue],
        tx,
        dbState(tx, null),
        logLines,
        caller,
        observed,
      );
      tx.mergeInto();
      return value;
    } catch (e) {
      throw asSyscallError(e);
    }
  }
}
