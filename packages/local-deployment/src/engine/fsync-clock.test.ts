/** Where the WAL's fsync runs: on the loop while fsyncs are fast, on the thread pool when slow. */
import { describe, expect, it } from "vitest";
import { FsyncClock } from "./database.js";

describe("FsyncClock", () => {
  it("syncs on the loop while fsyncs are fast", () => {
    const clock = new FsyncClock();
    for (let i = 0; i < 200; i++) {
      expect(clock.onLoop()).toBe(true);
      clock.record(0.3);
    }
  });

  it("moves to the thread pool when fsyncs are slow, sampling the loop now and then, and comes back", () => {
    const clock = new FsyncClock();
    expect(clock.onLoop()).toBe(true);
    clock.record(20);
    let onLoop = 0;
    for (let i = 0; i < FsyncClock.RESAMPLE_EVERY * 4; i++) {
      if (clock.onLoop()) {
        onLoop++;
        clock.record(20);
      }
    }
    // Only the samples: one batch in RESAMPLE_EVERY.
    expect(onLoop).toBe(4);
    // The disk speeds up: the samples bring the average under the bar, and the loop takes over.
    for (let i = 0; i < FsyncClock.RESAMPLE_EVERY * 20; i++) {
      if (clock.onLoop()) clock.record(0.2);
    }
    for (let i = 0; i < 10; i++) expect(clock.onLoop()).toBe(true);
  });
});
