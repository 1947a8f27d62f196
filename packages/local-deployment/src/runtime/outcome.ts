/**
 * A function call's result as the protocol reports it, and how thrown values become one with
 * Convex's message shapes (convex-protocol.md a.7): `ConvexError` keeps its data, errors the
 * runtime raises for the caller keep their message, anything else is `Uncaught <Name>: …`.
 */
import crypto from "node:crypto";
import type { JSONValue } from "convex/values";
import { FilterError } from "../engine/filter.js";
import { QueryError } from "../engine/query.js";
import { LimitError } from "../engine/transaction.js";
import { StorageError } from "../files/file-store.js";
import { ScheduleError } from "../engine/scheduled-jobs.js";
import { UserError } from "./database-syscalls.js";
import { SyscallError } from "./host.js";
import { uncaughtText } from "./stack.js";

export type Outcome =
  | { ok: true; value: JSONValue; logLines: string[] }
  | { ok: false; message: string; data?: JSONValue; logLines: string[] };

/**
 * What a client receives for a failed function: `[Request ID: <id>] Server Error\n<message>`
 * (convex-cli-and-errors.md §7; convex-backend application/src/redaction.rs). `id` is 16 hex
 * characters: from `parts` (WebSocket: session id and request or query id, so a result sent
 * again is the same text) or random (HTTP).
 */
export function clientErrorMessage(message: string, ...parts: (string | number)[]): string {
  const id =
    parts.length === 0
      ? crypto.randomBytes(8).toString("hex")
      : crypto.createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);
  return `[Request ID: ${id}] Server Error\n${message}`;
}

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

/**
 * Converts a thrown value into a failed Outcome with Convex's message shapes (a.7): an error
 * thrown in user code is `Uncaught <Name>: <message>` followed by its user-code stack frames
 * (stack.ts), so an error that came out of a nested call (whose message is already such a text)
 * reads `Uncaught Error: Uncaught Error: …` as in Convex; a ConvexError keeps its subclass name
 * and its data. Errors the runtime raises for the caller (UserError and the engine's errors)
 * and nested-call failures rethrown by the runner (SyscallError) keep their message.
 */
export function toFailure(e: unknown, logLines: string[]): Outcome {
  if (typeof e === "object" && e !== null && Symbol.for("ConvexError") in e) {
    const err = e as { name: string; message: string; data: unknown };
    const data =
      typeof err.data === "string" ? (JSON.parse(err.data) as JSONValue) : (err.data as JSONValue);
    const name = typeof err.name === "string" && err.name !== "" ? err.name : "ConvexError";
    return { ok: false, message: uncaughtText(name, err.message, e), data, logLines };
  }
  if (e instanceof SyscallError) {
    return e.data === undefined
      ? { ok: false, message: e.message, logLines }
      : { ok: false, message: e.message, data: e.data as JSONValue, logLines };
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
    return { ok: false, message: uncaughtText(e.name, e.message, e), logLines };
  }
  return { ok: false, message: `Uncaught ${String(e)}`, logLines };
}
