// Presence timers and throttling with fake timers and a fake client: what is sent when. The
// backend's side (members, sweeping, what re-runs) is in presence.integration.test.ts.
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  AWAY_AFTER_MS,
  CURSOR_STALE_MS,
  CURSOR_THROTTLE_MS,
  HEARTBEAT_INTERVAL_MS,
  RATE_WINDOW_MS,
  TYPING_EXPIRY_MS,
  TYPING_UPDATES_PER_SECOND,
  UNKNOWN_USER_NAME,
  colorForUser,
  packCursorRow,
  type CursorRow,
  type PackedCursorRow,
} from "@rooms/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientForData } from "./convex";
import type { InputHook, VisibilityHook } from "./page-hooks";
import { TYPING_REFRESH_MS, createPresence } from "./presence";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;
let fake: FakeClient;
let client: ClientForData;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
  for (const name of [
    "presence:heartbeat",
    "presence:updateCursor",
    "presence:setTyping",
    "presence:leave",
  ]) {
    fake.handlers.set(name, () => null);
  }
  client = fake.asClient<ClientForData>();
});
afterEach(() => vi.useRealTimers());

const beats = () => fake.callsTo("presence:heartbeat").map((call) => call.args.status);
const cursorSends = () => fake.callsTo("presence:updateCursor").map((call) => call.args.pointer);

/** A cursor row (no name or color). */
function row(sessionId: string, x: number, y = 0.5, aliveAt = 0): CursorRow {
  return {
    sessionId,
    userId: `u-${sessionId}`,
    pointer: { x, y },
    caret: null,
    board: null,
    updatedAt: 0,
    aliveAt,
  };
}

/** A cursor as `presence.cursors` sends it: packed. */
function cursor(sessionId: string, x: number, y = 0.5, aliveAt = 0): PackedCursorRow {
  return packCursorRow(row(sessionId, x, y, aliveAt));
}

function manualVisibility(): VisibilityHook & { set(visible: boolean): void } {
  let listener: (visible: boolean) => void = () => {};
  return {
    subscribe(next) {
      listener = next;
      return () => (listener = () => {});
    },
    set: (visible) => listener(visible),
  };
}

