/**
 * FloorScan (the scheduler's scan of pending jobs from where the live ones start) against a plain
 * scan of the whole range: random schedules, completions and cancellations, including jobs
 * scheduled before every pending one (which must lower the floor), give the same jobs either way,
 * also when some ids are skipped.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Database } from "../engine/database.js";
import { QueryStream, type RangeExpr } from "../engine/query.js";
import { Persistence } from "../storage/persistence.js";
import { FloorScan } from "./floor-scan.js";
import { insertJob, SCHEDULED_FUNCTIONS, setJobState, type Job } from "../engine/scheduled-jobs.js";

const PENDING: RangeExpr[] = [{ type: "Eq", fieldPath: "state.kind", value: "pending" }];
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(): { db: Database; persistence: Persistence } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-floor-scan-"));
  dirs.push(dir);
  const persistence = new Persistence(dir);
  return { db: new Database(persistence), persistence };
}

/** Pending job ids with scheduledTime ≤ until, by a scan of the whole pending range. */
function plainScan(db: Database, until: number, limit: number): string[] {
  const range = [...PENDING, { type: "Lte" as const, fieldPath: "scheduledTime", value: until }];
  const stream = new QueryStream(db.beginRead(), {
    source: {
      type: "IndexRange",
      indexName: `${SCHEDULED_FUNCTIONS}.by_next_ts`,
      range,
      order: "asc",
    },
    operators: [{ limit }],
  });
  const ids: string[] = [];
  for (let doc = stream.next(); doc !== null; doc = stream.next()) ids.push(doc._id as string);
  return ids;
}

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("FloorScan", () => {
  it("finds the same pending jobs as a scan of the whole range", async () => {
    const { db, persistence } = open();
    const floor = new FloorScan(db, SCHEDULED_FUNCTIONS, "by_next_ts", PENDING);
    db.onCommit((_ts, writes) => floor.onCommit(writes));
    const rand = random(7);
    const base = Date.now();
    const pending = new Map<string, Job>();
    for (let step = 0; step < 300; step++) {
      const tx = db.beginWrite();
      const r = rand();
      if (r < 0.45 || pending.size === 0) {
        // Mostly later than everything so far; sometimes before every pending job.
        const at = base + (rand() < 0.2 ? -step * 10 : step * 10 + Math.floor(rand() * 50));
        insertJob(db, tx, "jobs:record", at / 1000, { step });
      } else {
        const ids = [...pending.keys()].sort();
        const job = pending.get(ids[Math.floor(rand() * ids.length)]!)!;
        setJobState(db, tx, job, rand() < 0.8 ? { kind: "success" } : { kind: "canceled" });
      }
      await db.commit(tx);
      pending.clear();
      for (const id of plainScan(db, Infinity, Infinity))
        pending.set(id, db.beginRead().get(id) as unknown as Job);
      const until = base + step * 10 * (rand() < 0.5 ? 1 : -1);
      const limit = 1 + Math.floor(rand() * 5);
      const viaFloor = floor.scan({ type: "Lte", fieldPath: "scheduledTime", value: until }, limit);
      expect(viaFloor.map((d) => d._id)).toEqual(plainScan(db, until, limit));
      expect(floor.scan(null, 1).map((d) => d._id)).toEqual(plainScan(db, Infinity, 1));
      // Skipped ids (the scheduler's started jobs) are passed over, not counted.
      const skipped = new Set(plainScan(db, Infinity, 2).filter(() => rand() < 0.7));
      expect(floor.scan(null, 2, (id) => skipped.has(id)).map((d) => d._id)).toEqual(
        plainScan(db, Infinity, 4)
          .filter((id) => !skipped.has(id))
          .slice(0, 2),
      );
    }
    await db.drain();
    await persistence.close();
  });

  it("forgets its floor on a change of everything", async () => {
    const { db, persistence } = open();
    // Not subscribed to commits: only "all" can make the floor safe again.
    const floor = new FloorScan(db, SCHEDULED_FUNCTIONS, "by_next_ts", PENDING);
    const tx = db.beginWrite();
    const late = insertJob(db, tx, "jobs:record", Date.now() / 1000 + 60, {});
    await db.commit(tx);
    expect(floor.scan(null, 1).map((d) => d._id)).toEqual([late]);
    const early = db.beginWrite();
    const id = insertJob(db, early, "jobs:record", Date.now() / 1000 - 60, {});
    await db.commit(early);
    floor.onCommit("all");
    expect(floor.scan(null, 1).map((d) => d._id)).toEqual([id]);
    await db.drain();
    await persistence.close();
  });
});
