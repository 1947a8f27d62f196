import { BOARD_COLORS, ErrorCode, MAX_PARTICIPANTS_MAX } from "@rooms/domain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import { expectError, setup, signIn, type Client } from "./test.setup";

afterEach(() => {
  vi.useRealTimers();
});

const chat = { type: "chat" as const, isPrivate: false };

async function systemLines(client: Client, roomId: string) {
  const page = await client.query(api.messages.list, {
    roomId: roomId as never,
    paginationOpts: { numItems: 50, cursor: null },
  });
  return page.page.filter((m) => m.kind === "system").map((m) => m.body);
}

describe("rooms", () => {
  it("refuses unauthenticated callers", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const roomId = await ada.mutation(api.rooms.create, { name: "Lobby", ...chat });
    await expectError(t.query(api.rooms.list, {}), ErrorCode.UNAUTHENTICATED);
    await expectError(t.query(api.rooms.get, { roomId }), ErrorCode.UNAUTHENTICATED);
    await expectError(
      t.mutation(api.rooms.create, { name: "X", ...chat }),
      ErrorCode.UNAUTHENTICATED,
    );
    await expectError(t.mutation(api.rooms.join, { roomId }), ErrorCode.UNAUTHENTICATED);
    await expectError(
      t.mutation(api.rooms.joinByInviteCode, { inviteCode: "ABC" }),
      ErrorCode.UNAUTHENTICATED,
    );
    await expectError(t.mutation(api.rooms.leave, { roomId }), ErrorCode.UNAUTHENTICATED);
    await expectError(t.query(api.rooms.members, { roomId }), ErrorCode.UNAUTHENTICATED);
  });

  it("creates a room with its owner as first member and lists it", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const roomId = await ada.mutation(api.rooms.create, {
      name: "  Standup  ",
      description: "Daily",
      type: "document",
      isPrivate: false,
      maxParticipants: 5,
    });
    const room = await ada.query(api.rooms.get, { roomId });
    expect(room).toMatchObject({
      id: roomId,
      name: "Standup",
      description: "Daily",
      type: "document",
      isPrivate: false,
      maxParticipants: 5,
      ownerId: ada.userId,
      memberCount: 1,
      onlineCount: 0,
      isMember: true,
    });
    expect(room.inviteCode).toBeUndefined();
    expect(await ada.query(api.rooms.list, {})).toEqual([room]);
    expect(await ada.query(api.rooms.members, { roomId })).toEqual([
      expect.objectContaining({
        userId: ada.userId,
        name: "Ada",
        role: "owner",
        status: "offline",
      }),
    ]);
  });

  it("checks names, descriptions and capacities", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    await expectError(
      ada.mutation(api.rooms.create, { name: "x".repeat(81), ...chat }),
      ErrorCode.TOO_LONG,
      { field: "roomName", limit: 80 },
    );
    await expectError(ada.mutation(api.rooms.create, { name: "  ", ...chat }), ErrorCode.EMPTY, {
      field: "roomName",
    });
    await expectError(
      ada.mutation(api.rooms.create, { name: "A", description: "d".repeat(501), ...chat }),
      ErrorCode.TOO_LONG,
      { field: "roomDescription" },
    );
    for (const maxParticipants of [1, MAX_PARTICIPANTS_MAX + 1, 2.5]) {
      await expectError(
        ada.mutation(api.rooms.create, { name: "A", maxParticipants, ...chat }),
        ErrorCode.INVALID_ARGUMENT,
        { field: "maxParticipants" },
      );
    }
    expect(await ada.query(api.rooms.list, {})).toEqual([]);
  });

  it("lists public rooms and the caller's private ones; hides private rooms from others", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const open = await ada.mutation(api.rooms.create, { name: "Open", ...chat });
    const secret = await ada.mutation(api.rooms.create, {
      name: "Secret",
      type: "chat",
      isPrivate: true,
    });
    expect((await ada.query(api.rooms.list, {})).map((r) => r.name)).toEqual(["Secret", "Open"]);
    const seenByBo = await bo.query(api.rooms.list, {});
    expect(seenByBo).toEqual([
      expect.objectContaining({ id: open, isMember: false, memberCount: 1 }),
    ]);
    expect(await bo.query(api.rooms.get, { roomId: open })).toMatchObject({ isMember: false });
    await expectError(bo.query(api.rooms.get, { roomId: secret }), ErrorCode.NOT_A_MEMBER);
    await expectError(bo.query(api.rooms.members, { roomId: open }), ErrorCode.NOT_A_MEMBER);
  });

  it("private rooms: only the owner sees the invite code; joining needs it", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const cy = await signIn(t, "Cy");
    const roomId = await ada.mutation(api.rooms.create, {
      name: "Secret",
      type: "chat",
      isPrivate: true,
    });
    const { inviteCode } = await ada.query(api.rooms.get, { roomId });
    expect(inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    await expectError(bo.mutation(api.rooms.join, { roomId }), ErrorCode.INVALID_INVITE_CODE);
    await expectError(
      bo.mutation(api.rooms.join, { roomId, inviteCode: "WRONG123" }),
      ErrorCode.INVALID_INVITE_CODE,
    );
    await bo.mutation(api.rooms.join, { roomId, inviteCode: ` ${inviteCode!.toLowerCase()} ` });
    const seenByBo = await bo.query(api.rooms.get, { roomId });
    expect(seenByBo).toMatchObject({ isMember: true, memberCount: 2 });
    expect(seenByBo.inviteCode).toBeUndefined();
    expect(await cy.mutation(api.rooms.joinByInviteCode, { inviteCode: inviteCode! })).toBe(roomId);
    await expectError(
      cy.mutation(api.rooms.joinByInviteCode, { inviteCode: "NOPE" }),
      ErrorCode.INVALID_INVITE_CODE,
    );
    await expectError(
      cy.mutation(api.rooms.joinByInviteCode, { inviteCode: "  " }),
      ErrorCode.INVALID_INVITE_CODE,
    );
    // Rotating the code: the old one stops working.
    const fresh = await ada.mutation(api.rooms.regenerateInviteCode, { roomId });
    expect(fresh).not.toBe(inviteCode);
    const dee = await signIn(t, "Dee");
    await expectError(
      dee.mutation(api.rooms.joinByInviteCode, { inviteCode: inviteCode! }),
      ErrorCode.INVALID_INVITE_CODE,
    );
    await expectError(bo.mutation(api.rooms.regenerateInviteCode, { roomId }), ErrorCode.NOT_OWNER);
  });

  it("join is idempotent, posts 'joined' once, and refuses a full room", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const cy = await signIn(t, "Cy");
    const roomId = await ada.mutation(api.rooms.create, {
      name: "Pair",
      maxParticipants: 2,
      ...chat,
    });
    await bo.mutation(api.rooms.join, { roomId });
    await bo.mutation(api.rooms.join, { roomId });
    expect(await systemLines(ada, roomId)).toEqual(["Bo joined"]);
    await expectError(cy.mutation(api.rooms.join, { roomId }), ErrorCode.ROOM_FULL, { limit: 2 });
    const gone = await t.run(async (ctx) => {
      const id = await ctx.db.insert("rooms", {
        name: "Gone",
        description: "",
        type: "chat",
        isPrivate: false,
        ownerId: ada.userId,
      });
      await ctx.db.delete("rooms", id);
      return id;
    });
    await expectError(cy.mutation(api.rooms.join, { roomId: gone }), ErrorCode.ROOM_NOT_FOUND);
  });

  it("leave: posts 'left', drops membership; the owner cannot leave", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const roomId = await ada.mutation(api.rooms.create, { name: "Room", ...chat });
    await bo.mutation(api.rooms.join, { roomId });
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-tab" });
    await bo.mutation(api.rooms.leave, { roomId });
    expect(await systemLines(ada, roomId)).toEqual(["Bo left", "Bo joined"]);
    expect((await ada.query(api.rooms.members, { roomId })).map((m) => m.name)).toEqual(["Ada"]);
    expect((await ada.query(api.rooms.get, { roomId })).onlineCount).toBe(0);
    await expectError(bo.mutation(api.rooms.leave, { roomId }), ErrorCode.NOT_A_MEMBER);
    await expectError(ada.mutation(api.rooms.leave, { roomId }), ErrorCode.INVALID_ARGUMENT);
  });

  it("update: owner only; private gets a code, public drops it; null lifts the limit", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const roomId = await ada.mutation(api.rooms.create, {
      name: "Room",
      maxParticipants: 3,
      ...chat,
    });
    await bo.mutation(api.rooms.join, { roomId });
    await expectError(bo.mutation(api.rooms.update, { roomId, name: "Mine" }), ErrorCode.NOT_OWNER);
    await ada.mutation(api.rooms.update, {
      roomId,
      name: "Renamed",
      isPrivate: true,
      maxParticipants: null,
    });
    const room = await ada.query(api.rooms.get, { roomId });
    expect(room).toMatchObject({ name: "Renamed", isPrivate: true });
    expect(room.maxParticipants).toBeUndefined();
    expect(room.inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    await ada.mutation(api.rooms.update, { roomId, isPrivate: false });
    expect((await ada.query(api.rooms.get, { roomId })).inviteCode).toBeUndefined();
    await expectError(
      ada.mutation(api.rooms.update, { roomId, name: "x".repeat(81) }),
      ErrorCode.TOO_LONG,
    );
    await expectError(
      ada.mutation(api.rooms.update, { roomId, maxParticipants: 0 }),
      ErrorCode.INVALID_ARGUMENT,
    );
  });

  it("remove: owner only; the room disappears and its data is purged in the background", async () => {
    vi.useFakeTimers();
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const roomId = await ada.mutation(api.rooms.create, { name: "Doomed", ...chat });
    await bo.mutation(api.rooms.join, { roomId });
    await bo.mutation(api.messages.send, { roomId, body: "hi" });
    const documentId = await ada.mutation(api.documents.create, { roomId, title: "Notes" });
    await ada.mutation(api.documents.submitOperations, {
      documentId,
      baseRevision: 0,
      operations: [["hello"]],
      clientId: "c",
    });
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-tab" });
    await bo.mutation(api.presence.updateCursor, {
      roomId,
      sessionId: "bo-tab",
      pointer: { x: 0, y: 0 },
    });
    await bo.mutation(api.presence.setTyping, { roomId, typing: true });
    await bo.mutation(api.boards.create, {
      roomId,
      shapes: [
        {
          id: "shape-1",
          kind: "rectangle",
          x: 0,
          y: 0,
          width: 10,
          height: 10,
          color: BOARD_COLORS[0],
          strokeWidth: 2,
          z: "a0",
        },
      ],
    });
    await expectError(bo.mutation(api.rooms.remove, { roomId }), ErrorCode.NOT_OWNER);

    await ada.mutation(api.rooms.remove, { roomId });
    expect(await bo.query(api.rooms.list, {})).toEqual([]);
    await expectError(bo.query(api.rooms.get, { roomId }), ErrorCode.ROOM_NOT_FOUND);
    await expectError(bo.mutation(api.rooms.join, { roomId }), ErrorCode.ROOM_NOT_FOUND);
    // The chat of a deleted room reads as empty rather than failing (see messages.list).
    expect(
      await bo.query(api.messages.list, { roomId, paginationOpts: { numItems: 5, cursor: null } }),
    ).toMatchObject({ page: [], isDone: true });
    // An id from a URL that is not a room id at all is "not found" too.
    await expectError(
      bo.query(api.rooms.get, { roomId: "doesnotexist" }),
      ErrorCode.ROOM_NOT_FOUND,
    );
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const left = await t.run(async (ctx) => {
      const counts: Record<string, number> = {};
      for (const table of [
        "memberships",
        "presence",
        "heartbeats",
        "cursors",
        "typing",
        "messages",
        "documents",
        "documentContents",
        "operations",
        "snapshots",
        "shapes",
        "boards",
      ] as const) {
        counts[table] = (await ctx.db.query(table).collect()).length;
      }
      return counts;
    });
    expect(Object.values(left).every((n) => n === 0)).toBe(true);
  });

  it("members: status from presence, online first", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const cy = await signIn(t, "Cy");
    const roomId = await ada.mutation(api.rooms.create, { name: "Room", ...chat });
    await bo.mutation(api.rooms.join, { roomId });
    await cy.mutation(api.rooms.join, { roomId });
    await cy.mutation(api.presence.heartbeat, { roomId, sessionId: "cy-1" });
    await bo.mutation(api.presence.heartbeat, { roomId, sessionId: "bo-1", status: "away" });
    const members = await ada.query(api.rooms.members, { roomId });
    expect(members.map((m) => [m.name, m.status, m.role])).toEqual([
      ["Cy", "online", "member"],
      ["Bo", "away", "member"],
      ["Ada", "offline", "owner"],
    ]);
    expect((await ada.query(api.rooms.list, {}))[0]).toMatchObject({
      memberCount: 3,
      onlineCount: 2,
    });
  });

  it("access key: members get it; with it the shared queries need no identity; leaving changes it", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const bo = await signIn(t, "Bo");
    const cy = await signIn(t, "Cy");
    const roomId = await ada.mutation(api.rooms.create, { name: "Keys", ...chat });
    await bo.mutation(api.rooms.join, { roomId });
    const documentId = await ada.mutation(api.documents.create, { roomId, title: "Notes" });
    await expectError(t.query(api.rooms.accessKey, { roomId }), ErrorCode.UNAUTHENTICATED);
    await expectError(cy.query(api.rooms.accessKey, { roomId }), ErrorCode.NOT_A_MEMBER);
    const key = await bo.query(api.rooms.accessKey, { roomId });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(await ada.query(api.rooms.accessKey, { roomId })).toBe(key);

    // With the key, the shared queries answer without reading who is asking.
    const shared = (k: string) => [
      t.query(api.presence.cursors, { roomId, key: k }),
      t.query(api.presence.typing, { roomId, key: k }),
      t.query(api.rooms.members, { roomId, key: k }),
      t.query(api.documents.list, { roomId, key: k }),
      t.query(api.documents.operationsSince, { documentId, revision: 0, key: k }),
    ];
    const results = await Promise.all(shared(key!));
    expect(results[2]).toHaveLength(2);
    expect(results[3]).toEqual([{ id: documentId, roomId, title: "Notes", lockedBy: null }]);
    // Any other key is no key: the identity decides, with the usual errors.
    for (const call of shared("0".repeat(32))) await expectError(call, ErrorCode.UNAUTHENTICATED);
    await expectError(
      cy.query(api.presence.cursors, { roomId, key: "0".repeat(32) }),
      ErrorCode.NOT_A_MEMBER,
    );
    expect(await bo.query(api.presence.cursors, { roomId, key: "wrong" })).toEqual([]);

    // Bo leaves: the key Bo held no longer opens anything.
    await bo.mutation(api.rooms.leave, { roomId });
    const next = await ada.query(api.rooms.accessKey, { roomId });
    expect(next).not.toBe(key);
    for (const call of shared(key!)) await expectError(call, ErrorCode.UNAUTHENTICATED);
    await expectError(
      bo.query(api.presence.cursors, { roomId, key: key! }),
      ErrorCode.NOT_A_MEMBER,
    );
    expect(await t.query(api.presence.cursors, { roomId, key: next! })).toEqual([]);

    // Removing the room removes its key.
    await ada.mutation(api.rooms.remove, { roomId });
    await expectError(
      t.query(api.presence.cursors, { roomId, key: next! }),
      ErrorCode.UNAUTHENTICATED,
    );
  });
});
