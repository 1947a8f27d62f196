/**
 * The syscalls the Convex runtime's JavaScript sends (`Convex.syscall`, `Convex.asyncSyscall`,
 * `Convex.jsSyscall`; source: convex@1.48 server/impl/syscall.ts and its callers), as one
 * discriminated union: every name belongs to exactly one family, each family has one typed
 * handler, and each handler's switch ends in `satisfies never`, so a name added here without its
 * handler does not compile (the shape of sync/session.ts's frame dispatch).
 *
 *   database  `ctx.db.*`                      runtime/database-syscalls.ts
 *   storage   `ctx.storage.*`                 files/syscalls.ts (actions: `storageDelete` here)
 *   function  identity, metadata, nesting, scheduling inside queries and mutations, and the
 *             deployment/request metadata every function may read            (this module)
 *   action    `ctx.runQuery/runMutation/runAction`, `ctx.scheduler.*` in actions (this module)
 *   js        `ctx.storage.store(blob)` / `get(id)` in actions, raw JS values  (this module)
 *
 * Anything else is answered with Convex's "not supported" shape, naming the syscall.
 */
import type { JSONValue } from "convex/values";
import type { Database } from "../engine/database.js";
import {
  STORAGE_SYSCALLS,
  storageSyscall,
  type StorageContext,
  type StorageSyscall,
} from "../files/syscalls.js";
import { describeOp } from "./call-support.js";
import {
  DATABASE_SYSCALLS,
  databaseSyscall,
  type DatabaseSyscall,
  type DatabaseSyscallState,
} from "./database-syscalls.js";
import type { UserIdentity } from "./identity.js";
import { SystemError } from "./outcome.js";

export const FUNCTION_SYSCALLS = [
  "1.0/runUdf",
  "1.0/getUserIdentity",
  "1.0/getFunctionMetadata",
  "1.0/getTransactionMetrics",
  "1.0/schedule",
  "1.0/cancel_job",
  "1.0/getDeploymentMetadata",
  "1.0/getRequestMetadata",
] as const;
export type FunctionSyscall = (typeof FUNCTION_SYSCALLS)[number];

export const ACTION_SYSCALLS = [
  "1.0/actions/query",
  "1.0/actions/mutation",
  "1.0/actions/action",
  "1.0/actions/schedule",
  "1.0/actions/cancel_job",
] as const;
export type ActionSyscall = (typeof ACTION_SYSCALLS)[number];

export const JS_SYSCALLS = ["storage/storeBlob", "storage/getBlob"] as const;
export type JsSyscall = (typeof JS_SYSCALLS)[number];

/** One syscall name, classified. */
export type Syscall =
  | { family: "database"; name: DatabaseSyscall }
  | { family: "storage"; name: StorageSyscall }
  | { family: "function"; name: FunctionSyscall }
  | { family: "action"; name: ActionSyscall }
  | { family: "js"; name: JsSyscall }
  | { family: "unknown"; name: string };

const FAMILIES = new Map<string, Syscall>([
  ...DATABASE_SYSCALLS.map((name) => [name, { family: "database", name }] as const),
  ...STORAGE_SYSCALLS.map((name) => [name, { family: "storage", name }] as const),
  ...FUNCTION_SYSCALLS.map((name) => [name, { family: "function", name }] as const),
  ...ACTION_SYSCALLS.map((name) => [name, { family: "action", name }] as const),
  ...JS_SYSCALLS.map((name) => [name, { family: "js", name }] as const),
]);

export function syscallOf(op: string): Syscall {
  return FAMILIES.get(op) ?? { family: "unknown", name: op };
}

/** Convex's answer to a syscall the local deployment does not implement. */
export function unsupported(op: string): SystemError {
  return new SystemError(
    `${describeOp(op)} is not supported yet by the local deployment (syscall ${op}).`,
  );
}

/** What every function may read about the deployment and the request. */
export interface MetadataContext {
  deploymentName: string;
  /** The `_scheduled_functions` job being run, if any. */
  jobId: string | null;
  /** The function's canonical path. */
  udfPath: string;
}

function metadata(
  name: "1.0/getDeploymentMetadata" | "1.0/getRequestMetadata" | "1.0/getFunctionMetadata",
  ctx: MetadataContext,
): unknown {
  switch (name) {
    case "1.0/getDeploymentMetadata":
      return { name: ctx.deploymentName, region: null, class: "s16" };
    case "1.0/getRequestMetadata":
      return {
        ip: null,
        userAgent: null,
        requestId: "",
        scheduledFunctionId: ctx.jobId,
        authToken: null,
      };
    case "1.0/getFunctionMetadata":
      return { name: ctx.udfPath, componentPath: "" };
    default:
      return name satisfies never;
  }
}

