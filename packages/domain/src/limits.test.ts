import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURSOR_THROTTLE_MS,
  CURSOR_UPDATES_PER_SECOND,
  HEARTBEAT_INTERVAL_MS,
  MESSAGE_MAX_LENGTH,
  PRESENCE_TIMEOUT_MS,
  checkLength,
  checkMaxParticipants,
  rateLimit,
  type RateLimitState,
} from "./limits";

describe("limits", () => {
  it("keeps the timing constants consistent with each other", () => {
    expect(PRESENCE_TIMEOUT_MS).toBeGreaterThan(2 * HEARTBEAT_INTERVAL_MS);
    expect(1000 / CURSOR_THROTTLE_MS).toBeLessThanOrEqual(CURSOR_UPDATES_PER_SECOND);
  });

  describe("checkLength", () => {
    it("refuses blank text where it must not be empty", () => {
      expect(checkLength("message", "")).toBe("EMPTY");
      expect(checkLength("roomName", "  \n ")).toBe("EMPTY");
      expect(checkLength("roomDescription", "")).toBeNull();
      expect(checkLength("document", "")).toBeNull();
    });

    it("refuses text over the maximum, counted in UTF-16 units", () => {
      expect(checkLength("message", "x".repeat(MESSAGE_MAX_LENGTH))).toBeNull();
      expect(checkLength("message", "x".repeat(MESSAGE_MAX_LENGTH + 1))).toBe("TOO_LONG");
      expect(checkLength("displayName", "😀".repeat(20))).toBeNull();
      expect(checkLength("displayName", "😀".repeat(20) + "a")).toBe("TOO_LONG");
    });
  });

  it("checkMaxParticipants accepts integers from 2 to 100", () => {
    expect(checkMaxParticipants(2)).toBeNull();
    expect(checkMaxParticipants(100)).toBeNull();
    expect(checkMaxParticipants(1)).toBe("INVALID_ARGUMENT");
    expect(checkMaxParticipants(101)).toBe("INVALID_ARGUMENT");
    expect(checkMaxParticipants(2.5)).toBe("INVALID_ARGUMENT");
  });

  describe("rateLimit", () => {
    it("allows `limit` actions per window, then refuses until the oldest leaves it", () => {
      let state: RateLimitState | null = null;
      for (const now of [0, 100, 200]) {
        const result = rateLimit(state, now, 3, 1000);
        expect(result.allowed).toBe(true);
        expect(result.retryAfterMs).toBe(0);
        state = result.state;
      }
      const refused = rateLimit(state, 300, 3, 1000);
      expect(refused).toEqual({
        allowed: false,
        state: { hits: [0, 100, 200] },
        retryAfterMs: 700,
      });
      expect(rateLimit(refused.state, 999, 3, 1000).allowed).toBe(false);
      const later = rateLimit(refused.state, 1000, 3, 1000);
      expect(later.allowed).toBe(true);
      expect(later.state.hits).toEqual([100, 200, 1000]);
    });

    it("never allows more than `limit` in any window and keeps the state small", () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
          fc.integer({ min: 1, max: 6 }),
          (gaps, limit) => {
            const windowMs = 1000;
            let state: RateLimitState | null = null;
            let now = 0;
            const allowedAt: number[] = [];
            for (const gap of gaps) {
              now += gap;
              const result = rateLimit(state, now, limit, windowMs);
              if (result.allowed) allowedAt.push(now);
              else expect(result.retryAfterMs).toBeGreaterThan(0);
              state = result.state;
              expect(state.hits.length).toBeLessThanOrEqual(limit);
            }
            for (const start of allowedAt) {
              const inWindow = allowedAt.filter((t) => t >= start && t < start + windowMs);
              expect(inWindow.length).toBeLessThanOrEqual(limit);
            }
          },
        ),
      );
    });
  });
});
