import { describe, expect, it } from "vitest";
import { MAX_PARTICIPANTS_MAX } from "./limits";
import {
  canDeleteMessage,
  canEditDocument,
  canEditMessage,
  canReactTo,
  canJoin,
  canLockDocument,
  canManageRoom,
  canUnlockDocument,
  capacityOf,
  isFull,
  messageEditError,
  normalizeInviteCode,
} from "./permissions";

const publicRoom = { isPrivate: false, ownerId: "owner", maxParticipants: 3 };
const privateRoom = { isPrivate: true, ownerId: "owner", inviteCode: "AB12CD" };
const ada = { id: "ada" };

describe("permissions", () => {
  it("capacityOf and isFull use the room's limit or MAX_PARTICIPANTS_MAX", () => {
    expect(capacityOf({})).toBe(MAX_PARTICIPANTS_MAX);
    expect(isFull(publicRoom, 2)).toBe(false);
    expect(isFull(publicRoom, 3)).toBe(true);
    expect(isFull({}, MAX_PARTICIPANTS_MAX)).toBe(true);
  });

  describe("canJoin", () => {
    it("needs a user", () => {
      expect(canJoin(publicRoom, null, { memberCount: 0 })).toEqual({
        ok: false,
        code: "UNAUTHENTICATED",
      });
    });

    it("lets anyone into a public room with space", () => {
      expect(canJoin(publicRoom, ada, { memberCount: 2 })).toEqual({ ok: true });
      expect(canJoin(publicRoom, ada, { memberCount: 3 })).toEqual({
        ok: false,
        code: "ROOM_FULL",
      });
    });

    it("lets a member back in even when the room is full", () => {
      expect(canJoin(publicRoom, ada, { memberCount: 3, isMember: true })).toEqual({ ok: true });
    });

    it("needs the invite code for a private room, compared without case or spaces", () => {
      expect(canJoin(privateRoom, ada, { memberCount: 1 })).toEqual({
        ok: false,
        code: "INVALID_INVITE_CODE",
      });
      expect(canJoin(privateRoom, ada, { memberCount: 1, inviteCode: "nope" })).toEqual({
        ok: false,
        code: "INVALID_INVITE_CODE",
      });
      expect(canJoin(privateRoom, ada, { memberCount: 1, inviteCode: " ab12cd " })).toEqual({
        ok: true,
      });
      expect(canJoin(privateRoom, { id: "owner" }, { memberCount: 1 })).toEqual({ ok: true });
      // A private room without a code cannot be joined by code at all.
      expect(
        canJoin({ isPrivate: true, ownerId: "owner" }, ada, { memberCount: 1, inviteCode: "" }),
      ).toEqual({ ok: false, code: "INVALID_INVITE_CODE" });
    });

    it("checks the code before the capacity", () => {
      const full = { ...privateRoom, maxParticipants: 2 };
      expect(canJoin(full, ada, { memberCount: 2 })).toEqual({
        ok: false,
        code: "INVALID_INVITE_CODE",
      });
      expect(canJoin(full, ada, { memberCount: 2, inviteCode: "AB12CD" })).toEqual({
        ok: false,
        code: "ROOM_FULL",
      });
    });

    it("normalizes invite codes", () => {
      expect(normalizeInviteCode("  xy9z ")).toBe("XY9Z");
    });
  });

  it("canManageRoom is for the owner only", () => {
    expect(canManageRoom(publicRoom, "owner")).toBe(true);
    expect(canManageRoom(publicRoom, "ada")).toBe(false);
    expect(canManageRoom(publicRoom, null)).toBe(false);
  });

  describe("documents", () => {
    it("can be edited unless locked by someone else", () => {
      expect(canEditDocument({ lockedBy: null }, "ada")).toBe(true);
      expect(canEditDocument({ lockedBy: "ada" }, "ada")).toBe(true);
      expect(canEditDocument({ lockedBy: "bo" }, "ada")).toBe(false);
      expect(canEditDocument({ lockedBy: null }, undefined)).toBe(false);
      expect(canLockDocument({ lockedBy: "bo" }, "ada")).toBe(false);
      expect(canLockDocument({ lockedBy: null }, "ada")).toBe(true);
    });

    it("can be unlocked by the lock holder or the room owner", () => {
      expect(canUnlockDocument({ lockedBy: "ada" }, publicRoom, "ada")).toBe(true);
      expect(canUnlockDocument({ lockedBy: "ada" }, publicRoom, "owner")).toBe(true);
      expect(canUnlockDocument({ lockedBy: "ada" }, publicRoom, "bo")).toBe(false);
      expect(canUnlockDocument({ lockedBy: null }, publicRoom, "owner")).toBe(false);
    });
  });

  describe("messages", () => {
    const message = { authorId: "ada", kind: "text" as const, deleted: false };

    it("are edited by their author only, unless deleted or system", () => {
      expect(canEditMessage(message, "ada")).toBe(true);
      expect(canEditMessage(message, "owner")).toBe(false);
      expect(canEditMessage({ ...message, deleted: true }, "ada")).toBe(false);
      expect(canEditMessage({ ...message, kind: "system" }, "ada")).toBe(false);
    });

    it("are deleted by their author or the room owner", () => {
      expect(canDeleteMessage(message, publicRoom, "ada")).toBe(true);
      expect(canDeleteMessage(message, publicRoom, "owner")).toBe(true);
      expect(canDeleteMessage(message, publicRoom, "bo")).toBe(false);
      expect(canDeleteMessage({ ...message, deleted: true }, publicRoom, "owner")).toBe(false);
    });

    it("take no edit, delete or reaction until stored; an edit on its way keeps them", () => {
      for (const delivery of ["sending", "failed"] as const) {
        expect(canEditMessage({ ...message, delivery }, "ada")).toBe(false);
        expect(canDeleteMessage({ ...message, delivery }, publicRoom, "owner")).toBe(false);
        expect(canReactTo({ ...message, delivery })).toBe(false);
      }
      expect(canEditMessage({ ...message, delivery: "saving" }, "ada")).toBe(true);
      expect(canReactTo({ ...message, delivery: "saving" })).toBe(true);
      expect(canReactTo({ ...message, deleted: true })).toBe(false);
      expect(canReactTo({ ...message, kind: "system" })).toBe(false);
    });

    it("report why an edit is refused", () => {
      expect(messageEditError(message, "ada")).toBeNull();
      expect(messageEditError(message, "bo")).toBe("NOT_AUTHOR");
      expect(messageEditError(null, "bo")).toBe("MESSAGE_NOT_FOUND");
      expect(messageEditError({ ...message, deleted: true }, "ada")).toBe("MESSAGE_NOT_FOUND");
      expect(messageEditError(message, null)).toBe("UNAUTHENTICATED");
    });
  });
});
