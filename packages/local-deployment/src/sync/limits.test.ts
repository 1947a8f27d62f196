/**
 * Transitions are spaced by how busy the event loop is: the idle interval on a quiet loop, the
 * busy one on a full loop, in between linearly; and the loop's load is measured as it runs.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_SYNC_LIMITS,
  LOOP_BUSY_UTILIZATION,
  LOOP_IDLE_UTILIZATION,
  transitionInterval,
} from "./limits.js";
import { LOOP_LOAD_WINDOW_MS, LoopLoad } from "./loop-load.js";

const limits = {
  ...DEFAULT_SYNC_LIMITS,
  idleTransitionIntervalMs: 4,
  busyTransitionIntervalMs: 16,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("transitionInterval", () => {
  it("is the idle interval on a quiet loop, the busy one on a full loop, linear between", () => {
    expect(transitionInterval(0, limits)).toBe(4);
    expect(transitionInterval(LOOP_IDLE_UTILIZATION, limits)).toBe(4);
    expect(
      transitionInterval((LOOP_IDLE_UTILIZATION + LOOP_BUSY_UTILIZATION) / 2, limits),
    ).toBeCloseTo(10);
    expect(transitionInterval(LOOP_BUSY_UTILIZATION, limits)).toBe(16);
    expect(transitionInterval(1, limits)).toBe(16);
    const samples = Array.from({ length: 101 }, (_, i) => transitionInterval(i / 100, limits));
    expect(samples.every((ms, i) => i === 0 || ms >= samples[i - 1]!)).toBe(true);
  });
});

describe("LoopLoad", () => {
  let load: LoopLoad | null = null;
  afterEach(() => load?.stop());

  it("rises while the loop runs callbacks without a break and falls while it waits", async () => {
    load = new LoopLoad();
    await sleep(LOOP_LOAD_WINDOW_MS * 3);
    const quiet = load.utilization;
    // Busy for three windows: each window that ends then measures a loop that never waited.
    for (let i = 0; i < 3; i++) {
      const until = Date.now() + LOOP_LOAD_WINDOW_MS;
      while (Date.now() < until) {
        // busy
      }
      await sleep(1);
    }
    await sleep(LOOP_LOAD_WINDOW_MS / 2);
    const busy = load.utilization;
    await sleep(LOOP_LOAD_WINDOW_MS * 6);
    expect(busy).toBeGreaterThan(quiet);
    expect(busy).toBeGreaterThan(LOOP_BUSY_UTILIZATION);
    expect(load.utilization).toBeLessThan(LOOP_IDLE_UTILIZATION);
  });
});
