import { describe, expect, it } from "vitest";
import { ExecutionLog, MAX_ENTRIES, parseLogLine, type ExecutionRecord } from "./execution-log.js";

const record = (identifier: string, startedAt = 1_000): ExecutionRecord => ({
  udfType: "Mutation",
  identifier,
  startedAt,
  durationMs: 2,
  logLines: ["[WARN] careful", "no level"],
  error: null,
  caller: "User",
  identityType: "unknown",
});

describe("ExecutionLog", () => {
  it("returns entries after a cursor, including two in the same millisecond", () => {
    const log = new ExecutionLog();
    log.record(record("a:one"));
    const first = log.after(0);
    log.record(record("a:two"));
    log.record(record("a:three"));
    expect(first.entries.map((e) => e.identifier)).toEqual(["a:one"]);
    const next = log.after(first.newCursor);
    expect(next.entries.map((e) => e.identifier)).toEqual(["a:two", "a:three"]);
    expect(log.after(next.newCursor).entries).toEqual([]);
    expect(log.after(next.newCursor).newCursor).toBe(next.newCursor);
  });

  it("gives the CLI's units: seconds for timestamp and executionTime, parsed levels", () => {
    const log = new ExecutionLog();
    log.record(record("a:one", 5_000));
    const [entry] = log.after(0).entries;
    expect(entry!.timestamp).toBe(5);
    expect(entry!.executionTime).toBe(0.002);
    expect(entry!.logLines.map((l) => [l.level, l.messages[0], l.timestamp])).toEqual([
      ["WARN", "careful", 5_000],
      ["LOG", "no level", 5_000],
    ]);
  });

  it("keeps the newest entries only", () => {
    const log = new ExecutionLog();
    for (let i = 0; i < MAX_ENTRIES + 5; i++) log.record(record(`a:n${i}`));
    const { entries } = log.after(0);
    expect(entries).toHaveLength(MAX_ENTRIES);
    expect(entries[0]!.identifier).toBe("a:n5");
    // Past a compaction too: still the newest MAX_ENTRIES, in order.
    for (let i = MAX_ENTRIES + 5; i < 2 * MAX_ENTRIES + 7; i++) log.record(record(`a:n${i}`));
    const later = log.after(0).entries;
    expect(later).toHaveLength(MAX_ENTRIES);
    expect(later[0]!.identifier).toBe(`a:n${MAX_ENTRIES + 7}`);
    expect(later.at(-1)!.identifier).toBe(`a:n${2 * MAX_ENTRIES + 6}`);
    expect(log.stats(60_000, 10_000).counts.Mutation).toBe(MAX_ENTRIES);
  });

  it("wakes a waiting poll when an entry is recorded, and ends one that is aborted", async () => {
    const log = new ExecutionLog();
    const abort = new AbortController();
    const waiting = log.poll(0, 60_000, abort.signal);
    log.record(record("a:late"));
    expect((await waiting).entries.map((e) => e.identifier)).toEqual(["a:late"]);
    const aborted = log.poll(log.after(0).newCursor, 60_000, abort.signal);
    abort.abort();
    expect((await aborted).entries).toEqual([]);
  });

  it("parses a line without a known level as LOG", () => {
    expect(parseLogLine("[NOPE] x", 1).level).toBe("LOG");
    expect(parseLogLine("[ERROR] x", 1)).toMatchObject({ level: "ERROR", messages: ["x"] });
  });
});
