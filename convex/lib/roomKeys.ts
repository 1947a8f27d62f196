// Room access keys: how the queries every cursor move and keystroke re-runs stay shared.
//
// The problem: a query that reads the caller's identity (`getAuthUserId`) has a result per
// caller, so Convex (and the local deployment) cannot share it between the members of a room:
// 50 members moving pointers re-ran `presence.cursors` 50 times per move. A query that does not
// read the identity is run once per change and its result is served to every subscriber with
// the same arguments (convex-backend cache/mod.rs, the identity observation).
//
// The choice: each room has one random access key (`roomKeys`, 128 bits from
// `crypto.getRandomValues`). `rooms.accessKey` gives it to signed-in members only (it reads the
// identity, and re-runs only when the key or the caller's membership changes). The hot queries
// (`presence.cursors`, `presence.typing`, `rooms.members`, `documents.list`,
// `documents.operationsSince`) take it as an optional `key` argument: with the room's current key
// they return the room's data without reading the identity, so every member's subscription is
// the same query and shares one result; without it, or with any other key, they fall back to the
// full check (`requireMember`) and fail as before (UNAUTHENTICATED, NOT_A_MEMBER).
//
// Why it is safe: the key is a capability equal to "a member of this room since the key was last
// changed". Only `rooms.accessKey` reveals it, and only to a member. It is never derived from
// anything a non-member can see, and it is compared in full. When a member leaves, the key is
// replaced in that same transaction, so a former member's key stops working at the next commit;
// their open subscriptions re-run (they read the key row), fall back to the identity check and
// fail with NOT_A_MEMBER. Removing the room deletes its key. A member who hands the key to
// someone else could equally relay what they see; the invite code of a private room has the same
// trust model. The shared results hold nothing caller-specific (each lists the whole room's
// cursors, typists, members, documents or operations; apps filter out their own).
import type { Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

/** 16 random bytes as hex (`crypto.getRandomValues`, available in Convex functions). */
function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function keyRow(ctx: QueryCtx, roomId: Id<"rooms">) {
  return await ctx.db
    .query("roomKeys")
    .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
    .unique();
}

/** The room's current access key, or null (a room from before keys gets one on `rooms.join`). */
export async function roomKeyOf(ctx: QueryCtx, roomId: Id<"rooms">): Promise<string | null> {
  return (await keyRow(ctx, roomId))?.key ?? null;
}

/** True when `key` is the room's current access key. Reads no identity. */
export async function isRoomKey(
  ctx: QueryCtx,
  roomId: Id<"rooms">,
  key: string | undefined,
): Promise<boolean> {
  if (key === undefined || key.length === 0) return false;
  const current = await roomKeyOf(ctx, roomId);
  return current !== null && current === key;
}

/** Gives the room a key if it has none. */
export async function ensureRoomKey(ctx: MutationCtx, roomId: Id<"rooms">): Promise<void> {
  if ((await keyRow(ctx, roomId)) === null) {
    await ctx.db.insert("roomKeys", { roomId, key: newKey() });
  }
}

/** Replaces the room's key (a member left): keys handed out before stop working. */
export async function rotateRoomKey(ctx: MutationCtx, roomId: Id<"rooms">): Promise<void> {
  const row = await keyRow(ctx, roomId);
  if (row === null) await ctx.db.insert("roomKeys", { roomId, key: newKey() });
  else await ctx.db.patch("roomKeys", row._id, { key: newKey() });
}

/** Deletes the room's key (the room is being removed). */
export async function deleteRoomKey(ctx: MutationCtx, roomId: Id<"rooms">): Promise<void> {
  const row = await keyRow(ctx, roomId);
  if (row !== null) await ctx.db.delete("roomKeys", row._id);
}
