// The lobby model over a fake client: the filter, the create-room rules checked before a call,
// joining and its errors, and "Try again".
import {
  ErrorCode,
  MAX_PARTICIPANTS_MAX,
  errorMessage,
  roomsError,
  type RoomSummary,
} from "@rooms/domain";
import { ConvexError } from "convex/values";
import { beforeEach, describe, expect, it } from "vitest";
import type { ClientForQueries } from "./convex";
import { createLobby, newRoomError, type NewRoom } from "./lobby";
import { FakeClient } from "./test-support/fake-client";

let fake: FakeClient;
let client: ClientForQueries;
beforeEach(() => {
  fake = new FakeClient();
  client = fake.asClient<ClientForQueries>();
});

function room(id: string, name: string, description = ""): RoomSummary {
  return {
    id,
    name,
    description,
    type: "chat",
    isPrivate: false,
    ownerId: "o",
    createdAt: 0,
    memberCount: 1,
    onlineCount: 0,
    isMember: false,
  };
}
const form: NewRoom = {
  name: "Team",
  description: "",
  type: "document",
  isPrivate: false,
  maxParticipants: "",
};

describe("lobby", () => {
  it("filters by name or description, any case", () => {
    const lobby = createLobby(client);
    expect(lobby.getSnapshot().rooms).toBeUndefined();
    fake.emit("rooms:list", [
      room("r1", "Design"),
      room("r2", "Chat", "for DESIGNERS"),
      room("r3", "Ops"),
    ]);
    lobby.setFilter(" design ");
    expect(lobby.getSnapshot().rooms?.map((r) => r.id)).toEqual(["r1", "r2"]);
    lobby.setFilter("");
    expect(lobby.getSnapshot().rooms).toHaveLength(3);
  });

  it("fails, and tries again with a new subscription", () => {
    const lobby = createLobby(client);
    fake.fail("rooms:list", new Error("offline"));
    expect(lobby.getSnapshot()).toMatchObject({ failed: true, rooms: undefined });
    lobby.retry();
    expect(lobby.getSnapshot().failed).toBe(false);
    fake.emit("rooms:list", [room("r1", "A")]);
    expect(lobby.getSnapshot().rooms).toHaveLength(1);
  });

  it("checks names, descriptions and participant limits before creating", async () => {
    expect(newRoomError({ ...form, name: "  " })).toBe(
      errorMessage(ErrorCode.EMPTY, { field: "roomName" }),
    );
    expect(newRoomError({ ...form, maxParticipants: String(MAX_PARTICIPANTS_MAX + 1) })).toBe(
      errorMessage(ErrorCode.INVALID_ARGUMENT, { field: "maxParticipants" }),
    );
    expect(newRoomError({ ...form, maxParticipants: " 12 " })).toBeNull();
    const lobby = createLobby(client);
    expect(await lobby.create({ ...form, name: "" })).toBeNull();
    expect(fake.callsTo("rooms:create")).toHaveLength(0);
    fake.handlers.set("rooms:create", () => "r9");
    expect(await lobby.create({ ...form, name: " Team ", maxParticipants: "12" })).toBe("r9");
    expect(fake.callsTo("rooms:create")[0]!.args).toEqual({
      name: "Team",
      description: "",
      type: "document",
      isPrivate: false,
      maxParticipants: 12,
    });
    expect(lobby.getSnapshot()).toMatchObject({ creating: false, createError: null });
  });

  it("creates once per press: a second create while the first waits (offline) makes no call", async () => {
    const lobby = createLobby(client);
    const first = lobby.create({ ...form, name: "Team" });
    expect(lobby.getSnapshot().creating).toBe(true);
    expect(await lobby.create({ ...form, name: "Team" })).toBeNull();
    expect(fake.callsTo("rooms:create")).toHaveLength(1);
    fake.callsTo("rooms:create")[0]!.resolve("r1");
    expect(await first).toBe("r1");
    expect(lobby.getSnapshot().creating).toBe(false);
  });

  it("joins, and shows a failed join on that room only", async () => {
    fake.handlers.set("rooms:join", () => {
      throw new ConvexError(roomsError(ErrorCode.ROOM_FULL));
    });
    const lobby = createLobby(client);
    expect(await lobby.join(room("r1", "A"))).toBeNull();
    expect(lobby.getSnapshot().joinErrors).toEqual({ r1: errorMessage(ErrorCode.ROOM_FULL) });
    expect(lobby.getSnapshot().joiningId).toBeNull();
    fake.handlers.set("rooms:joinByInviteCode", () => "r2");
    expect(await lobby.joinByCode("ABC123")).toBe("r2");
    expect(lobby.getSnapshot().codeError).toBeNull();
  });
});
