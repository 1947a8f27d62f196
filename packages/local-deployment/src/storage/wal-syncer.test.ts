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

/** Polls until the state is no longer "running" (what a busy event loop does between commits). */
async function settled(s: WalSyncer): Promise<WalSyncState> {
  for (;;) {
    const state = s.poll();
    if (state.state !== "running") return state;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe("WalSyncer", () => {
  it("reports a finished fsync once, by poll and by the thread's message", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-wal-sync-"));
    const fd = fs.openSync(path.join(dir, "wal"), "w");
    cleanups.push(() => {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const { syncer: s, reports } = syncer();
    expect(s.poll()).toEqual({ state: "idle" });
    for (let i = 0; i < 3; i++) {
      fs.writeSync(fd, Buffer.alloc(4096, i));
      s.start(fd);
      expect(await settled(s)).toEqual({ state: "synced" });
      expect(s.poll()).toEqual({ state: "idle" });
    }
    await expect.poll(reports).toBe(3);
  });

  it("reports a failed fsync with its reason", async () => {
    const { syncer: s } = syncer();
    s.start(987_654); // not an open descriptor
    const state = await settled(s);
    expect(state.state).toBe("failed");
    expect(state.state === "failed" && state.error).toMatch(/EBADF|bad file descriptor/i);
    expect(s.poll()).toEqual({ state: "idle" });
  });
});
