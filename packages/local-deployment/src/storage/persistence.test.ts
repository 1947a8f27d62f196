/**
 * Index scans at a snapshot (the newest entry per key with `ts <= snapshot`, tombstones hidden)
 * against a model of the history: random writes, deletions and re-insertions of a few keys over
 * many timestamps, read at random snapshots in both orders and in pages of random size, give the
 * same hits as the model. Documents: each snapshot reads its own revision, whether or not the
 * newest one is cached.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Persistence, type IndexEntryRow } from "./persistence.js";

const dirs: string[] = [];
/** Closes under way: their storage threads may touch the files until they end. */
const closing: Promise<void>[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-persistence-"));
  dirs.push(dir);
  return dir;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INDEX = 7;
const keyOf = (k: number) => Buffer.from([0x10, k]);

/** Every hit of `[lo, hi)` at `snapshot`, read page by page the way IndexStream continues. */
function scanAll(
  p: Persistence,
  snapshot: bigint,
  order: "asc" | "desc",
  pageSize: number,
  lo = keyOf(0),
  hi: Buffer | null = null,
): string[] {
  const out: string[] = [];
  for (;;) {
    const page = p.scan(INDEX, lo, hi, snapshot, order, pageSize);
    out.push(...page.hits.map((h) => `${h.key[1]}:${h.documentId}`));
    if (page.exhausted || page.lastKey === null) return out;
    if (order === "asc") lo = Buffer.concat([page.lastKey, Buffer.from([0])]);
    else hi = page.lastKey;
  }
}

/** The model: newest entry per key at or before the snapshot, live ones only, in key order. */
function modelScan(history: IndexEntryRow[], snapshot: bigint, order: "asc" | "desc"): string[] {
  const newest = new Map<number, IndexEntryRow>();
  for (const e of history) {
    if (e.ts > snapshot) continue;
    const k = e.key[1]!;
    const seen = newest.get(k);
    if (seen === undefined || e.ts >= seen.ts) newest.set(k, e);
  }
  const keys = [...newest.keys()].sort((a, b) => (order === "asc" ? a - b : b - a));
  return keys
    .filter((k) => !newest.get(k)!.deleted)
    .map((k) => `${k}:${newest.get(k)!.documentId}`);
}

/** An entry for one of `keys` keys at `ts`: a write, or a deletion one time in five. */
function randomEntry(next: () => number, keys: number, ts: bigint): IndexEntryRow {
  const k = Math.floor(next() * keys);
  return { indexId: INDEX, key: keyOf(k), ts, deleted: next() < 0.2, documentId: `doc${k}-${ts}` };
}

/** 300 commits over 12 keys: patches (same key, new ts), deletions and re-insertions. */
function writeHistory(p: Persistence, seed: number): IndexEntryRow[] {
  const next = random(seed);
  const history: IndexEntryRow[] = [];
  for (let ts = 1n; ts <= 300n; ts++) {
    const entry = randomEntry(next, 12, ts);
    p.append([], [entry], ts);
    p.commitBatch();
    history.push(entry);
  }
  return history;
}

function expectScansMatch(p: Persistence, history: IndexEntryRow[], seed: number): void {
  const next = random(seed);
  for (let i = 0; i < 60; i++) {
    const snapshot = BigInt(Math.floor(next() * 320));
    const order = next() < 0.5 ? "asc" : "desc";
    const pageSize = 1 + Math.floor(next() * 6);
    expect(scanAll(p, snapshot, order, pageSize), `snapshot ${snapshot} ${order}`).toEqual(
      modelScan(history, snapshot, order),
    );
  }
}

describe("Persistence.latestRevision", () => {
  it("reads each snapshot's revision, before and after the newest is cached", () => {
    const dir = tempDir();
    const write = (p: Persistence, ts: bigint, json: string | null) => {
      p.append([{ id: "a", ts, tableNumber: 1, json, prevTs: null }], [], ts);
      p.commitBatch();
    };
    const read = (p: Persistence, snapshot: bigint) =>
      p.latestRevision("a", snapshot)?.json ?? null;
    const first = new Persistence(dir);
    write(first, 10n, '{"v":1}');
    write(first, 20n, '{"v":2}');
    write(first, 30n, null);
    write(first, 40n, '{"v":4}');
    const expected = [
      [5n, null],
      [10n, '{"v":1}'],
      [25n, '{"v":2}'],
      [35n, null],
      [40n, '{"v":4}'],
    ] as const;
    // Newest first (cached by the writes), then older snapshots from the history.
    for (const [snapshot, json] of [...expected].reverse())
      expect(read(first, snapshot)).toBe(json);
    closing.push(first.close());
    // A fresh process: the first read fills the cache, at an old snapshot.
    const reopened = new Persistence(dir);
    for (const [snapshot, json] of expected) expect(read(reopened, snapshot)).toBe(json);
    expect(reopened.latestRevision("absent", 50n)).toBeNull();
    closing.push(reopened.close());
  });
});

describe("Persistence.sessionRequest", () => {
  it("finds every recorded request, whichever it is asked first, before and after a restart", () => {
    const dir = tempDir();
    const record = (p: Persistence, sessionId: string, requestId: number, ts: bigint) => {
      p.append([], [], ts, { sessionId, requestId, outcome: `{"n":${requestId}}` });
      p.commitBatch();
    };
    const outcome = (p: Persistence, sessionId: string, requestId: number) =>
      p.sessionRequest(sessionId, requestId)?.outcome ?? null;
    const first = new Persistence(dir);
    expect(outcome(first, "s", 1)).toBeNull(); // loads "none recorded" for s
    record(first, "s", 1, 10n);
    record(first, "s", 3, 20n); // request 2 failed: nothing recorded
    expect(outcome(first, "s", 1)).toBe('{"n":1}');
    expect(outcome(first, "s", 2)).toBeNull();
    expect(outcome(first, "s", 3)).toBe('{"n":3}');
    expect(outcome(first, "s", 4)).toBeNull();
    record(first, "t", 7, 30n); // a session not asked about yet
    closing.push(first.close());
    // After a restart the client re-sends 2, 3 and 4 in order: the miss for 2 must not hide 3.
    const reopened = new Persistence(dir);
    expect(outcome(reopened, "s", 2)).toBeNull();
    expect(outcome(reopened, "s", 3)).toBe('{"n":3}');
    expect(outcome(reopened, "s", 4)).toBeNull();
    expect(outcome(reopened, "t", 7)).toBe('{"n":7}');
    expect(outcome(reopened, "t", 8)).toBeNull();
    closing.push(reopened.close());
  });

  it("sweeps away the outcomes committed before the cutoff, page by page, and keeps the rest", async () => {
    const p = new Persistence(tempDir());
    // Three sessions, each with old (ts < 100) and recent outcomes interleaved in key order.
    const recorded: { sessionId: string; requestId: number; ts: bigint }[] = [];
    for (const sessionId of ["a", "b", "c"])
      for (let requestId = 0; requestId < 7; requestId++)
        recorded.push({ sessionId, requestId, ts: BigInt(((requestId * 37) % 11) * 20) });
    for (const r of recorded) p.append([], [], r.ts, { ...r, outcome: `"${r.requestId}"` });
    p.commitBatch();
    const old = recorded.filter((r) => r.ts < 100n);
    expect(old.length).toBeGreaterThan(0);
    expect(old.length).toBeLessThan(recorded.length);
    // Pages of 2 rows: a page boundary falls inside each session and between sessions.
    expect(await p.sweepSessionRequests(100n, 2)).toBe(old.length);
    for (const r of recorded)
      expect(p.sessionRequest(r.sessionId, r.requestId)?.outcome ?? null).toBe(
        r.ts < 100n ? null : `"${r.requestId}"`,
      );
    expect(await p.sweepSessionRequests(100n, 2)).toBe(0);
    closing.push(p.close());
  });

  it("forgets what a rolled-back batch recorded", () => {
    const p = new Persistence(tempDir());
    expect(p.sessionRequest("s", 1)).toBeNull();
    p.append([], [], 10n, { sessionId: "s", requestId: 1, outcome: "{}" });
    expect(p.sessionRequest("s", 1)?.outcome).toBe("{}"); // the open batch, same connection
    p.rollbackBatch();
    expect(p.sessionRequest("s", 1)).toBeNull();
    closing.push(p.close());
  });
});

describe("Persistence.scan", () => {
  it("sees, at any snapshot, the newest entry per key at or before it", () => {
    const p = new Persistence(tempDir());
    const history = writeHistory(p, 1);
    expectScansMatch(p, history, 2);
    // A bounded range: keys 3 to 8.
    const inRange = history.filter((e) => e.key[1]! >= 3 && e.key[1]! < 8);
    expect(scanAll(p, 150n, "asc", 2, keyOf(3), keyOf(8))).toEqual(modelScan(inRange, 150n, "asc"));
    closing.push(p.close());
  });

  it("answers repeated scans from memory only while they hold (scans between writes, property)", () => {
    for (const seed of [11, 12, 13]) {
      const p = new Persistence(tempDir());
      const next = random(seed);
      const history: IndexEntryRow[] = [];
      for (let ts = 1n; ts <= 200n; ts++) {
        // Some commits write no entry of the index (a patch that keeps its keys): answers hold.
        if (next() < 0.6) {
          const entry = randomEntry(next, 8, ts);
          p.append([], [entry], ts);
          history.push(entry);
        } else {
          p.append([{ id: `other${ts}`, ts, tableNumber: 2, json: "{}", prevTs: null }], [], ts);
        }
        p.commitBatch();
        // The same scans again and again (served from memory when unchanged), at the newest and
        // at older snapshots, in pages like IndexStream's.
        for (let i = 0; i < 3; i++) {
          const snapshot = next() < 0.5 ? ts : BigInt(Math.floor(next() * Number(ts + 1n)));
          const order = next() < 0.5 ? "asc" : "desc";
          const pageSize = [1, 2, 64][Math.floor(next() * 3)]!;
          expect(scanAll(p, snapshot, order, pageSize), `seed ${seed} at ${ts}`).toEqual(
            modelScan(history, snapshot, order),
          );
        }
      }
      // A rolled-back batch's entries are forgotten along with what was read through them.
      const doomed: IndexEntryRow = {
        indexId: INDEX,
        key: keyOf(9),
        ts: 201n,
        deleted: false,
        documentId: "doomed",
      };
      p.append([], [doomed], 201n);
      expect(scanAll(p, 201n, "asc", 64)).toEqual(modelScan([...history, doomed], 201n, "asc"));
      p.rollbackBatch();
      expect(scanAll(p, 201n, "asc", 64)).toEqual(modelScan(history, 201n, "asc"));
      closing.push(p.close());
    }
  });

  it("keeps the newest entry when a backfill writes older ones", () => {
    const p = new Persistence(tempDir());
    p.append(
      [],
      [{ indexId: INDEX, key: keyOf(1), ts: 20n, deleted: false, documentId: "new" }],
      20n,
    );
    p.commitBatch();
    p.transaction(() =>
      p.insertIndexEntries([
        { indexId: INDEX, key: keyOf(1), ts: 10n, deleted: false, documentId: "old" },
      ]),
    );
    expect(scanAll(p, 30n, "asc", 5)).toEqual(["1:new"]);
    expect(scanAll(p, 15n, "asc", 5)).toEqual(["1:old"]);
    p.deleteIndexEntries(INDEX);
    expect(scanAll(p, 30n, "asc", 5)).toEqual([]);
    closing.push(p.close());
  });
});
