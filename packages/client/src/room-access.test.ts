import type { Id } from "@rooms/convex/_generated/dataModel";
import { api } from "@rooms/convex/_generated/api";
import { describe, expect, it } from "vitest";
import type { ClientForData } from "./convex";
import { createRoomAccess } from "./room-access";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;

function setup() {
  const fake = new FakeClient();
  const access = createRoomAccess(fake.asClient<ClientForData>(), roomId);
  const seen: unknown[] = [];
  access.subscribe(api.presence.cursors, { roomId }, (value) => seen.push(value));
  const cursorArgs = () => fake.subscribed("presence:cursors").map((s) => s.args);
  return { fake, access, seen, cursorArgs };
}

describe("room access", () => {
  it("subscribes without the key until it is known, then with it", () => {
    const { fake, cursorArgs } = setup();
    expect(cursorArgs()).toEqual([{ roomId }]);
    fake.emit("rooms:accessKey", "k1");
    expect(cursorArgs()).toEqual([{ roomId, key: "k1" }]);
  });

  it("moves every subscription to a new key, keeping results flowing", () => {
    const { fake, seen, cursorArgs } = setup();
    fake.emit("rooms:accessKey", "k1");
    fake.emit("presence:cursors", ["a"]);
    fake.emit("rooms:accessKey", "k2");
    expect(cursorArgs()).toEqual([{ roomId, key: "k2" }]);
    fake.emit("presence:cursors", ["b"]);
    expect(seen).toEqual([["a"], ["b"]]);
    // The same key again changes nothing.
    const before = fake.subscriptions.length;
    fake.emit("rooms:accessKey", "k2");
    expect(fake.subscriptions.length).toBe(before);
  });

  it("stays without a key when the room has none or the key query fails", () => {
    const { fake, cursorArgs } = setup();
    fake.emit("rooms:accessKey", null);
    expect(cursorArgs()).toEqual([{ roomId }]);
    fake.emit("rooms:accessKey", "k1");
    fake.fail("rooms:accessKey", new Error("NOT_A_MEMBER"));
    expect(cursorArgs()).toEqual([{ roomId }]);
  });

  it("dispose ends the key subscription and every keyed one", () => {
    const { fake, access } = setup();
    fake.emit("rooms:accessKey", "k1");
    access.dispose();
    expect(fake.subscribed("presence:cursors")).toEqual([]);
    expect(fake.subscribed("rooms:accessKey")).toEqual([]);
  });
});
