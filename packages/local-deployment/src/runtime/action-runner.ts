/**
 * Runs actions and HTTP actions for the FunctionRunner: no transaction (each `ctx.runQuery` /
 * `ctx.runMutation` is a top-level call of its own), the action time limits, isolation of the
 * action's callbacks (host.ts `guardAction`), `ctx.scheduler` and `ctx.storage` in actions, and
 * Convex's 500 JSON for an HTTP action that throws before it responds.
 */
import crypto from "node:crypto";
import type { JSONValue } from "convex/values";
import { cancelJob, insertJob } from "../engine/scheduled-jobs.js";
import type { Transaction } from "../engine/transaction.js";
import { guardAction, type ExecutionBase } from "./host.js";
import type { UserIdentity } from "./identity.js";
import { SystemError, toFailure, unwrap, type Outcome } from "./outcome.js";
import { addressName } from "./call-support.js";
import {
  actionSyscall,
  syscallOf,
  unsupported,
  type ActionSyscall,
  type ActionSyscallContext,
} from "./syscalls.js";
import type { QueryRun } from "./runner.js";
import type { Caller, FunctionSupport, RunnerServices } from "./function-support.js";

/** What actions use of the FunctionRunner. */
export interface ActionHost {
  support: FunctionSupport;
  runQuery(udfPath: string, args: JSONValue, caller: Caller): Promise<QueryRun>;
  runMutation(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
  ): Promise<{ outcome: Outcome; ts: bigint | null }>;
  runSystemMutation<T>(fn: (tx: Transaction) => T): Promise<T>;
}

export class ActionRunner {
  constructor(private readonly host: ActionHost) {}

  private get services(): RunnerServices {
    return this.host.support.services;
  }

  /** Runs an action: no transaction; its `runQuery`/`runMutation` calls are top-level. */
  async run(udfPath: string, args: JSONValue, caller: Caller): Promise<Outcome> {
    const startedAt = Date.now();
    const outcome = await this.executeAction(udfPath, args, caller);
    this.host.support.record("Action", udfPath, caller, startedAt, outcome);
    return outcome;
  }

  private async executeAction(udfPath: string, args: JSONValue, caller: Caller): Promise<Outcome> {
    const logLines: string[] = [];
    try {
      const entry = this.host.support.resolve(udfPath, "action", caller);
      const parsed = this.host.support.checkArguments(entry, args);
      const { ms, message } = this.actionTimeout(entry.udfPath);
      const resultStr = await guardAction(
        this.actionExecution(caller, logLines, entry.udfPath),
        ms,
        message,
        () => entry.fn.invokeAction!("", JSON.stringify([parsed.json])),
      );
      return { ok: true, value: this.host.support.checkResult(entry, resultStr), logLines };
    } catch (e) {
      return toFailure(e, logLines);
    }
  }

  /**
   * Runs an HTTP action (a route of `convex/http.ts`) with the action context. A handler that
   * throws is logged and answered with a 500, as the official backend does.
   */
  async runHttp(
    handler: { invokeHttpAction: (request: Request) => Promise<Response> },
    request: Request,
    identity: UserIdentity | null | Error,
  ): Promise<{ response: Response; logLines: string[] }> {
    const startedAt = Date.now();
    let error: string | null = null;
    const result = await this.executeHttpAction(handler, request, identity, (message) => {
      error = message;
    });
    const path = new URL(request.url).pathname;
    this.host.support.log({
      udfType: "HttpAction",
      identifier: `${request.method} ${path}`,
      startedAt,
      durationMs: Date.now() - startedAt,
      logLines: result.logLines,
      error,
      caller: "HttpEndpoint",
      identityType: identity instanceof Error || identity === null ? "unknown" : "user",
    });
    return result;
  }

  private async executeHttpAction(
    handler: { invokeHttpAction: (request: Request) => Promise<Response> },
    request: Request,
    identity: UserIdentity | null | Error,
    failed: (message: string) => void,
  ): Promise<{ response: Response; logLines: string[] }> {
    const logLines: string[] = [];
    try {
      const { ms, message } = this.actionTimeout("http");
      const response = await guardAction(
        this.actionExecution(
          identity instanceof Error
            ? { identity: null, isAdmin: false, identityError: identity }
            : { identity, isAdmin: false },
          logLines,
          "http",
        ),
        ms,
        message,
        () => handler.invokeHttpAction(request),
      );
      return { response, logLines };
    } catch (e) {
      const failure = toFailure(e, logLines);
      const message = failure.ok ? "" : failure.message;
      failed(message);
      logLines.push(`[ERROR] ${message}`);
      // Convex's body for a handler that throws before it responds (source: convex-backend
      // application/src/redaction.rs; convex-cli-and-errors.md §9): `data` only for a ConvexError.
      const requestId = crypto.randomBytes(8).toString("hex");
      const body = {
        code: `[Request ID: ${requestId}] Server Error: ${message.split("\n")[0]}`,
        trace: message.endsWith("\n") ? message : `${message}\n`,
        ...(!failure.ok && failure.data !== undefined ? { data: failure.data } : {}),
      };
      const response = new Response(JSON.stringify(body), {
        status: 500,
        headers: { "Content-Type": "application/json" },
      });
      return { response, logLines };
    }
  }

