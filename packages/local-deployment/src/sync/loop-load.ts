/**
 * How busy this process's event loop is: the share of the last ~LOOP_LOAD_WINDOW_MS it spent
 * running callbacks rather than waiting for I/O (`performance.eventLoopUtilization`, 0–1),
 * averaged over two windows so that one burst does not swing it. The sync sessions read it to
 * space their Transitions (limits.ts `transitionInterval`).
 */
import { performance, type EventLoopUtilization } from "node:perf_hooks";

/** Length of one measuring window (ms). */
export const LOOP_LOAD_WINDOW_MS = 100;

export class LoopLoad {
  /** The averaged utilization, 0–1 (0 until the first window ends). */
  utilization = 0;
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      const window = performance.eventLoopUtilization(now, this.last).utilization;
      this.last = now;
      this.utilization = (this.utilization + window) / 2;
    }, LOOP_LOAD_WINDOW_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
