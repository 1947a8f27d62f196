/**
 * Small pieces of the function runner: per-call database state, journals, function addresses,
 * transaction metrics and the wording of "not supported" errors.
 */
import type { Transaction } from "../engine/transaction.js";
import type { DatabaseSyscallState } from "./database-syscalls.js";
import { SystemError } from "./outcome.js";

export function describeOp(op: string): string {
  if (op.includes("vectorSearch")) return "Vector search";
  return "This feature";
}

export function article(kind: string): string {
  return kind === "action" ? "an" : "a";
}

export function dbState(tx: Transaction, journalEndCursor: string | null): DatabaseSyscallState {
  return {
    tx,
    streams: new Map(),
    nextStreamId: 0,
    paginated: false,
    journalEndCursor,
    pageEndCursor: null,
  };
}

export function parseJournal(journal: string | null): string | null {
  if (journal === null) return null;
  try {
    const parsed = JSON.parse(journal) as { endCursor?: unknown };
    return typeof parsed.endCursor === "string" ? parsed.endCursor : null;
  } catch {
    return null;
  }
}

export function addressName(a: Record<string, unknown>): string {
  if (typeof a.name === "string") return a.name;
  throw new SystemError(
    "Function references and handles are not supported yet by the local deployment; call functions by name.",
  );
}

export function transactionMetrics(
  tx: Transaction,
): Record<string, { used: number; remaining: number }> {
  const m = (used: number, limit: number) => ({ used, remaining: Math.max(0, limit - used) });
  return {
    bytesRead: m(tx.bytesRead, 16 * 1024 * 1024),
    bytesWritten: m(0, 16 * 1024 * 1024),
    databaseQueries: m(0, 4096),
    documentsRead: m(tx.documentsRead, 32_000),
    documentsWritten: m(tx.writes.size, 16_000),
    functionsScheduled: m(0, 1000),
    scheduledFunctionArgsBytes: m(0, 16 * 1024 * 1024),
    filesWritten: m(0, 0),
    fileWriteBytes: m(0, 0),
    filesRead: m(0, 0),
    fileReadBytes: m(0, 0),
  };
}
