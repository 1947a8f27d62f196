import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AWAY_AFTER_MS, PRESENCE_TIMEOUT_MS, TYPING_EXPIRY_MS } from "./limits";
import {
  cursorLabelPlacement,
  CursorSmoother,
  USER_COLORS,
  activeTypists,
  colorForUser,
  disconnectDeadline,
  initialsOf,
  interpolateCursor,
  nextStatusChangeAt,
  smoothedPosition,
  statusOf,
  statusRank,
  typingExpiresAt,
  typingLabel,
} from "./presence";

/** WCAG 2 contrast ratio of a #RRGGBB color against white. */
function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

describe("presence", () => {
  describe("statusOf", () => {
    const t0 = 1_000_000;

    it("is online right after a heartbeat with recent input", () => {
      expect(statusOf({ lastHeartbeat: t0, disconnectDeadline: disconnectDeadline(t0) }, t0)).toBe(
        "online",
      );
    });

    it("is offline at the disconnect deadline, or when disconnected", () => {
      const times = { lastHeartbeat: t0, disconnectDeadline: t0 + PRESENCE_TIMEOUT_MS };
      expect(statusOf(times, t0 + PRESENCE_TIMEOUT_MS - 1)).toBe("online");
      expect(statusOf(times, t0 + PRESENCE_TIMEOUT_MS)).toBe("offline");
      expect(statusOf({ lastHeartbeat: t0, disconnectDeadline: null }, t0)).toBe("offline");
      // Without a stored deadline, it follows from the last heartbeat.
      expect(statusOf({ lastHeartbeat: t0 }, t0 + PRESENCE_TIMEOUT_MS)).toBe("offline");
    });

    it("is away after AWAY_AFTER_MS without input, or when chosen", () => {
      const times = { lastHeartbeat: t0 + AWAY_AFTER_MS, lastInput: t0 };
      expect(statusOf(times, t0 + AWAY_AFTER_MS - 1)).toBe("online");
      expect(statusOf(times, t0 + AWAY_AFTER_MS)).toBe("away");
      expect(statusOf({ lastHeartbeat: t0, explicitAway: true }, t0)).toBe("away");
      expect(
        statusOf({ lastHeartbeat: t0, disconnectDeadline: null, explicitAway: true }, t0),
      ).toBe("offline");
    });

    it("nextStatusChangeAt is the first time statusOf changes", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 200_000 }),
          fc.integer({ min: 0, max: 200_000 }),
          fc.integer({ min: 0, max: 200_000 }),
          fc.boolean(),
          (inputAgo, heartbeatAgo, deadlineIn, away) => {
            const now = 1_000_000;
            const times = {
              lastHeartbeat: now - heartbeatAgo,
              lastInput: now - inputAgo,
              disconnectDeadline: now + deadlineIn,
              explicitAway: away,
            };
            const at = nextStatusChangeAt(times, now);
            if (at === null) return;
            expect(at).toBeGreaterThan(now);
            expect(statusOf(times, at - 1)).toBe(statusOf(times, now));
            expect(statusOf(times, at)).not.toBe(statusOf(times, now));
          },
        ),
      );
      expect(nextStatusChangeAt({ lastHeartbeat: 0, disconnectDeadline: null }, 5)).toBeNull();
    });

    it("ranks online before away before offline", () => {
      expect(statusRank.online).toBeLessThan(statusRank.away);
      expect(statusRank.away).toBeLessThan(statusRank.offline);
    });
  });

  describe("colorForUser", () => {
    it("is deterministic and from the palette", () => {
      expect(colorForUser("user-1")).toBe(colorForUser("user-1"));
      fc.assert(
        fc.property(fc.string(), (id) => {
          expect(USER_COLORS).toContain(colorForUser(id));
        }),
      );
    });

    it("spreads ids over the palette", () => {
      const used = new Set(Array.from({ length: 200 }, (_, i) => colorForUser(`user${i}`)));
      expect(used.size).toBe(USER_COLORS.length);
    });

    it("has twelve distinct colors readable under white text", () => {
      expect(new Set(USER_COLORS).size).toBe(12);
      for (const color of USER_COLORS) {
        expect(color).toMatch(/^#[0-9A-F]{6}$/);
        expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5);
      }
    });
  });

  it("initialsOf takes the first and last words' first characters", () => {
    expect(initialsOf("Ada Lovelace")).toBe("AL");
    expect(initialsOf("  grace  brewster hopper ")).toBe("GH");
    expect(initialsOf("linus")).toBe("L");
    expect(initialsOf("😀 party")).toBe("😀P");
    expect(initialsOf("   ")).toBe("?");
    expect(initialsOf("")).toBe("?");
  });

  describe("typing", () => {
    it("keeps unexpired entries of others", () => {
      const entries = [
        { userId: "a", name: "Ada", expiresAt: 100 },
        { userId: "b", name: "Bo", expiresAt: 200 },
        { userId: "me", name: "Me", expiresAt: 200 },
      ];
      expect(activeTypists(entries, 150, "me").map((e) => e.name)).toEqual(["Bo"]);
      expect(activeTypists(entries, 50).length).toBe(3);
      expect(typingExpiresAt(10)).toBe(10 + TYPING_EXPIRY_MS);
    });

    it("labels one, two, three and more typists", () => {
      expect(typingLabel([])).toBeNull();
      expect(typingLabel(["Ada"])).toBe("Ada is typing…");
      expect(typingLabel(["Ada", "Bo"])).toBe("Ada and Bo are typing…");
      expect(typingLabel(["Ada", "Bo", "Cy"])).toBe("Ada, Bo and Cy are typing…");
      expect(typingLabel(["Ada", "Bo", "Cy", "Di"])).toBe("4 people are typing…");
    });
  });

  describe("cursors", () => {
    it("interpolates linearly and clamps t", () => {
      const a = { x: 0, y: 1 };
      const b = { x: 1, y: 0 };
      expect(interpolateCursor(a, b, 0.25)).toEqual({ x: 0.25, y: 0.75 });
      expect(interpolateCursor(a, b, -1)).toEqual(a);
      expect(interpolateCursor(a, b, 2)).toEqual(b);
      expect(interpolateCursor(a, b, Number.NaN)).toEqual(a);
    });

    it("replays samples with a delay, never extrapolating", () => {
      const samples = [
        { x: 0, y: 0, at: 1000 },
        { x: 1, y: 1, at: 1100 },
      ];
      const options = { delayMs: 100 };
      expect(smoothedPosition([], 0, options)).toBeNull();
      expect(smoothedPosition(samples, 1050, options)).toEqual({ x: 0, y: 0 });
      expect(smoothedPosition(samples, 1150, options)).toEqual({ x: 0.5, y: 0.5 });
      expect(smoothedPosition(samples, 5000, options)).toEqual({ x: 1, y: 1 });
    });

    it("glides over at most maxSegmentMs after an idle pointer moves", () => {
      const samples = [
        { x: 0, y: 0, at: 0 },
        { x: 1, y: 0, at: 10_000 },
      ];
      const options = { delayMs: 100, maxSegmentMs: 200 };
      expect(smoothedPosition(samples, 9_000, options)).toEqual({ x: 0, y: 0 });
      expect(smoothedPosition(samples, 10_000, options)?.x).toBeCloseTo(0.5);
    });

    it("stays between the samples it interpolates", () => {
      const sample = fc.record({
        x: fc.double({ min: 0, max: 1, noNaN: true }),
        y: fc.double({ min: 0, max: 1, noNaN: true }),
        gap: fc.integer({ min: 0, max: 500 }),
      });
      fc.assert(
        fc.property(
          fc.array(sample, { minLength: 1 }),
          fc.integer({ min: -100, max: 20_000 }),
          (raw, t) => {
            let at = 0;
            const samples = raw.map(({ x, y, gap }) => ({ x, y, at: (at += gap) }));
            const position = smoothedPosition(samples, t);
            expect(position).not.toBeNull();
            expect(position!.x).toBeGreaterThanOrEqual(0);
            expect(position!.x).toBeLessThanOrEqual(1);
            expect(position!.y).toBeGreaterThanOrEqual(0);
            expect(position!.y).toBeLessThanOrEqual(1);
          },
        ),
      );
    });

    it("CursorSmoother keeps recent in-order samples", () => {
      const smoother = new CursorSmoother({ delayMs: 100 }, 3);
      expect(smoother.positionAt(0)).toBeNull();
      expect(smoother.settledAt()).toBeNull();
      smoother.push({ x: 0, y: 0, at: 0 });
      smoother.push({ x: 1, y: 0, at: 100 });
      smoother.push({ x: 0.5, y: 0, at: 50 }); // out of order: ignored
      expect(smoother.positionAt(150)).toEqual({ x: 0.5, y: 0 });
      smoother.push({ x: 1, y: 1, at: 200 });
      smoother.push({ x: 0, y: 1, at: 300 }); // drops the sample at 0
      expect(smoother.positionAt(0)).toEqual({ x: 1, y: 0 });
      expect(smoother.settledAt()).toBe(400);
      expect(smoother.positionAt(400)).toEqual({ x: 0, y: 1 });
      smoother.clear();
      expect(smoother.positionAt(400)).toBeNull();
    });
  });
});

describe("cursorLabelPlacement", () => {
  it("puts the label on the side with room, and above near the bottom", () => {
    expect(cursorLabelPlacement(0.1, 0.1)).toEqual({ side: "right", vertical: "below" });
    expect(cursorLabelPlacement(0.5, 0.5)).toEqual({ side: "right", vertical: "below" });
    expect(cursorLabelPlacement(0.98, 0.5)).toEqual({ side: "left", vertical: "below" });
    expect(cursorLabelPlacement(0.98, 0.95)).toEqual({ side: "left", vertical: "above" });
  });
});
