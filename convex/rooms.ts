// Rooms: the lobby list, a room's settings, joining and leaving, and its member list.
//
// Access: every function requires a signed-in user (UNAUTHENTICATED). Public rooms are visible
// to everyone signed in; a private room only to its members, and joining it takes its invite
// code (INVALID_INVITE_CODE). `update`, `remove` and `regenerateInviteCode` are the owner's
// (NOT_OWNER), and only the owner sees the invite code. A room holds at most `maxParticipants`
// members, MAX_PARTICIPANTS_MAX without one (ROOM_FULL). The owner cannot leave; they remove
// the room instead. `purge` is internal: it deletes a removed room's data in batches.
import {
  ErrorCode,
  canJoin,
  capacityOf,
  canManageRoom,
  checkMaxParticipants,
  normalizeInviteCode,
  statusRank,
} from "@rooms/domain";
import { v } from "convex/values";
import { internal } from "./_generated/api";
import type { Doc, Id } from "./_generated/dataModel";
import {
  internalMutation,
  mutation,
  query,
  type MutationCtx,
  type QueryCtx,
} from "./_generated/server";
import {
  checkText,
  fail,
  findMembership,
  requireMember,
  requireRoom,
  requireRoomReader,
  requireUser,
} from "./lib/access";
import { connectedCount, disconnectSession, presenceByUser } from "./lib/presence";
import { profileLoader } from "./lib/profiles";
import { purgeRoomBatch } from "./lib/purge";
import { deleteRoomKey, ensureRoomKey, roomKeyOf, rotateRoomKey } from "./lib/roomKeys";
import { postSystemMessage } from "./lib/systemMessages";
import { memberView, roomView } from "./lib/views";
import { roomType } from "./schema";

/** Most public rooms `list` returns (newest first); rooms the caller belongs to always appear. */
const PUBLIC_LIST_LIMIT = 200;
/** Invite codes: 8 characters without look-alikes (no 0/O, 1/I/L). */
const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const INVITE_LENGTH = 8;

async function membersOf(ctx: QueryCtx, roomId: Id<"rooms">) {
  return await ctx.db
    .query("memberships")
    .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId))
    .collect();
}

async function viewOf(ctx: QueryCtx, room: Doc<"rooms">, userId: Id<"users">) {
  const members = await membersOf(ctx, room._id);
  const presence = await presenceByUser(ctx, room._id);
  const isMember = members.some((m) => m.userId === userId);
  return {
    id: room._id,
    name: room.name,
    description: room.description,
    type: room.type,
    isPrivate: room.isPrivate,
    ...(room.maxParticipants !== undefined ? { maxParticipants: room.maxParticipants } : {}),
    ownerId: room.ownerId,
    createdAt: room._creationTime,
    memberCount: members.length,
    onlineCount: connectedCount(presence),
    isMember,
    ...(room.inviteCode !== undefined && canManageRoom(room, userId)
      ? { inviteCode: room.inviteCode }
      : {}),
  };
}

async function newInviteCode(ctx: QueryCtx): Promise<string> {
  for (;;) {
    let code = "";
    for (let i = 0; i < INVITE_LENGTH; i++) {
      code += INVITE_ALPHABET[Math.floor(Math.random() * INVITE_ALPHABET.length)];
    }
    const taken = await ctx.db
      .query("rooms")
      .withIndex("by_inviteCode", (q) => q.eq("inviteCode", code))
      .first();
    if (taken === null) return code;
  }
}

function checkCapacity(maxParticipants: number) {
  if (checkMaxParticipants(maxParticipants) !== null) {
    fail(ErrorCode.INVALID_ARGUMENT, { field: "maxParticipants" });
  }
}

/** Adds the caller to the room unless already a member; posts "joined". Throws like canJoin. */
async function joinRoom(ctx: MutationCtx, room: Doc<"rooms">, inviteCode?: string) {
  const user = await requireUser(ctx);
  // Rooms from before access keys get theirs when someone next enters them.
  await ensureRoomKey(ctx, room._id);
  const isMember = (await findMembership(ctx, room._id, user._id)) !== null;
  if (isMember) return;
  const memberCount = (await membersOf(ctx, room._id)).length;
  const verdict = canJoin(
    room,
    { id: user._id },
    { memberCount, ...(inviteCode !== undefined ? { inviteCode } : {}) },
  );
  if (!verdict.ok) {
    fail(verdict.code, verdict.code === ErrorCode.ROOM_FULL ? { limit: capacityOf(room) } : {});
  }
  await ctx.db.insert("memberships", { roomId: room._id, userId: user._id, role: "member" });
  await postSystemMessage(ctx, room._id, user._id, { kind: "joined" });
}

