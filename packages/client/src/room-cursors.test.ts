import type { Id } from "@rooms/convex/_generated/dataModel";
import type { CursorRow } from "@rooms/domain";
import { describe, expect, it } from "vitest";
import type { ClientForData } from "./convex";
import { createRoomAccess } from "./room-access";
import { subscribeToCursors } from "./room-cursors";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;

const row = (sessionId: string, x: number): CursorRow => ({
  sessionId,
  userId: `user-${sessionId}` as CursorRow["userId"],
  pointer: { x, y: 0 },
  caret: null,
  board: null,
  updatedAt: 0,
  aliveAt: 0,
});

function setup() {
  const fake = new FakeClient();
  const access = createRoomAccess(fake.asClient<ClientForData>(), roomId);
  const published: string[][] = [];
  const errors: Error[] = [];
  const stop = subscribeToCursors(
    access,
    roomId,
    "mine",
    (rows) => published.push(rows.map((r) => `${r.sessionId}@${r.pointer?.x}`)),
    (error) => errors.push(error),
  );
  const followed = () => fake.subscribed("presence:cursor").map((s) => s.args.sessionId);
  const deliver = (value: CursorRow | null, sessionId = value!.sessionId) =>
    fake.emit("presence:cursor", value, { roomId, sessionId });
  const flush = () => Promise.resolve();
  return { fake, stop, published, errors, followed, deliver, flush };
}

describe("subscribeToCursors", () => {
  it("follows each listed session but its own, and publishes in the list's order", async () => {
    const { fake, published, followed, deliver, flush } = setup();
    fake.emit("presence:cursorSessions", ["a", "mine", "b"]);
    expect(followed()).toEqual(["a", "b"]);
    deliver(row("b", 0.2));
    deliver(null, "a"); // a session that has not moved yet
    await flush();
    expect(published).toEqual([["b@0.2"]]);
    deliver(row("a", 0.1));
    await flush();
    expect(published.at(-1)).toEqual(["a@0.1", "b@0.2"]);
  });

  it("publishes the rows one Transition changes once", async () => {
    const { fake, published, deliver, flush } = setup();
    fake.emit("presence:cursorSessions", ["a", "b", "c"]);
    deliver(row("a", 0.1));
    deliver(row("b", 0.2));
    deliver(row("c", 0.3));
    await flush();
    expect(published).toEqual([["a@0.1", "b@0.2", "c@0.3"]]);
  });

  it("stops following a session that leaves the list and drops its row", async () => {
    const { fake, published, followed, deliver, flush } = setup();
    fake.emit("presence:cursorSessions", ["a", "b"]);
    deliver(row("a", 0.1));
    deliver(row("b", 0.2));
    await flush();
    fake.emit("presence:cursorSessions", ["b"]);
    expect(followed()).toEqual(["b"]);
    await flush();
    expect(published.at(-1)).toEqual(["b@0.2"]);
    // A session without a row leaving changes nothing shown: no publish.
    fake.emit("presence:cursorSessions", ["b", "c"]);
    fake.emit("presence:cursorSessions", ["b"]);
    await flush();
    expect(published).toHaveLength(2);
  });

  it("keeps a followed session's subscription when the list changes around it", () => {
    const { fake } = setup();
    fake.emit("presence:cursorSessions", ["a"]);
    const [first] = fake.subscribed("presence:cursor");
    fake.emit("presence:cursorSessions", ["a", "b"]);
    expect(fake.subscribed("presence:cursor")[0]).toBe(first);
  });

  it("ends every subscription on stop and publishes nothing after it", async () => {
    const { fake, stop, published, followed, deliver, flush } = setup();
    fake.emit("presence:cursorSessions", ["a", "b"]);
    deliver(row("a", 0.1));
    stop();
    await flush();
    expect(published).toEqual([]);
    expect(followed()).toEqual([]);
    expect(fake.subscribed("presence:cursorSessions")).toEqual([]);
  });

  it("reports errors of the list and of each session's cursor", () => {
    const { fake, errors } = setup();
    fake.emit("presence:cursorSessions", ["a"]);
    fake.fail("presence:cursor", new Error("NOT_A_MEMBER"));
    fake.fail("presence:cursorSessions", new Error("ROOM_NOT_FOUND"));
    expect(errors.map((e) => e.message)).toEqual(["NOT_A_MEMBER", "ROOM_NOT_FOUND"]);
  });
});
