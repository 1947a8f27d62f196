/**
 * Reading the deployment's execution log as `convex logs` does: long-polls
 * `GET /api/stream_function_logs?cursor=<ms>` (packages/local-deployment
 * src/runtime/execution-log.ts); `timestamp` and `executionTime` are in seconds.
 */
import type { Admin } from "./admin";

export interface LogLine {
  messages: string[];
  level: string;
  timestamp: number;
}

export interface Execution {
  udfType: "Query" | "Mutation" | "Action" | "HttpAction";
  identifier: string;
  timestamp: number;
  executionTime: number;
  logLines: LogLine[];
  error: string | null;
  caller: string;
  executionId: string;
}

export async function readLogs(
  admin: Admin,
  cursor: number,
  signal?: AbortSignal,
): Promise<{ entries: Execution[]; newCursor: number }> {
  return admin.fetchJson(`/api/stream_function_logs?cursor=${cursor}`, undefined, signal);
}

/** Tails the log from `cursor` until `signal` aborts, calling `onEntries` with each batch. */
export async function tailLogs(
  admin: Admin,
  cursor: number,
  onEntries: (entries: Execution[]) => void,
  onError: (message: string | null) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const { entries, newCursor } = await readLogs(admin, cursor, signal);
      cursor = newCursor;
      onError(null);
      if (entries.length > 0) onEntries(entries);
    } catch (e) {
      if (signal.aborted) return;
      onError((e as Error).message);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