/** Public rooms and the caller's rooms, newest first, with member and connected counts. */
export const list = query({
  args: {},
  returns: v.array(roomView),
  handler: async (ctx) => {
    const user = await requireUser(ctx);
    const publicRooms = await ctx.db
      .query("rooms")
      .withIndex("by_isPrivate", (q) => q.eq("isPrivate", false))
      .order("desc")
      .take(PUBLIC_LIST_LIMIT);
    const memberships = await ctx.db
      .query("memberships")
      .withIndex("by_userId", (q) => q.eq("userId", user._id))
      .collect();
    const rooms = new Map(publicRooms.map((room) => [room._id, room]));
    for (const { roomId } of memberships) {
      const room = rooms.has(roomId) ? null : await ctx.db.get("rooms", roomId);
      if (room !== null) rooms.set(roomId, room);
    }
    const views = await Promise.all([...rooms.values()].map((room) => viewOf(ctx, room, user._id)));
    return views.sort((a, b) => b.createdAt - a.createdAt);
  },
});

/**
 * One room. A private room is visible to its members only (NOT_A_MEMBER). The id is any string
 * (it comes from the URL): one that is not a room id is ROOM_NOT_FOUND, like a deleted room.
 */
export const get = query({
  args: { roomId: v.string() },
  returns: roomView,
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const roomId = ctx.db.normalizeId("rooms", args.roomId);
    if (roomId === null) return fail(ErrorCode.ROOM_NOT_FOUND);
    const room = await requireRoom(ctx, roomId);
    const view = await viewOf(ctx, room, user._id);
    if (room.isPrivate && !view.isMember) fail(ErrorCode.NOT_A_MEMBER);
    return view;
  },
});

/**
 * Creates a room owned by the caller, who becomes its first member. Private rooms get an invite
 * code. Throws EMPTY / TOO_LONG (roomName, roomDescription), INVALID_ARGUMENT (maxParticipants
 * outside MAX_PARTICIPANTS_MIN..MAX_PARTICIPANTS_MAX).
 */
export const create = mutation({
  args: {
    name: v.string(),
    description: v.optional(v.string()),
    type: roomType,
    isPrivate: v.boolean(),
    maxParticipants: v.optional(v.number()),
  },
  returns: v.id("rooms"),
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const name = checkText("roomName", args.name);
    const description = checkText("roomDescription", args.description ?? "");
    if (args.maxParticipants !== undefined) checkCapacity(args.maxParticipants);
    const roomId = await ctx.db.insert("rooms", {
      name,
      description,
      type: args.type,
      isPrivate: args.isPrivate,
      ownerId: user._id,
      ...(args.isPrivate ? { inviteCode: await newInviteCode(ctx) } : {}),
      ...(args.maxParticipants !== undefined ? { maxParticipants: args.maxParticipants } : {}),
    });
    await ctx.db.insert("memberships", { roomId, userId: user._id, role: "owner" });
    await ensureRoomKey(ctx, roomId);
    return roomId;
  },
});

/**
 * Changes the room's settings (owner only). `maxParticipants: null` removes the limit. Making a
 * room private gives it an invite code; making it public drops the code. Throws NOT_OWNER and
 * the errors of `create`.
 */
export const update = mutation({
  args: {
    roomId: v.id("rooms"),
    name: v.optional(v.string()),
    description: v.optional(v.string()),
    isPrivate: v.optional(v.boolean()),
    maxParticipants: v.optional(v.union(v.number(), v.null())),
  },
  returns: v.null(),
  handler: async (ctx, { roomId, ...args }) => {
    const { room, user } = await requireMember(ctx, roomId);
    if (!canManageRoom(room, user._id)) fail(ErrorCode.NOT_OWNER);
    const patch: Partial<Doc<"rooms">> = {};
    if (args.name !== undefined) patch.name = checkText("roomName", args.name);
    if (args.description !== undefined) {
      patch.description = checkText("roomDescription", args.description);
    }
    if (args.maxParticipants === null) patch.maxParticipants = undefined;
    else if (args.maxParticipants !== undefined) {
      checkCapacity(args.maxParticipants);
      patch.maxParticipants = args.maxParticipants;
    }
    if (args.isPrivate !== undefined && args.isPrivate !== room.isPrivate) {
      patch.isPrivate = args.isPrivate;
      patch.inviteCode = args.isPrivate ? await newInviteCode(ctx) : undefined;
    }
    await ctx.db.patch("rooms", roomId, patch);
    return null;
  },
});

/** Replaces a private room's invite code (owner only); the old one stops working. */
export const regenerateInviteCode = mutation({
  args: { roomId: v.id("rooms") },
  returns: v.string(),
  handler: async (ctx, { roomId }) => {
    const { room, user } = await requireMember(ctx, roomId);
    if (!canManageRoom(room, user._id)) fail(ErrorCode.NOT_OWNER);
    if (!room.isPrivate) fail(ErrorCode.INVALID_ARGUMENT, { detail: "the room is public" });
    const inviteCode = await newInviteCode(ctx);
    await ctx.db.patch("rooms", roomId, { inviteCode });
    return inviteCode;
  },
});

/**
 * Deletes the room (owner only). The room and its memberships go at once; its messages,
 * documents, presence and files are purged in the background.
 */
