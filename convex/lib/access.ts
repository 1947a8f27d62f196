// Access checks every public function starts with, and the one way to throw a client-facing
// error. Errors are `ConvexError({ code, message, ...extra })` built by @rooms/domain's
// `roomsError`, so both apps show the same text for the same code.
//
// The caller's user id comes from Convex Auth (`getAuthUserId`: the JWT subject is
// "<userId>|<authSessionId>"). A token for a user row that no longer exists counts as signed out.
import { getAuthUserId } from "@convex-dev/auth/server";
import {
  ErrorCode,
  checkLength,
  lengthRules,
  roomsError,
  type RoomsErrorExtra,
} from "@rooms/domain";
import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { QueryCtx } from "../_generated/server";
import { isRoomKey } from "./roomKeys";

/** Throws `ConvexError(roomsError(code, extra))`. */
export function fail(code: ErrorCode, extra?: RoomsErrorExtra): never {
  throw new ConvexError(roomsError(code, extra));
}

/** The signed-in user, or null. */
export async function currentUser(ctx: QueryCtx): Promise<Doc<"users"> | null> {
  const userId = await getAuthUserId(ctx);
  return userId === null ? null : await ctx.db.get("users", userId);
}

/** The signed-in user. Throws UNAUTHENTICATED. */
export async function requireUser(ctx: QueryCtx): Promise<Doc<"users">> {
  return (await currentUser(ctx)) ?? fail(ErrorCode.UNAUTHENTICATED);
}

/** The room. Throws ROOM_NOT_FOUND. */
export async function requireRoom(ctx: QueryCtx, roomId: Id<"rooms">): Promise<Doc<"rooms">> {
  return (await ctx.db.get("rooms", roomId)) ?? fail(ErrorCode.ROOM_NOT_FOUND);
}

export async function findMembership(
  ctx: QueryCtx,
  roomId: Id<"rooms">,
  userId: Id<"users">,
): Promise<Doc<"memberships"> | null> {
  return await ctx.db
    .query("memberships")
    .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId).eq("userId", userId))
    .unique();
}

export type MemberAccess = {
  user: Doc<"users">;
  room: Doc<"rooms">;
  membership: Doc<"memberships">;
};

async function memberAccess(
  ctx: QueryCtx,
  user: Doc<"users">,
  roomId: Id<"rooms">,
): Promise<MemberAccess> {
  const room = await requireRoom(ctx, roomId);
  const membership = (await findMembership(ctx, roomId, user._id)) ?? fail(ErrorCode.NOT_A_MEMBER);
  return { user, room, membership };
}

/** The signed-in user as a member of the room. Throws UNAUTHENTICATED, ROOM_NOT_FOUND, NOT_A_MEMBER. */
export async function requireMember(ctx: QueryCtx, roomId: Id<"rooms">): Promise<MemberAccess> {
  return await memberAccess(ctx, await requireUser(ctx), roomId);
}

/**
 * The document, with the signed-in user as a member of its room. Throws UNAUTHENTICATED,
 * DOCUMENT_NOT_FOUND, ROOM_NOT_FOUND, NOT_A_MEMBER.
 */
export async function requireDocumentMember(
  ctx: QueryCtx,
  documentId: Id<"documents">,
): Promise<MemberAccess & { document: Doc<"documents"> }> {
  const user = await requireUser(ctx);
  const document =
    (await ctx.db.get("documents", documentId)) ?? fail(ErrorCode.DOCUMENT_NOT_FOUND);
  return { ...(await memberAccess(ctx, user, document.roomId)), document };
}

/**
 * Read access to a room for the shared hot queries (lib/roomKeys.ts): with the room's access key
 * nothing else is read, so the result is shared by every member; without it, `requireMember`.
 * Throws UNAUTHENTICATED, ROOM_NOT_FOUND, NOT_A_MEMBER.
 */
export async function requireRoomReader(
  ctx: QueryCtx,
  roomId: Id<"rooms">,
  key: string | undefined,
): Promise<void> {
  if (!(await isRoomKey(ctx, roomId, key))) await requireMember(ctx, roomId);
}

/**
 * The document, readable with its room's access key or as a member (as `requireRoomReader`).
 * Throws UNAUTHENTICATED, DOCUMENT_NOT_FOUND, ROOM_NOT_FOUND, NOT_A_MEMBER.
 */
export async function requireDocumentReader(
  ctx: QueryCtx,
  documentId: Id<"documents">,
  key: string | undefined,
): Promise<Doc<"documents">> {
  const document = key === undefined ? null : await ctx.db.get("documents", documentId);
  if (document !== null && (await isRoomKey(ctx, document.roomId, key))) return document;
  return (await requireDocumentMember(ctx, documentId)).document;
}

/**
 * Trims `text` and checks it against a domain length rule. Throws EMPTY or TOO_LONG naming the
 * field and its limit.
 */
export function checkText(
  kind: "message" | "roomName" | "roomDescription" | "documentTitle" | "displayName",
  text: string,
): string {
  const trimmed = text.trim();
  const error = checkLength(kind, trimmed);
  if (error !== null) fail(error, { field: kind, limit: lengthRules[kind].max });
  return trimmed;
}
