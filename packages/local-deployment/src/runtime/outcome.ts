/**
 * A function call's result as the protocol reports it, and how thrown values become one with
 * Convex's message shapes (convex-protocol.md a.7): `ConvexError` keeps its data, errors the
 * runtime raises for the caller keep their message, anything else is `Uncaught <Name>: …`.
 */
import type { JSONValue } from "convex/values";
import { FilterError } from "../engine/filter.js";
import { QueryError } from "../engine/query.js";
import { LimitError } from "../engine/transaction.js";
import { StorageError } from "../files/file-store.js";
import { ScheduleError } from "../engine/scheduled-jobs.js";
import { UserError } from "./database-syscalls.js";
import { SyscallError } from "./host.js";

export type Outcome =
  | { ok: true; value: JSONValue; logLines: string[] }
  | { ok: false; message: string; data?: JSONValue; logLines: string[] };

/** Thrown for system errors whose message must reach the client verbatim. */
export class SystemError extends UserError {}

/** The outcome a nested call failed with, rethrown as a syscall rejection (keeps ConvexError data). */
export function unwrap(outcome: Outcome, logLines: string[]): JSONValue {
  logLines.push(...outcome.logLines);
  if (outcome.ok) return outcome.value;
  throw new SyscallError(outcome.message, outcome.data);
}

export function asSyscallError(e: unknown): Error {
  const failure = toFailure(e, []);
  if (failure.ok) return new Error("unreachable");
  return new SyscallError(failure.message, failure.data);
}

/** Converts a thrown value into a failed Outcome with Convex's message shapes (a.7). */
export function toFailure(e: unknown, logLines: string[]): Outcome {
  if (typeof e === "object" && e !== null && Symbol.for("ConvexError") in e) {
    const err = e as { message: string; data: unknown };
    const data =
      typeof err.data === "string" ? (JSON.parse(err.data) as JSONValue) : (err.data as JSONValue);
    // A ConvexError rethrown from a nested call (ctx.runMutation) already carries the prefix.
    const message = err.message.startsWith("Uncaught ConvexError: ")
      ? err.message
      : `Uncaught ConvexError: ${err.message}`;
    return { ok: false, message, data, logLines };
  }
  if (e instanceof SyscallError && e.data !== undefined) {
    return { ok: false, message: e.message, data: e.data as JSONValue, logLines };
  }
  if (
    e instanceof UserError ||
    e instanceof QueryError ||
    e instanceof LimitError ||
    e instanceof FilterError ||
    e instanceof ScheduleError ||
    e instanceof StorageError
  ) {
    return { ok: false, message: e.message, logLines };
  }
  if (e instanceof Error) {
    const message = e.message.startsWith("Uncaught ")
      ? e.message
      : `Uncaught ${e.name}: ${e.message}`;
    return { ok: false, message, logLines };
  }
  return { ok: false, message: `Uncaught ${String(e)}`, logLines };
}
