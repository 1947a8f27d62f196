import {
  CURSOR_UPDATES_PER_SECOND,
  BOARD_COLORS,
  BOARD_PRESENCE_SELECTION_MAX,
  ErrorCode,
  PRESENCE_TIMEOUT_MS,
  TYPING_EXPIRY_MS,
  TYPING_UPDATES_PER_SECOND,
  unpackCursorRow,
} from "@rooms/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  expectError,
  setup,
  signIn,
  type Caller,
  type Client,
  type TestConvex,
} from "./test.setup";

const T0 = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

async function roomWithTwo(): Promise<{
  t: TestConvex;
  ada: Client;
  bo: Client;
  roomId: Id<"rooms">;
}> {
  const t = setup();
  const ada = await signIn(t, "Ada");
  const bo = await signIn(t, "Bo");
  const roomId = await ada.mutation(api.rooms.create, {
    name: "Room",
    type: "chat",
    isPrivate: false,
  });
  await bo.mutation(api.rooms.join, { roomId });
  return { t, ada, bo, roomId };
}

const statuses = async (client: Client, roomId: Id<"rooms">) =>
  Object.fromEntries(
    (await client.query(api.rooms.members, { roomId })).map((m) => [m.name, m.status]),
  );

/** `presence.cursors` as rows (it sends them packed). */
const cursorsOf = async (client: Client, roomId: Id<"rooms">) =>
  (await client.query(api.presence.cursors, { roomId })).map((row) => unpackCursorRow(row));

