/**
 * Commits are acknowledged only after their batch's fsync, which runs on the sync thread while
 * mutations go on; a failed fsync rejects its batch's commits and every later one (as databases
 * do on fsync errors), without an unhandled rejection.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Persistence } from "../storage/persistence.js";
import { Database } from "./database.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function open(): { db: Database; persistence: Persistence } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-durability-"));
  const persistence = new Persistence(dir);
  cleanups.push(async () => {
    await persistence.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { db: new Database(persistence), persistence };
}

function insert(db: Database, n: number): Promise<bigint> {
  const tx = db.beginWrite();
  db.insertSystemDocument(tx, "_durability_test", { n });
  return db.commit(tx);
}

describe("Database durability", () => {
  it("acknowledges commits in order once durable, while later ones keep committing", async () => {
    const { db } = open();
    const acked: bigint[] = [];
    const commits = Array.from({ length: 200 }, (_, n) =>
      insert(db, n).then((ts) => {
        // Durable before acknowledged: the snapshot for readers has reached it.
        expect(db.durableTs >= ts).toBe(true);
        acked.push(ts);
      }),
    );
    await Promise.all(commits);
    expect(acked).toEqual([...acked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(acked).size).toBe(200);
  });

  it("starts a batch's fsync while the one before runs, at most two at a time", async () => {
    const { db, persistence } = open();
    await insert(db, 0);
    // Hold the syncs back (numbered as the sync thread numbers them) to see when each starts.
    const syncer = (persistence as unknown as { walSyncer: { started: number } }).walSyncer;
    const real = persistence.startWalSync.bind(persistence);
    const held: number[] = [];
    persistence.startWalSync = () => {
      held.push(syncer.started + held.length + 1);
      return held.at(-1)!;
    };
    const acked: string[] = [];
    const commits = [1, 2, 3].map((n) => {
      const commit = insert(db, n).then(() => acked.push(`${n}`));
      db.flush();
      return commit;
    });
    // The first two batches' syncs were started without waiting for each other; the third waits.
    expect(held).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(acked).toEqual([]);
    persistence.startWalSync = real;
    for (let i = 0; i < held.length; i++) real();
    await Promise.all(commits);
    expect(acked).toEqual(["1", "2", "3"]);
  });

  it("rejects a failed fsync's commits and every later one, with no unhandled rejection", async () => {
    const { db, persistence } = open();
    await insert(db, 0);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    cleanups.push(() => process.off("unhandledRejection", onUnhandled));
    // The disk fails: the next fsync reports an error.
    const syncer = (persistence as unknown as { walSyncer: { start(fd: number): void } }).walSyncer;
    const start = syncer.start.bind(syncer);
    syncer.start = () => start(987_654);
    const failing = insert(db, 1);
    await expect(failing).rejects.toThrow(/Failed to make commits durable \(fsync of the WAL\)/);
    await expect(insert(db, 2)).rejects.toThrow(/Failed to make commits durable/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
