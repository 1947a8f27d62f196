/**
 * The deployment's function execution log: one entry per query, mutation, action and HTTP action
 * execution, kept in memory (the newest MAX_ENTRIES), read by `GET /api/stream_function_logs`
 * (what `npx convex logs` and `convex dev` tail) and by the dashboard.
 *
 * Entries have the CLI's `FunctionExecution` shape with `kind: "Completion"` (source: convex@1.48
 * src/cli/lib/generatedFunctionLogsApi.ts, logs.ts): `timestamp` and `executionTime` are in
 * **seconds** (float), `logLines` are `{messages, level, timestamp (ms), isTruncated}`, `error` is
 * the failure message (`Uncaught Error: …`) or null. The poll cursor is in milliseconds: entries
 * after it are returned with `newCursor`, the cursor of the last one. Cursors are strictly
 * increasing, so two executions in the same millisecond are both delivered.
 */

/** Entries kept; older ones are dropped (a long-poll that fell behind sees the newest ones). */
export const MAX_ENTRIES = 10_000;

export type UdfType = "Query" | "Mutation" | "Action" | "HttpAction";
export type LogLevel = "DEBUG" | "ERROR" | "WARN" | "INFO" | "LOG";

export interface LogLine {
  messages: string[];
  level: LogLevel;
  /** Milliseconds since the epoch. */
  timestamp: number;
  isTruncated: boolean;
}

export interface FunctionExecution {
  kind: "Completion";
  udfType: UdfType;
  /** `module:function` (`dir/mod:name`) or, for an HTTP action, `METHOD /path`. */
  identifier: string;
  /** Seconds since the epoch when the execution started. */
  timestamp: number;
  /** Seconds. */
  executionTime: number;
  logLines: LogLine[];
  cachedResult: boolean;
  /** `"User"`, `"Admin"`, `"Scheduler"` or `"HttpEndpoint"`. */
  caller: string;
  error: string | null;
  requestId: string;
  executionId: string;
  identityType: string;
  environment: "isolate" | "node";
  willRetry: false;
  executionTimestamp: number;
  usageStats: Record<string, number>;
}

export interface ExecutionStats {
  windowMs: number;
  counts: Record<UdfType, number>;
  failures: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** What the runner knows about one finished execution. */
export interface ExecutionRecord {
  udfType: UdfType;
  identifier: string;
  /** Date.now() at the start, ms. */
  startedAt: number;
  /** Duration, ms. */
  durationMs: number;
  /** `[LEVEL] text` lines, as the runtime's console writes them. */
  logLines: string[];
  error: string | null;
  caller: string;
  identityType: string;
  environment?: "isolate" | "node";
}

const LEVELS = new Set<LogLevel>(["DEBUG", "ERROR", "WARN", "INFO", "LOG"]);
const ZERO_USAGE = {
  databaseReadBytes: 0,
  databaseWriteBytes: 0,
  databaseReadDocuments: 0,
  storageReadBytes: 0,
  storageWriteBytes: 0,
  vectorIndexReadBytes: 0,
  vectorIndexWriteBytes: 0,
  memoryUsedMb: 0,
};

/** `[WARN] text` → `{level: "WARN", messages: ["text"]}`; a line without a level is `LOG`. */
export function parseLogLine(line: string, timestamp: number): LogLine {
  const match = /^\[([A-Z]+)\] /.exec(line);
  const level = match !== null && LEVELS.has(match[1] as LogLevel) ? (match[1] as LogLevel) : null;
  return {
    messages: [level === null ? line : line.slice(match![0].length)],
    level: level ?? "LOG",
    timestamp,
    isTruncated: false,
  };
}

let nextId = 0;

export class ExecutionLog {
  /** Oldest first; `entries[first]` is the oldest kept (older ones await compaction). */
  private entries: { cursor: number; entry: FunctionExecution }[] = [];
  private first = 0;
  private lastCursor = 0;
  private readonly waiters = new Set<() => void>();

  record(r: ExecutionRecord): void {
    const cursor = Math.max(r.startedAt + r.durationMs, this.lastCursor + 0.001);
    this.lastCursor = cursor;
    const id = (++nextId).toString(16).padStart(16, "0");
    const entry: FunctionExecution = {
      kind: "Completion",
      udfType: r.udfType,
      identifier: r.identifier,
      timestamp: r.startedAt / 1000,
      executionTime: r.durationMs / 1000,
      logLines: r.logLines.map((line) => parseLogLine(line, r.startedAt)),
      cachedResult: false,
      caller: r.caller,
      error: r.error,
      requestId: id,
      executionId: id,
      identityType: r.identityType,
      environment: r.environment ?? "isolate",
      willRetry: false,
      executionTimestamp: r.startedAt / 1000,
      usageStats: ZERO_USAGE,
    };
    this.entries.push({ cursor, entry });
    // Drop the oldest by moving `first`; compact once MAX_ENTRIES are dropped (amortized O(1)).
    if (this.entries.length - this.first > MAX_ENTRIES) this.first++;
    if (this.first >= MAX_ENTRIES) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /**
   * Executions that ended in the last `windowMs` (ms): counts per kind, failures, and the
   * p50/p95 execution time in ms (null when there were none).
   */
  stats(windowMs: number, now = Date.now()): ExecutionStats {
    const counts: Record<UdfType, number> = { Query: 0, Mutation: 0, Action: 0, HttpAction: 0 };
    const times: number[] = [];
    let failures = 0;
    for (let i = this.entries.length - 1; i >= this.first; i--) {
      const { cursor, entry } = this.entries[i]!;
      if (cursor < now - windowMs) break;
      counts[entry.udfType]++;
      if (entry.error !== null) failures++;
      times.push(entry.executionTime * 1000);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => (times.length === 0 ? null : times[Math.ceil(q * times.length) - 1]!);
    return { windowMs, counts, failures, p50Ms: at(0.5), p95Ms: at(0.95) };
  }

  /** Entries recorded after `cursor` (ms), oldest first, and the cursor to ask with next. */
  after(cursor: number): { entries: FunctionExecution[]; newCursor: number } {
    let lo = this.first;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.cursor <= cursor) lo = mid + 1;
      else hi = mid;
    }
    const found = this.entries.slice(lo);
    return {
      entries: found.map((e) => e.entry),
      newCursor: found.length === 0 ? Math.max(cursor, this.lastCursor) : found.at(-1)!.cursor,
    };
  }

  /** Like `after`, but waits up to `timeoutMs` for an entry when there is none yet. */
  async poll(
    cursor: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ entries: FunctionExecution[]; newCursor: number }> {
    const now = this.after(cursor);
    if (now.entries.length > 0 || signal.aborted) return now;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener("abort", done);
    });
    return this.after(cursor);
  }
}