  /**
   * The time limit of the action at `udfPath` and Convex's error for it (source: convex-backend
   * isolate/environment/action/mod.rs; node-executor/src/executor.ts).
   */
  private actionTimeout(udfPath: string): { ms: number; message: string } {
    const node = this.host.support.runsInNode(udfPath);
    const seconds = this.services.actionTimeoutSeconds[node ? "node" : "isolate"];
    return {
      ms: seconds * 1000,
      message: node
        ? `Action \`${udfPath.split(":").pop()}\` execution timed out (maximum duration ${seconds}s)`
        : `Function execution timed out (maximum duration: ${seconds}s)`,
    };
  }

  private actionExecution(caller: Caller, logLines: string[], udfPath: string): ExecutionBase {
    const files = () => this.services.files();
    const context: ActionSyscallContext = {
      deploymentName: this.services.deploymentName,
      jobId: caller.jobId ?? null,
      udfPath,
      identity: caller.identityError ?? caller.identity,
      call: (name, a) => this.actionCall(name, a, caller, logLines),
      deleteFile: async (storageId) => {
        const id = await this.host.runSystemMutation((tx) => files().delete(tx, storageId));
        files().removeFile(id);
        return null;
      },
      readStorage: () => ({
        files: files(),
        cloudUrl: this.services.cloudUrl(),
        kind: "mutation",
        tx: this.services.db.beginRead(),
      }),
    };
    return {
      kind: "action",
      node: udfPath !== "http" && this.host.support.runsInNode(udfPath),
      logLines,
      random: null,
      now: null,
      env: this.services.environment(),
      syscall: (op) => {
        throw new SystemError(`Syscall ${op} is not available in actions.`);
      },
      asyncSyscall: (op, a) => actionSyscall(context, op, a),
      jsSyscall: (op, a) => this.actionJsSyscall(op, a),
    };
  }

  /** `ctx.runQuery/runMutation/runAction` and `ctx.scheduler.*` of an action. */
  private async actionCall(
    name: ActionSyscall,
    a: Record<string, unknown>,
    caller: Caller,
    logLines: string[],
  ): Promise<unknown> {
    const nested = { identity: caller.identity, isAdmin: true };
    switch (name) {
      case "1.0/actions/query": {
        const run = await this.host.runQuery(addressName(a), a.args as JSONValue, nested);
        return unwrap(run.outcome, logLines);
      }
      case "1.0/actions/mutation": {
        const run = await this.host.runMutation(addressName(a), a.args as JSONValue, nested);
        return unwrap(run.outcome, logLines);
      }
      case "1.0/actions/action":
        return unwrap(await this.run(addressName(a), a.args as JSONValue, nested), logLines);
      case "1.0/actions/schedule": {
        const path = this.host.support.schedulable(addressName(a));
        return this.host.runSystemMutation((tx) =>
          insertJob(this.services.db, tx, path, a.ts as number, a.args as JSONValue),
        );
      }
      case "1.0/actions/cancel_job":
        return this.host.runSystemMutation((tx) => cancelJob(this.services.db, tx, a.id));
      default:
        return name satisfies never;
    }
  }

  /** `ctx.storage.store(blob)` and `ctx.storage.get(id)` in actions (raw JS values). */
  private async actionJsSyscall(op: string, a: Record<string, unknown>): Promise<unknown> {
    const call = syscallOf(op);
    if (call.family !== "js") throw unsupported(op);
    const files = this.services.files();
    switch (call.name) {
      case "storage/storeBlob": {
        const blob = a.blob as Blob;
        if (!(blob instanceof Blob)) throw new SystemError("storage.store expects a Blob.");
        const received = files.receiveBytes(new Uint8Array(await blob.arrayBuffer()));
        const sha256 = (a.options as { sha256?: string } | undefined)?.sha256;
        return this.host.runSystemMutation((tx) =>
          files.register(tx, received, blob.type || null, sha256),
        );
      }
      case "storage/getBlob": {
        const file = files.metadata(this.services.db.beginRead(), a.storageId, "get");
        if (file === null) return null;
        return new Blob([new Uint8Array(files.read(file._id))], { type: file.contentType ?? "" });
      }
      default:
        return call satisfies never;
    }
  }
}
