// Presence read model shared by rooms.list/get/members: a user's status in a room is the best
// status among their sessions there (online > away > offline), and their open document is the
// one of their best session. Reads only `presence` rows, which change on status transitions,
// never on heartbeats (those write `heartbeats`), so member lists do not re-run every 10 s.
import { statusRank, type PresenceStatus } from "@rooms/domain";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";

export type UserPresence = { status: PresenceStatus; documentId?: Id<"documents"> };

/** Every user with a session in the room, with their combined status. */
export async function presenceByUser(
  ctx: QueryCtx,
  roomId: Id<"rooms">,
): Promise<Map<Id<"users">, UserPresence>> {
  const sessions = await ctx.db
    .query("presence")
    .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId))
    .collect();
  const byUser = new Map<Id<"users">, UserPresence>();
  for (const session of sessions) {
    const best = byUser.get(session.userId);
    if (best === undefined || statusRank[session.status] < statusRank[best.status]) {
      byUser.set(session.userId, {
        status: session.status,
        ...(session.status !== "offline" && session.documentId !== undefined
          ? { documentId: session.documentId }
          : {}),
      });
    }
  }
  return byUser;
}

/** Users connected to the room (online or away). */
export function connectedCount(byUser: Map<Id<"users">, UserPresence>): number {
  let count = 0;
  for (const { status } of byUser.values()) if (status !== "offline") count++;
  return count;
}

/** Ends a presence session: offline, no heartbeat, no cursor. */
export async function disconnectSession(
  ctx: MutationCtx,
  presenceId: Id<"presence">,
  now: number,
): Promise<void> {
  const session = await ctx.db.get("presence", presenceId);
  if (session === null) return;
  const heartbeat = await ctx.db
    .query("heartbeats")
    .withIndex("by_presenceId", (q) => q.eq("presenceId", presenceId))
    .unique();
  if (heartbeat !== null) await ctx.db.delete("heartbeats", heartbeat._id);
  if (session.status !== "offline") {
    await ctx.db.patch("presence", presenceId, {
      status: "offline",
      documentId: undefined,
      statusChangedAt: now,
    });
  }
  const cursor = await ctx.db
    .query("cursors")
    .withIndex("by_roomId_sessionId", (q) =>
      q.eq("roomId", session.roomId).eq("sessionId", session.sessionId),
    )
    .unique();
  if (cursor !== null) await ctx.db.delete("cursors", cursor._id);
}