/** What a query or mutation's syscalls reach. */
export interface UdfSyscallContext extends MetadataContext {
  kind: "query" | "mutation";
  db: Database;
  state: DatabaseSyscallState;
  storage: StorageContext;
  /** The caller's identity; reading it marks the execution as identity-dependent. */
  identity(): UserIdentity | null;
  /** `ctx.runQuery` / `ctx.runMutation` in a child transaction. */
  runNested(a: Record<string, unknown>): Promise<JSONValue>;
  /** Inserts a `_scheduled_functions` job in this transaction; returns its id. */
  schedule(a: Record<string, unknown>): string;
  cancel(a: Record<string, unknown>): unknown;
  transactionMetrics(): unknown;
}

/** A query or mutation's synchronous syscall: only the database answers those. */
export function udfSyscallSync(ctx: UdfSyscallContext, op: string, a: Record<string, unknown>) {
  const call = syscallOf(op);
  if (call.family !== "database") throw new SystemError(`Unknown syscall ${op}`);
  return databaseSyscall(ctx.db, ctx.state, call.name, a);
}

/** A query or mutation's async syscall. */
export async function udfSyscall(
  ctx: UdfSyscallContext,
  op: string,
  a: Record<string, unknown>,
): Promise<unknown> {
  const call = syscallOf(op);
  switch (call.family) {
    case "database":
      return databaseSyscall(ctx.db, ctx.state, call.name, a);
    case "storage":
      return storageSyscall(ctx.storage, call.name, a);
    case "function":
      return udfFunctionSyscall(ctx, call.name, a);
    case "action":
    case "js":
    case "unknown":
      throw unsupported(op);
    default:
      return call satisfies never;
  }
}

function udfFunctionSyscall(
  ctx: UdfSyscallContext,
  name: FunctionSyscall,
  a: Record<string, unknown>,
): unknown {
  switch (name) {
    case "1.0/runUdf":
      return ctx.runNested(a);
    case "1.0/getUserIdentity":
      return ctx.identity();
    case "1.0/getTransactionMetrics":
      return ctx.transactionMetrics();
    case "1.0/schedule":
      if (ctx.kind !== "mutation") {
        throw new SystemError("Only mutations and actions can schedule functions.");
      }
      return ctx.schedule(a);
    case "1.0/cancel_job":
      return ctx.cancel(a);
    case "1.0/getFunctionMetadata":
    case "1.0/getDeploymentMetadata":
    case "1.0/getRequestMetadata":
      return metadata(name, ctx);
    default:
      return name satisfies never;
  }
}

/** What an action's syscalls reach: each call is its own transaction. */
export interface ActionSyscallContext extends MetadataContext {
  /** An Error: the request's token was refused, and `getUserIdentity()` throws it. */
  identity: UserIdentity | null | Error;
  /** The action's `ctx.runQuery/runMutation/runAction` and `ctx.scheduler.*`. */
  call(name: ActionSyscall, a: Record<string, unknown>): Promise<unknown>;
  /** Deletes a stored file in its own transaction. */
  deleteFile(storageId: unknown): Promise<null>;
  /** Storage reads (`getUrl`, `getMetadata`) at the latest commit. */
  readStorage(): StorageContext;
}

/** An action's async syscall. */
export async function actionSyscall(
  ctx: ActionSyscallContext,
  op: string,
  a: Record<string, unknown>,
): Promise<unknown> {
  const call = syscallOf(op);
  switch (call.family) {
    case "action":
      return ctx.call(call.name, a);
    case "function":
      switch (call.name) {
        case "1.0/getUserIdentity":
          if (ctx.identity instanceof Error) throw ctx.identity;
          return ctx.identity;
        case "1.0/getFunctionMetadata":
        case "1.0/getDeploymentMetadata":
        case "1.0/getRequestMetadata":
          return metadata(call.name, ctx);
        case "1.0/runUdf":
        case "1.0/getTransactionMetrics":
        case "1.0/schedule":
        case "1.0/cancel_job":
          throw unsupported(op);
        default:
          return call satisfies never;
      }
    case "storage":
      switch (call.name) {
        case "1.0/storageDelete":
          return ctx.deleteFile(a.storageId);
        case "1.0/storageStore":
        case "1.0/storageGet":
          throw new SystemError(
            `${op} is for mutations; actions use storage/storeBlob and storage/getBlob.`,
          );
        case "1.0/storageGetUrl":
        case "1.0/storageGetMetadata":
        case "1.0/storageGenerateUploadUrl":
          return storageSyscall(ctx.readStorage(), call.name, a);
        default:
          return call satisfies never;
      }
    case "database":
    case "js":
    case "unknown":
      throw unsupported(op);
    default:
      return call satisfies never;
  }
}