export const remove = mutation({
  args: { roomId: v.id("rooms") },
  returns: v.null(),
  handler: async (ctx, { roomId }) => {
    const { room, user } = await requireMember(ctx, roomId);
    if (!canManageRoom(room, user._id)) fail(ErrorCode.NOT_OWNER);
    for (const membership of await membersOf(ctx, roomId)) {
      await ctx.db.delete("memberships", membership._id);
    }
    await deleteRoomKey(ctx, roomId);
    await ctx.db.delete("rooms", roomId);
    await ctx.scheduler.runAfter(0, internal.rooms.purge, { roomId });
    return null;
  },
});

/** Deletes a removed room's rows, a batch per run, rescheduling itself until none are left. */
export const purge = internalMutation({
  args: { roomId: v.id("rooms") },
  returns: v.null(),
  handler: async (ctx, { roomId }) => {
    if (!(await purgeRoomBatch(ctx, roomId))) {
      await ctx.scheduler.runAfter(0, internal.rooms.purge, { roomId });
    }
    return null;
  },
});

/**
 * Joins a room; a no-op for a member. Private rooms need `inviteCode`. Throws ROOM_NOT_FOUND,
 * INVALID_INVITE_CODE, ROOM_FULL.
 */
export const join = mutation({
  args: { roomId: v.id("rooms"), inviteCode: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, { roomId, inviteCode }) => {
    await joinRoom(ctx, await requireRoom(ctx, roomId), inviteCode);
    return null;
  },
});

/** Joins the room an invite code belongs to and returns its id. Throws INVALID_INVITE_CODE, ROOM_FULL. */
export const joinByInviteCode = mutation({
  args: { inviteCode: v.string() },
  returns: v.id("rooms"),
  handler: async (ctx, args) => {
    await requireUser(ctx);
    const inviteCode = normalizeInviteCode(args.inviteCode);
    const room =
      inviteCode === ""
        ? null
        : await ctx.db
            .query("rooms")
            .withIndex("by_inviteCode", (q) => q.eq("inviteCode", inviteCode))
            .first();
    if (room === null) return fail(ErrorCode.INVALID_INVITE_CODE);
    await joinRoom(ctx, room, inviteCode);
    return room._id;
  },
});

/**
 * Leaves the room: ends the caller's sessions there, releases their document locks, posts
 * "left". The owner cannot leave (INVALID_ARGUMENT); they remove the room instead.
 */
export const leave = mutation({
  args: { roomId: v.id("rooms") },
  returns: v.null(),
  handler: async (ctx, { roomId }) => {
    const { user, room, membership } = await requireMember(ctx, roomId);
    if (canManageRoom(room, user._id)) {
      fail(ErrorCode.INVALID_ARGUMENT, { detail: "the owner cannot leave; remove the room" });
    }
    const now = Date.now();
    for (const session of await ctx.db
      .query("presence")
      .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId).eq("userId", user._id))
      .collect()) {
      await disconnectSession(ctx, session._id, now);
      await ctx.db.delete("presence", session._id);
    }
    const typing = await ctx.db
      .query("typing")
      .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId).eq("userId", user._id))
      .unique();
    if (typing !== null) await ctx.db.delete("typing", typing._id);
    for (const document of await ctx.db
      .query("documents")
      .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
      .collect()) {
      if (document.lockedBy === user._id) {
        await ctx.db.patch("documents", document._id, { lockedBy: undefined, lockedAt: undefined });
      }
    }
    await ctx.db.delete("memberships", membership._id);
    // The key this member held stops working now (lib/roomKeys.ts).
    await rotateRoomKey(ctx, roomId);
    await postSystemMessage(ctx, roomId, user._id, { kind: "left" });
    return null;
  },
});

/**
 * The room's access key for the shared queries (lib/roomKeys.ts), or null for a room that has
 * none yet (`join` gives it one). Members only: it reads the identity.
 */
export const accessKey = query({
  args: { roomId: v.id("rooms") },
  returns: v.union(v.null(), v.string()),
  handler: async (ctx, { roomId }) => {
    await requireMember(ctx, roomId);
    return await roomKeyOf(ctx, roomId);
  },
});

/** The room's members with live status, online first, then away, then offline; by name within. */
export const members = query({
  args: { roomId: v.id("rooms"), key: v.optional(v.string()) },
  returns: v.array(memberView),
  handler: async (ctx, { roomId, key }) => {
    await requireRoomReader(ctx, roomId, key);
    const presence = await presenceByUser(ctx, roomId);
    const profile = profileLoader(ctx);
    const views = await Promise.all(
      (await membersOf(ctx, roomId)).map(async (membership) => {
        const { name, color } = await profile(membership.userId);
        const live = presence.get(membership.userId);
        return {
          userId: membership.userId,
          name,
          color,
          role: membership.role,
          status: live?.status ?? ("offline" as const),
          joinedAt: membership._creationTime,
          ...(live?.documentId !== undefined ? { documentId: live.documentId } : {}),
        };
      }),
    );
    return views.sort(
      (a, b) => statusRank[a.status] - statusRank[b.status] || a.name.localeCompare(b.name),
    );
  },
});
