// The room model over a fake client: when presence starts and stops, joining a public room by
// opening it (once), errors, and sign-out leaving first.
import type { Id } from "@rooms/convex/_generated/dataModel";
import { ErrorCode, packCursorRow, roomsError } from "@rooms/domain";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientForData, ClientForQueries } from "./convex";
import { animatePointers, createRoom, type FrameHook, type RoomDetails } from "./room";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;
let fake: FakeClient;
let client: ClientForQueries & ClientForData;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
  for (const name of [
    "presence:heartbeat",
    "presence:leave",
    "presence:updateCursor",
    "rooms:leave",
  ]) {
    fake.handlers.set(name, () => null);
  }
  client = fake.asClient<ClientForQueries & ClientForData>();
});
afterEach(() => vi.useRealTimers());

function details(patch: Partial<RoomDetails> = {}): RoomDetails {
  return {
    id: roomId,
    name: "Room",
    description: "",
    type: "chat",
    isPrivate: false,
    ownerId: "o",
    createdAt: 0,
    memberCount: 1,
    onlineCount: 1,
    isMember: true,
    ...patch,
  };
}
const open = (options: Parameters<typeof createRoom>[2] = { userId: "u1" }) =>
  createRoom(client, roomId, { ...options, presence: { visibility: null } });

describe("room", () => {
  it("starts presence once a member, keeps it across other changes, stops it when membership ends", () => {
    const room = open();
    expect(room.getSnapshot()).toMatchObject({ isLoading: true, presence: null });
    fake.emit("rooms:get", details());
    const presence = room.getSnapshot().presence;
    expect(presence).not.toBeNull();
    expect(fake.callsTo("presence:heartbeat")).toHaveLength(1);
    fake.emit("rooms:get", details({ onlineCount: 5 }));
    expect(room.getSnapshot().presence).toBe(presence);
    fake.emit("rooms:get", details({ isMember: false, isPrivate: true }));
    expect(room.getSnapshot().presence).toBeNull();
    expect(fake.callsTo("presence:leave")).toHaveLength(1);
  });

  it("joins a public room it is shown once, never after leaving it", async () => {
    fake.handlers.set("rooms:join", () => null);
    const room = open();
    fake.emit("rooms:get", details({ isMember: false }));
    fake.emit("rooms:get", details({ isMember: false, memberCount: 2 }));
    expect(fake.callsTo("rooms:join")).toHaveLength(1);

    const other = open();
    fake.emit("rooms:get", details());
    expect(await other.leave()).toBe(true);
    fake.emit("rooms:get", details({ isMember: false }));
    expect(fake.callsTo("rooms:join")).toHaveLength(1);
    room.dispose();
  });

  it("reports why the room cannot be shown, and a failed action", async () => {
    const room = open();
    fake.fail("rooms:get", new ConvexError(roomsError(ErrorCode.NOT_A_MEMBER)));
    expect(room.getSnapshot()).toMatchObject({ failed: true, room: undefined });
    expect(room.getSnapshot().error?.code).toBe(ErrorCode.NOT_A_MEMBER);
    fake.handlers.set("rooms:remove", () => {
      throw new ConvexError(roomsError(ErrorCode.NOT_OWNER));
    });
    expect(await room.remove()).toBe(false);
    expect(room.getSnapshot().actionError).not.toBeNull();
  });

  it("leaves before sign-out through the hook, and unregisters on dispose", () => {
    const tasks = new Set<() => unknown>();
    const room = open({
      userId: "u1",
      beforeSignOut: (task) => {
        tasks.add(task);
        return () => tasks.delete(task);
      },
    });
    fake.emit("rooms:get", details());
    expect(tasks.size).toBe(1);
    for (const task of tasks) void task();
    expect(fake.callsTo("presence:leave")).toHaveLength(1);
    room.dispose();
    expect(tasks.size).toBe(0);
  });
});

describe("animatePointers", () => {
  it("draws on every cursors change and stops requesting frames when stopped", () => {
    const room = open();
    fake.emit("rooms:get", details());
    const presence = room.getSnapshot().presence!;
    const requested: (() => void)[] = [];
    const frames: FrameHook = {
      request: (callback) => requested.push(callback),
      cancel: () => {},
    };
    const drawn: number[] = [];
    const stop = animatePointers(presence, (pointers) => drawn.push(pointers.length), frames);
    expect(drawn).toEqual([0]);
    fake.emit("presence:cursors", [
      packCursorRow({
        sessionId: "s2",
        userId: "u2",
        pointer: { x: 0.5, y: 0.5 },
        caret: null,
        board: null,
        updatedAt: 0,
        aliveAt: 0,
      }),
    ]);
    expect(drawn.at(-1)).toBe(1);
    const count = drawn.length;
    stop();
    fake.emit("presence:cursors", []);
    expect(drawn).toHaveLength(count);
  });
});