describe("presence", () => {
  it("heartbeats at once and every HEARTBEAT_INTERVAL_MS, with the session and document", async () => {
    const documentId = "doc1" as Id<"documents">;
    createPresence(client, roomId, { sessionId: "tab1", documentId, visibility: null });
    expect(fake.callsTo("presence:heartbeat")[0]!.args).toEqual({
      roomId,
      sessionId: "tab1",
      status: "online",
      documentId,
    });
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS * 3);
    expect(beats()).toEqual(["online", "online", "online", "online"]);
  });

  it("keeps one heartbeat in flight and sends the latest state after it", async () => {
    fake.handlers.delete("presence:heartbeat");
    const presence = createPresence(client, roomId, { visibility: null });
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS * 2);
    presence.setDocument("doc2" as Id<"documents">);
    expect(beats()).toHaveLength(1);
    fake.callsTo("presence:heartbeat")[0]!.resolve(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo("presence:heartbeat")[1]!.args.documentId).toBe("doc2");
  });

  it("goes away after AWAY_AFTER_MS without input, and back online on input", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS / 2);
    presence.reportInput(); // idle clock restarts here
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS - 1);
    expect(presence.getSnapshot().status).toBe("online");
    await vi.advanceTimersByTimeAsync(1);
    expect(presence.getSnapshot().status).toBe("away");
    expect(beats().at(-1)).toBe("away");
    const sent = beats().length;
    presence.reportInput();
    expect(presence.getSnapshot().status).toBe("online");
    expect(beats()).toHaveLength(sent + 1);
    expect(beats().at(-1)).toBe("online");
  });

  it("throttles cursor moves to one per CURSOR_THROTTLE_MS and always sends the last one", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    for (let i = 1; i <= 30; i++) {
      presence.moveCursor({ x: i / 100, y: 0 });
      await vi.advanceTimersByTimeAsync(16); // a 60 Hz pointer for ~0.5 s
    }
    await vi.advanceTimersByTimeAsync(CURSOR_THROTTLE_MS);
    const sent = cursorSends();
    expect(sent[0]).toEqual({ x: 0.01, y: 0 }); // leading edge: at once
    expect(sent.at(-1)).toEqual({ x: 0.3, y: 0 }); // trailing edge: where it stopped
    expect(sent.length).toBeLessThanOrEqual(Math.ceil((30 * 16) / CURSOR_THROTTLE_MS) + 1);
    const times = fake.callsTo("presence:updateCursor").length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.callsTo("presence:updateCursor")).toHaveLength(times); // nothing more once still
  });

  it("holds cursor updates while two are in flight, then sends the merged latest", async () => {
    fake.handlers.delete("presence:updateCursor");
    const presence = createPresence(client, roomId, { visibility: null });
    presence.moveCursor({ x: 0.1, y: 0.1 });
    await vi.advanceTimersByTimeAsync(500);
    presence.moveCursor({ x: 0.2, y: 0.2 });
    await vi.advanceTimersByTimeAsync(500);
    presence.moveCursor({ x: 0.3, y: 0.3 });
    presence.moveCaret({ documentId: "d" as Id<"documents">, anchor: 1, head: 2, revision: 3 });
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.callsTo("presence:updateCursor")).toHaveLength(2);
    fake.callsTo("presence:updateCursor")[0]!.resolve(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo("presence:updateCursor")[2]!.args).toMatchObject({
      pointer: { x: 0.3, y: 0.3 },
      caret: { anchor: 1, head: 2, revision: 3 },
    });
  });

  it("a send held back by the one in flight does not delay the moves after it", async () => {
    // The first two updates are acknowledged after 250 ms, every later one after 10 ms.
    let acks = 0;
    fake.handlers.set("presence:updateCursor", () => {
      const delay = acks++ < 2 ? 250 : 10;
      return new Promise((resolve) => setTimeout(() => resolve(null), delay));
    });
    const presence = createPresence(client, roomId, { visibility: null });
    const start = Date.now();
    const sentAt = () => fake.callsTo("presence:updateCursor").map((call) => call.sentAt - start);
    for (let i = 0; i < 6; i++) {
      presence.moveCursor({ x: i / 10, y: 0 });
      await vi.advanceTimersByTimeAsync(CURSOR_THROTTLE_MS);
    }
    // Moves every 100 ms: the third waits for the first's acknowledgement (250 ms); the rest
    // leave when they are made, not 50 ms late each.
    expect(sentAt()).toEqual([0, 100, 250, 300, 400, 500]);
  });

  it("keeps pointer and caret on their own rhythm: a caret update does not hold the pointer", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    const caret = { documentId: "d" as Id<"documents">, anchor: 1, head: 1, revision: 0 };
    const start = Date.now();
    presence.moveCaret(caret);
    await vi.advanceTimersByTimeAsync(10);
    presence.moveCursor({ x: 0.5, y: 0.5 });
    await vi.advanceTimersByTimeAsync(10);
    presence.moveCaret({ ...caret, anchor: 2, head: 2 });
    await vi.advanceTimersByTimeAsync(CURSOR_THROTTLE_MS);
    const calls = fake.callsTo("presence:updateCursor");
    expect(calls.map((call) => call.sentAt - start)).toEqual([0, 10, 100]);
    expect(calls[1]!.args).toMatchObject({ pointer: { x: 0.5, y: 0.5 } });
    expect(calls[1]!.args).not.toHaveProperty("caret");
    // The second caret waited for its own interval, not the pointer's.
    expect(calls[2]!.args).toMatchObject({ caret: { anchor: 2 } });
  });

  it("a caret waiting for its slot does not hold back a pointer that is due", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    const caret = { documentId: "d" as Id<"documents">, anchor: 1, head: 1, revision: 0 };
    const start = Date.now();
    presence.moveCursor({ x: 0.1, y: 0.1 }); // pointer slot 0
    await vi.advanceTimersByTimeAsync(30);
    presence.moveCaret(caret); // caret slot 30
    await vi.advanceTimersByTimeAsync(50);
    presence.moveCaret({ ...caret, anchor: 2, head: 2 }); // waits for its slot at 130
    await vi.advanceTimersByTimeAsync(20);
    presence.moveCursor({ x: 0.2, y: 0.2 }); // at 100: due now
    await vi.advanceTimersByTimeAsync(1);
    const calls = fake.callsTo("presence:updateCursor");
    expect(calls.map((call) => call.sentAt - start)).toEqual([0, 30, 100]);
    // The waiting caret rides along with the pointer.
    expect(calls[2]!.args).toMatchObject({ pointer: { x: 0.2 }, caret: { anchor: 2 } });
  });

  it("a move just before its slot goes out at once, in that slot", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    const start = Date.now();
    const gap = CURSOR_THROTTLE_MS - 2; // a pointer a little faster than the throttle
    for (let i = 0; i < 7; i++) {
      presence.moveCursor({ x: i / 10, y: 0 });
      await vi.advanceTimersByTimeAsync(gap);
    }
    const sentAt = fake.callsTo("presence:updateCursor").map((call) => call.sentAt - start);
    // Up to a tenth of the interval early: sent when made, with no timer for the remainder.
    // Slots stay an interval apart: the seventh move, 12 ms early, waits for its slot.
    expect(sentAt).toEqual([0, gap, 2 * gap, 3 * gap, 4 * gap, 5 * gap, 6 * CURSOR_THROTTLE_MS]);
  });

  it("sends typing at most every TYPING_REFRESH_MS while typing, and clears it on stop", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    for (let i = 0; i < 50; i++) {
      presence.typing();
      await vi.advanceTimersByTimeAsync(100);
    }
    const typing = () => fake.callsTo("presence:setTyping").map((call) => call.args.typing);
    expect(typing()).toEqual([true, true, true]); // 5 s of keystrokes
    expect(TYPING_REFRESH_MS).toBeGreaterThan(TYPING_EXPIRY_MS / 2);
    presence.stopTyping();
    presence.stopTyping();
    expect(typing()).toEqual([true, true, true, false]);
  });

  it("lists others typing until their entries expire, with the typing line", async () => {
    const presence = createPresence(client, roomId, { userId: "me", visibility: null });
    const now = Date.now();
    fake.emit("presence:typing", [
      { roomId, userId: "me", name: "Me", expiresAt: now + 4000 },
      { roomId, userId: "ada", name: "Ada", expiresAt: now + 1000 },
      { roomId, userId: "bo", name: "Bo", expiresAt: now + 3000 },
    ]);
    expect(presence.getSnapshot().typingLabel).toBe("Ada and Bo are typing…");
    await vi.advanceTimersByTimeAsync(1001);
    expect(presence.getSnapshot().typingLabel).toBe("Bo is typing…");
    await vi.advanceTimersByTimeAsync(2000);
    expect(presence.getSnapshot()).toMatchObject({ typing: [], typingLabel: null });
  });

  it("leaves when the page is hidden and rejoins (with its cursor) when shown", async () => {
    const visibility = manualVisibility();
    const presence = createPresence(client, roomId, { sessionId: "tab", visibility });
    presence.moveCursor({ x: 0.4, y: 0.4 });
    visibility.set(false);
    expect(fake.callsTo("presence:leave")[0]!.args).toEqual({ roomId, sessionId: "tab" });
    expect(presence.getSnapshot().status).toBe("left");
    const sent = beats().length;
    presence.moveCursor({ x: 0.5, y: 0.5 });
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS * 3);
    expect(beats()).toHaveLength(sent);
    expect(cursorSends()).toEqual([{ x: 0.4, y: 0.4 }]);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(presence.getSnapshot().status).toBe("online");
    expect(beats()).toHaveLength(sent + 1);
    expect(cursorSends().at(-1)).toEqual({ x: 0.5, y: 0.5 });
    // Hidden and shown again without moving: the position is restored all the same.
    visibility.set(false);
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(CURSOR_THROTTLE_MS);
    expect(fake.callsTo("presence:updateCursor").at(-1)!.args.pointer).toEqual({ x: 0.5, y: 0.5 });
  });

  it("leaves and unsubscribes on dispose, once", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    expect(fake.subscribed("rooms:members")).toHaveLength(1);
    await presence.dispose();
    await presence.dispose();
    expect(fake.callsTo("presence:leave")).toHaveLength(1);
    expect(fake.subscriptions.every((sub) => !sub.active)).toBe(true);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_INTERVAL_MS * 2);
    expect(beats()).toHaveLength(1);
  });

  it("heartbeats at once after a reconnect", async () => {
    createPresence(client, roomId, { visibility: null });
    await vi.advanceTimersByTimeAsync(1000);
    fake.setConnection({ isWebSocketConnected: false });
    fake.setConnection({ isWebSocketConnected: true });
    expect(beats()).toHaveLength(2);
  });

  it("shows other sessions' cursors, smoothed between samples", async () => {
    const presence = createPresence(client, roomId, { sessionId: "mine", visibility: null });
    fake.emit("presence:cursors", [cursor("mine", 0.9), cursor("other", 0)]);
    expect(presence.getSnapshot().cursors.map((c) => c.sessionId)).toEqual(["other"]);
    await vi.advanceTimersByTimeAsync(CURSOR_THROTTLE_MS);
    fake.emit("presence:cursors", [cursor("mine", 0.9), cursor("other", 1)]);
    const t = Date.now();
    // Drawn CURSOR_THROTTLE_MS late, gliding from 0 to 1 over the gap between the samples.
    expect(presence.pointersAt(t)[0]!.x).toBeCloseTo(0);
    expect(presence.pointersAt(t + CURSOR_THROTTLE_MS / 2)[0]!.x).toBeCloseTo(0.5);
    expect(presence.isAnimating(t)).toBe(true);
    expect(presence.pointersAt(t + CURSOR_THROTTLE_MS)[0]).toMatchObject({
      sessionId: "other",
      x: 1,
    });
    expect(presence.isAnimating(t + CURSOR_THROTTLE_MS)).toBe(false);
    fake.emit("presence:cursors", []);
    expect(presence.pointersAt()).toEqual([]);
  });

  it("keeps an unchanged caret's and board's objects when the pointer moves", () => {
    const presence = createPresence(client, roomId, { userId: "me", visibility: null });
    const withCaret = (x: number) =>
      packCursorRow({
        ...row("other", x),
        caret: { documentId: "d" as Id<"documents">, anchor: 1, head: 2, revision: 3 },
      });
    fake.emit("presence:cursors", [withCaret(0.1)]);
    const first = presence.getSnapshot().cursors[0]!;
    fake.emit("presence:cursors", [withCaret(0.2)]);
    const second = presence.getSnapshot().cursors[0]!;
    expect(second.pointer).toEqual({ x: 0.2, y: 0.5 });
    expect(second.caret).toBe(first.caret);
    expect(second.board).toBe(first.board);
  });

  it("a heartbeat alone (aliveAt) changes no cursor and notifies no one", () => {
    const presence = createPresence(client, roomId, { sessionId: "me", visibility: null });
    fake.emit("presence:cursors", [cursor("a", 0.1), cursor("b", 0.2)]);
    const before = presence.getSnapshot().cursors;
    let notified = 0;
    const stop = presence.subscribe(() => notified++);
    fake.emit("presence:cursors", [cursor("a", 0.1, 0.5, 5000), cursor("b", 0.2, 0.5, 5000)]);
    expect(presence.getSnapshot().cursors).toBe(before);
    expect(notified).toBe(0);
    fake.emit("presence:cursors", [cursor("a", 0.1, 0.5, 5000), cursor("b", 0.3, 0.5, 5000)]);
    const after = presence.getSnapshot().cursors;
    expect(after).not.toBe(before);
    expect(after[0]).toBe(before[0]);
    expect(after[1]!.pointer).toEqual({ x: 0.3, y: 0.5 });
    expect(notified).toBe(1);
    stop();
  });

  it("names and colors cursors from the member list, and again when it changes", () => {
    const presence = createPresence(client, roomId, { sessionId: "mine", visibility: null });
    fake.emit("presence:cursors", [cursor("other", 0.5)]);
    // Before the member list: a neutral name and the user's own color.
    expect(presence.getSnapshot().cursors[0]).toMatchObject({
      name: UNKNOWN_USER_NAME,
      color: colorForUser("u-other"),
    });
    const member = (name: string, color: string) => ({
      userId: "u-other",
      name,
      color,
      role: "member" as const,
      status: "online" as const,
      joinedAt: 0,
    });
    fake.emit("rooms:members", [member("Ada", "#123456")]);
    expect(presence.getSnapshot().cursors[0]).toMatchObject({ name: "Ada", color: "#123456" });
    fake.emit("rooms:members", [member("Ada L.", "#123456")]);
    expect(presence.getSnapshot().cursors[0]).toMatchObject({ name: "Ada L.", sessionId: "other" });
  });

  it("reports backend refusals, but not rate limiting", async () => {
    fake.handlers.set("presence:heartbeat", () => {
      throw Object.assign(new Error("x"), {
        data: { code: "NOT_A_MEMBER", message: "You are not a member of this room." },
      });
    });
    fake.handlers.set("presence:updateCursor", () => {
      throw Object.assign(new Error("x"), {
        data: { code: "RATE_LIMITED", message: "Slow down." },
      });
    });
    const presence = createPresence(client, roomId, { visibility: null });
    presence.moveCursor({ x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(0);
    expect(presence.getSnapshot().error?.code).toBe("NOT_A_MEMBER");
  });

  it("counts the input hook's events as activity: away after AWAY_AFTER_MS without them", async () => {
    let report = () => {};
    let subscribed = false;
    const input: InputHook = {
      subscribe(listener) {
        report = listener;
        subscribed = true;
        return () => (subscribed = false);
      },
    };
    const presence = createPresence(client, roomId, { visibility: null, input });
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS - 1000);
    report(); // e.g. the pointer moved
    await vi.advanceTimersByTimeAsync(AWAY_AFTER_MS - 1000);
    expect(presence.getSnapshot().status).toBe("online");
    await vi.advanceTimersByTimeAsync(1000);
    expect(presence.getSnapshot().status).toBe("away");
    report();
    expect(presence.getSnapshot().status).toBe("online");
    expect(beats().at(-1)).toBe("online");
    await presence.dispose();
    expect(subscribed).toBe(false);
  });

  it("keeps typing updates under the server's limit when sending fast; the latest state wins", async () => {
    const presence = createPresence(client, roomId, { visibility: null });
    // Ten sends in one second: typing → sent → typing → sent …
    for (let i = 0; i < 10; i++) {
      presence.typing();
      presence.stopTyping();
      await vi.advanceTimersByTimeAsync(100);
    }
    const sends = fake.callsTo("presence:setTyping");
    const times = sends.map((call) => call.sentAt);
    for (const [i, at] of times.entries()) {
      const inWindow = times.filter((other, j) => j <= i && other > at - RATE_WINDOW_MS);
      expect(inWindow.length).toBeLessThan(TYPING_UPDATES_PER_SECOND);
    }
    await vi.advanceTimersByTimeAsync(RATE_WINDOW_MS);
    // Stopped typing last: that is the state the server ends with.
    expect(fake.callsTo("presence:setTyping").at(-1)!.args.typing).toBe(false);
    await presence.dispose();
  });

  it("hides a cursor whose session shows no sign of life for CURSOR_STALE_MS", async () => {
    const presence = createPresence(client, roomId, { sessionId: "me", visibility: null });
    fake.emit("presence:cursors", [cursor("live", 0.1), cursor("crashed", 0.2)]);
    expect(presence.getSnapshot().cursors.map((c) => c.sessionId)).toEqual(["live", "crashed"]);
    // The live tab heartbeats (its aliveAt advances); the crashed one does not.
    await vi.advanceTimersByTimeAsync(CURSOR_STALE_MS - 5000);
    fake.emit("presence:cursors", [cursor("live", 0.1, 0.5, 10_000), cursor("crashed", 0.2)]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(presence.getSnapshot().cursors.map((c) => c.sessionId)).toEqual(["live"]);
    expect(presence.pointersAt().map((p) => p.sessionId)).toEqual(["live"]);
    // A sign of life brings it back.
    fake.emit("presence:cursors", [
      cursor("live", 0.1, 0.5, 10_000),
      cursor("crashed", 0.3, 0.5, 1),
    ]);
    expect(presence.getSnapshot().cursors.map((c) => c.sessionId)).toEqual(["live", "crashed"]);
    await presence.dispose();
  });
});
