// Who may do what. Pure predicates over plain data: the backend calls them before it writes and
// the apps call them to hide or disable controls, so both agree. Membership itself is the
// backend's to look up; these functions take it as an argument.

import { ErrorCode } from "./errors";
import { MAX_PARTICIPANTS_MAX } from "./limits";
import type { Document, Message, Room } from "./types";

export type PermissionResult = { ok: true } | { ok: false; code: ErrorCode };

const allowed: PermissionResult = { ok: true };

function refused(code: ErrorCode): PermissionResult {
  return { ok: false, code };
}

/** How many members the room holds: its own limit, or MAX_PARTICIPANTS_MAX without one. */
export function capacityOf(room: Pick<Room, "maxParticipants">): number {
  return room.maxParticipants ?? MAX_PARTICIPANTS_MAX;
}

/** True when no one else can join: `memberCount` (members now) has reached the capacity. */
export function isFull(room: Pick<Room, "maxParticipants">, memberCount: number): boolean {
  return memberCount >= capacityOf(room);
}

/** Invite codes compare without case and surrounding spaces, as people type them. */
export function normalizeInviteCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Whether `user` may join `room`, in this order:
 * UNAUTHENTICATED without a user; ok if already a member (joining again is a no-op, even when
 * the room is full); INVALID_INVITE_CODE for a private room unless the user owns it or gives
 * its invite code; ROOM_FULL when `isFull(room, memberCount)`.
 */
export function canJoin(
  room: Pick<Room, "isPrivate" | "inviteCode" | "ownerId" | "maxParticipants">,
  user: { id: string } | null | undefined,
  context: { inviteCode?: string; memberCount: number; isMember?: boolean },
): PermissionResult {
  if (!user) return refused(ErrorCode.UNAUTHENTICATED);
  if (context.isMember) return allowed;
  if (room.isPrivate && room.ownerId !== user.id) {
    const given = context.inviteCode === undefined ? "" : normalizeInviteCode(context.inviteCode);
    const expected = room.inviteCode === undefined ? "" : normalizeInviteCode(room.inviteCode);
    if (given === "" || given !== expected) return refused(ErrorCode.INVALID_INVITE_CODE);
  }
  if (isFull(room, context.memberCount)) return refused(ErrorCode.ROOM_FULL);
  return allowed;
}

/** Rename, change settings, delete, see and rotate the invite code: the owner only. */
export function canManageRoom(room: Pick<Room, "ownerId">, userId: string | null | undefined) {
  return !!userId && room.ownerId === userId;
}

/** Editing text: allowed unless someone else holds the lock. (Membership is checked apart.) */
export function canEditDocument(
  doc: Pick<Document, "lockedBy">,
  userId: string | null | undefined,
): boolean {
  return (
    !!userId && (doc.lockedBy === null || doc.lockedBy === undefined || doc.lockedBy === userId)
  );
}

/** Taking the lock: only when the document is unlocked or already locked by this user. */
export function canLockDocument(
  doc: Pick<Document, "lockedBy">,
  userId: string | null | undefined,
) {
  return canEditDocument(doc, userId);
}

/** Releasing the lock: its holder, or the room owner (to free a document someone left locked). */
export function canUnlockDocument(
  doc: Pick<Document, "lockedBy">,
  room: Pick<Room, "ownerId">,
  userId: string | null | undefined,
): boolean {
  if (!userId || doc.lockedBy === null || doc.lockedBy === undefined) return false;
  return doc.lockedBy === userId || room.ownerId === userId;
}

/** Editing a message: its author, while it is neither deleted nor a system message. */
export function canEditMessage(
  message: Pick<Message, "authorId" | "kind" | "deleted" | "delivery">,
  userId: string | null | undefined,
): boolean {
  return (
    !!userId &&
    message.authorId === userId &&
    !message.deleted &&
    message.kind !== "system" &&
    !isOutgoing(message)
  );
}

/**
 * A message the server has not stored yet (delivery "sending" or "failed"): it has no id there,
 * so it takes no edit, delete or reaction until it is stored.
 */
export function isOutgoing(message: Pick<Message, "delivery">): boolean {
  return message.delivery === "sending" || message.delivery === "failed";
}

/** Reacting to a message: any stored, non-deleted text or file message. */
export function canReactTo(message: Pick<Message, "kind" | "deleted" | "delivery">): boolean {
  return !message.deleted && message.kind !== "system" && !isOutgoing(message);
}

/** Deleting a message: its author or the room owner; never a system or already deleted one. */
export function canDeleteMessage(
  message: Pick<Message, "authorId" | "kind" | "deleted" | "delivery">,
  room: Pick<Room, "ownerId">,
  userId: string | null | undefined,
): boolean {
  if (!userId || message.deleted || message.kind === "system" || isOutgoing(message)) return false;
  return message.authorId === userId || room.ownerId === userId;
}

/** The error a refused message edit or delete reports. */
export function messageEditError(
  message: Pick<Message, "authorId" | "kind" | "deleted"> | null | undefined,
  userId: string | null | undefined,
): ErrorCode | null {
  if (!userId) return ErrorCode.UNAUTHENTICATED;
  if (!message || message.deleted) return ErrorCode.MESSAGE_NOT_FOUND;
  return canEditMessage(message, userId) ? null : ErrorCode.NOT_AUTHOR;
}
