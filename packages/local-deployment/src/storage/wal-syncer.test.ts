/**
 * The WAL sync thread: an fsync's outcome is readable from shared memory as soon as it returns
 * (`poll`), reported once, and a failed fsync is reported with its reason.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WalSyncer, type WalSyncState } from "./wal-syncer.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function syncer(): { syncer: WalSyncer; reports: () => number } {
  let reports = 0;
  const s = new WalSyncer(() => reports++);
  cleanups.push(() => s.close());
  return { syncer: s, reports: () => reports };
}

/** Polls until sync `seq` has returned or a sync failed (what a busy loop does between commits). */
async function settled(s: WalSyncer, seq: number): Promise<WalSyncState> {
  for (;;) {
    const state = s.poll();
    if (state.state === "failed" || state.synced >= seq) return state;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function walFile(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-wal-sync-"));
  const fd = fs.openSync(path.join(dir, "wal"), "w");
  cleanups.push(() => {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return fd;
}

describe("WalSyncer", () => {
  it("numbers syncs and reports each finished one, by poll and by the thread's message", async () => {
    const fd = walFile();
    const { syncer: s, reports } = syncer();
    expect(s.poll()).toEqual({ state: "ok", synced: 0 });
    for (let i = 1; i <= 3; i++) {
      fs.writeSync(fd, Buffer.alloc(4096, i));
      expect(s.start(fd)).toBe(i);
      expect(await settled(s, i)).toEqual({ state: "ok", synced: i });
    }
    await expect.poll(reports).toBe(3);
  });

  it("runs queued syncs in order without waiting for the caller to poll between them", async () => {
    const fd = walFile();
    const { syncer: s, reports } = syncer();
    const seqs = [1, 2, 3, 4].map((i) => {
      fs.writeSync(fd, Buffer.alloc(4096, i));
      return s.start(fd);
    });
    expect(seqs).toEqual([1, 2, 3, 4]);
    await expect.poll(reports).toBe(4);
    expect(s.poll()).toEqual({ state: "ok", synced: 4 });
  });

  it("reports a failed fsync with its reason, and runs no sync after it", async () => {
    const fd = walFile();
    const { syncer: s, reports } = syncer();
    const bad = s.start(987_654); // not an open descriptor
    s.start(fd);
    const state = await settled(s, bad);
    expect(state.state).toBe("failed");
    expect(state.state === "failed" && state.error).toMatch(/EBADF|bad file descriptor/i);
    // The sync queued behind the failure did not run (and reports nothing).
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reports()).toBe(1);
    expect(s.poll().state).toBe("failed");
  });
});