describe("presence", () => {
  it("refuses unauthenticated callers and non-members", async () => {
    const { t, roomId } = await roomWithTwo();
    const cy = await signIn(t, "Cy");
    const calls = (client: Caller) => [
      client.mutation(api.presence.heartbeat, { roomId, sessionId: "s" }),
      client.mutation(api.presence.leave, { roomId, sessionId: "s" }),
      client.mutation(api.presence.setTyping, { roomId, typing: true }),
      client.query(api.presence.typing, { roomId }),
      client.mutation(api.presence.updateCursor, { roomId, sessionId: "s", pointer: null }),
      client.query(api.presence.cursors, { roomId }),
    ];
    for (const call of calls(t)) await expectError(call, ErrorCode.UNAUTHENTICATED);
    for (const call of calls(cy)) await expectError(call, ErrorCode.NOT_A_MEMBER);
  });

  it("heartbeat sets a deadline; the sweeper marks expired sessions offline", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    expect(await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" })).toBe(
      T0 + PRESENCE_TIMEOUT_MS,
    );
    expect(await statuses(ada, roomId)).toEqual({ Ada: "offline", Bo: "online" });

    // A heartbeat 20 s later pushes the deadline; a sweep before it changes nothing.
    vi.setSystemTime(T0 + 20_000);
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    expect(await t.mutation(internal.presence.sweep, { now: T0 + 40_000 })).toMatchObject({
      disconnected: 0,
    });
    expect(await statuses(ada, roomId)).toMatchObject({ Bo: "online" });

    // Past the pushed deadline the session goes offline.
    expect(
      await t.mutation(internal.presence.sweep, { now: T0 + 20_000 + PRESENCE_TIMEOUT_MS }),
    ).toMatchObject({ disconnected: 1 });
    expect(await statuses(ada, roomId)).toMatchObject({ Bo: "offline" });
    expect((await ada.query(api.rooms.get, { roomId })).onlineCount).toBe(0);

    // The same tab coming back reuses its row.
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    expect(await statuses(ada, roomId)).toMatchObject({ Bo: "online" });
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toHaveLength(1);
  });

  it("the cron sweeps on its own (fake timers)", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    vi.setSystemTime(T0 + PRESENCE_TIMEOUT_MS + 1);
    // convex-test does not run crons; call the job the cron names, with the clock's time.
    await t.mutation(internal.presence.sweep, {});
    expect(await statuses(ada, roomId)).toMatchObject({ Bo: "offline" });
  });

  it("a heartbeat writes the presence row only on a change (member lists do not re-run)", async () => {
    const { t, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    const first = await t.run((ctx) => ctx.db.query("presence").unique());
    vi.setSystemTime(T0 + 10_000);
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    const second = await t.run((ctx) => ctx.db.query("presence").unique());
    expect(second).toEqual(first);
    const beat = await t.run((ctx) => ctx.db.query("heartbeats").unique());
    expect(beat).toMatchObject({ lastHeartbeat: T0 + 10_000, lastInput: T0 + 10_000 });
    // Reported away: status changes, lastInput stays.
    vi.setSystemTime(T0 + 70_000);
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1", status: "away" });
    expect(await t.run((ctx) => ctx.db.query("presence").unique())).toMatchObject({
      status: "away",
      statusChangedAt: T0 + 70_000,
    });
    expect(await t.run((ctx) => ctx.db.query("heartbeats").unique())).toMatchObject({
      lastInput: T0 + 10_000,
      disconnectDeadline: T0 + 70_000 + PRESENCE_TIMEOUT_MS,
    });
  });

  it("combines a user's sessions (best status) and reports the open document", async () => {
    const { ada, bo, roomId } = await roomWithTwo();
    const documentId = await ada.mutation(api.documents.create, { roomId, title: "Notes" });
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1", status: "away" });
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-2", documentId });
    const members = await ada.query(api.rooms.members, { roomId });
    expect(members.find((m) => m.name === "Bo")).toMatchObject({ status: "online", documentId });
    expect((await ada.query(api.rooms.get, { roomId })).onlineCount).toBe(1);
  });

  it("leave ends the session and removes its cursor; sessions belong to one user", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-1",
      pointer: { x: 0.5, y: 0.5 },
    });
    await expectError(
      ada.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(
      ada.mutation(api.presence.leave, { roomId, sessionId: "bo-1" }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(
      ada.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", pointer: null }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(
      bo.mutation(api.presence.heartbeat, { roomId, sessionId: "" }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await bo.mutation(api.presence.leave, { roomId, sessionId: "bo-1" });
    await bo.mutation(api.presence.leave, { roomId, sessionId: "never-seen" });
    expect(await statuses(ada, roomId)).toMatchObject({ Bo: "offline" });
    expect(await ada.query(api.presence.cursors, { roomId })).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("heartbeats").collect())).toEqual([]);
  });

  it("refuses a document from another room", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    const other = await ada.mutation(api.rooms.create, {
      name: "Other",
      type: "document",
      isPrivate: false,
    });
    const documentId = await ada.mutation(api.documents.create, {
      roomId: other,
      title: "Elsewhere",
    });
    await expectError(
      bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1", documentId }),
      ErrorCode.DOCUMENT_NOT_FOUND,
    );
    await expectError(
      bo.mutation(api.presence.updateCursor, {
        roomId,
        sessionId: "bo-1",
        caret: { documentId, anchor: 0, head: 0, revision: 0 },
      }),
      ErrorCode.DOCUMENT_NOT_FOUND,
    );
    expect(await t.run((ctx) => ctx.db.query("cursors").collect())).toEqual([]);
  });

  it("typing: shows until it expires or stops; the sweeper deletes expired rows", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.setTyping, { roomId, typing: true });
    expect(await ada.query(api.presence.typing, { roomId })).toEqual([
      { roomId, userId: bo.userId, name: "Bo", expiresAt: T0 + TYPING_EXPIRY_MS },
    ]);
    // A refresh of a fresh entry writes nothing; a refresh past half the expiry extends it.
    vi.setSystemTime(T0 + 1000);
    await bo.mutation(api.presence.setTyping, { roomId, typing: true });
    expect((await ada.query(api.presence.typing, { roomId }))[0]?.expiresAt).toBe(
      T0 + TYPING_EXPIRY_MS,
    );
    vi.setSystemTime(T0 + 3000);
    await bo.mutation(api.presence.setTyping, { roomId, typing: true });
    expect((await ada.query(api.presence.typing, { roomId }))[0]?.expiresAt).toBe(
      T0 + 3000 + TYPING_EXPIRY_MS,
    );
    vi.setSystemTime(T0 + 3000 + TYPING_EXPIRY_MS);
    expect(await ada.query(api.presence.typing, { roomId })).toEqual([]);
    expect(await t.mutation(internal.presence.sweep, {})).toMatchObject({ typing: 1 });

    await ada.mutation(api.presence.setTyping, { roomId, typing: true });
    await ada.mutation(api.presence.setTyping, { roomId, typing: false });
    expect(await bo.query(api.presence.typing, { roomId })).toEqual([]);
  });

  it("typing is rate limited per user", async () => {
    const { t, bo, roomId } = await roomWithTwo();
    for (let i = 0; i < TYPING_UPDATES_PER_SECOND; i++) {
      await bo.mutation(api.presence.setTyping, { roomId, typing: i % 2 === 0 });
    }
    await expectError(
      bo.mutation(api.presence.setTyping, { roomId, typing: true }),
      ErrorCode.RATE_LIMITED,
      {
        limit: TYPING_UPDATES_PER_SECOND,
        retryAfterMs: 1000,
      },
    );
    vi.setSystemTime(T0 + 1000);
    await bo.mutation(api.presence.setTyping, { roomId, typing: true });
    // Spent windows are swept.
    vi.setSystemTime(T0 + 5000);
    expect(await t.mutation(internal.presence.sweep, {})).toMatchObject({ rateLimits: 1 });
  });

  it("cursors: pointer and caret per session, omitted fields kept, null clears", async () => {
    const { ada, bo, roomId } = await roomWithTwo();
    const documentId = await ada.mutation(api.documents.create, { roomId, title: "Notes" });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-1",
      pointer: { x: 0.25, y: 1 },
    });
    vi.setSystemTime(T0 + 100);
    const caret = { documentId, anchor: 0, head: 3, revision: 0 };
    await bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", caret });
    await ada.mutation(api.presence.updateCursor, { roomId, sessionId: "ada-1", pointer: null });
    const cursors = await cursorsOf(ada, roomId);
    expect(cursors).toContainEqual({
      sessionId: "bo-1",
      userId: bo.userId,
      pointer: { x: 0.25, y: 1 },
      caret,
      board: null,
      updatedAt: T0 + 100,
      aliveAt: T0 + 100,
    });
    expect(cursors).toHaveLength(2);
    await bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", caret: null });
    expect((await cursorsOf(ada, roomId)).find((c) => c.sessionId === "bo-1")).toMatchObject({
      pointer: { x: 0.25, y: 1 },
      caret: null,
    });
    for (const pointer of [
      { x: 1.5, y: 0 },
      { x: -0.1, y: 0 },
      { x: Number.NaN, y: 0 },
    ]) {
      await expectError(
        bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", pointer }),
        ErrorCode.INVALID_ARGUMENT,
      );
    }
    await expectError(
      bo.mutation(api.presence.updateCursor, {
        roomId,
        sessionId: "bo-1",
        caret: { ...caret, anchor: -1 },
      }),
      ErrorCode.INVALID_ARGUMENT,
    );
  });

  it("board presence: pointer in board units, selection and draft, kept until changed, validated", async () => {
    const { ada, bo, roomId } = await roomWithTwo();
    const draft = {
      kind: "pen" as const,
      x: 10,
      y: 10,
      width: 20,
      height: 5,
      points: [0, 0, 0.5, 20, 5, 0.5],
      color: BOARD_COLORS[0],
      strokeWidth: 2,
    };
    const board = { pointer: { x: -250, y: 4000 }, selection: ["s1", "s2"], draft };
    await bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", board });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-1",
      pointer: { x: 0.5, y: 0.5 },
    });
    const mine = async () => (await cursorsOf(ada, roomId)).find((c) => c.sessionId === "bo-1");
    expect(await mine()).toMatchObject({ board, pointer: { x: 0.5, y: 0.5 } });
    await bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", board: null });
    expect(await mine()).toMatchObject({ board: null });

    for (const bad of [
      {
        ...board,
        selection: Array.from({ length: BOARD_PRESENCE_SELECTION_MAX + 1 }, (_, i) => `s${i}`),
      },
      { ...board, selection: ["not an id!"] },
      { ...board, pointer: { x: Number.POSITIVE_INFINITY, y: 0 } },
      { ...board, draft: { ...draft, color: "#123456" } },
      { ...board, draft: { ...draft, points: [0, 0, 0.5, 99, 99, 0.5] } },
    ]) {
      await expectError(
        bo.mutation(api.presence.updateCursor, { roomId, sessionId: "bo-1", board: bad }),
        ErrorCode.INVALID_ARGUMENT,
      );
    }
    expect(await mine()).toMatchObject({ board: null });
  });

  it("a heartbeat keeps its session's cursor alive (aliveAt), without moving it", async () => {
    const { ada, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-1",
      pointer: { x: 0.5, y: 0.5 },
    });
    vi.setSystemTime(T0 + 10_000);
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    const [cursor] = await cursorsOf(ada, roomId);
    expect(cursor).toMatchObject({
      updatedAt: T0,
      aliveAt: T0 + 10_000,
      pointer: { x: 0.5, y: 0.5 },
    });
    // A session without a cursor gets none from heartbeating.
    await ada.mutation(api.presence.heartbeat, { roomId, sessionId: "ada-1" });
    expect(await ada.query(api.presence.cursors, { roomId })).toHaveLength(1);
  });

  it("cursor updates are limited per session, not per user", async () => {
    const { bo, roomId } = await roomWithTwo();
    const move = (sessionId: string) =>
      bo.mutation(api.presence.updateCursor, { roomId, sessionId, pointer: { x: 0.5, y: 0.5 } });
    for (let i = 0; i < CURSOR_UPDATES_PER_SECOND; i++) {
      vi.setSystemTime(T0 + i * 10);
      await move("bo-1");
    }
    await expectError(move("bo-1"), ErrorCode.RATE_LIMITED, { limit: CURSOR_UPDATES_PER_SECOND });
    await move("bo-2");
    vi.setSystemTime(T0 + 1000);
    await move("bo-1");
  });

  it("expired sessions lose their cursor; day-old offline sessions are deleted", async () => {
    const { t, ada, bo, roomId } = await roomWithTwo();
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1" });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-1",
      pointer: { x: 0, y: 0 },
    });
    await t.mutation(internal.presence.sweep, { now: T0 + PRESENCE_TIMEOUT_MS });
    expect(await ada.query(api.presence.cursors, { roomId })).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toHaveLength(1);
    expect(
      await t.mutation(internal.presence.sweep, { now: T0 + PRESENCE_TIMEOUT_MS + 25 * 3600_000 }),
    ).toMatchObject({ offline: 1 });
    expect(await t.run((ctx) => ctx.db.query("presence").collect())).toEqual([]);
  });
});
