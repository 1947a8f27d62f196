// Deleting everything a removed room owned, a bounded batch per transaction (Convex limits the
// reads and writes of one mutation), so rooms.purge can reschedule itself until nothing is left.
import type { Id, TableNames } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { releaseUpload } from "./uploads";

/** Rows deleted per purge transaction. */
export const PURGE_BATCH = 256;

/** Deletes up to PURGE_BATCH rows belonging to the room. True when nothing is left. */
export async function purgeRoomBatch(ctx: MutationCtx, roomId: Id<"rooms">): Promise<boolean> {
  let budget = PURGE_BATCH;
  /** Deletes `rows` of `table` from the budget; true when the budget is spent. */
  const spent = async <T extends TableNames>(table: T, rows: { _id: Id<T> }[]) => {
    for (const row of rows) await ctx.db.delete(table, row._id);
    budget -= rows.length;
    return budget <= 0;
  };

  for (const session of await ctx.db
    .query("presence")
    .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId))
    .take(budget)) {
    const beat = await ctx.db
      .query("heartbeats")
      .withIndex("by_presenceId", (q) => q.eq("presenceId", session._id))
      .unique();
    if (beat !== null) await ctx.db.delete("heartbeats", beat._id);
    await ctx.db.delete("presence", session._id);
    budget--;
  }
  if (budget <= 0) return false;

  if (
    (await spent(
      "cursors",
      await ctx.db
        .query("cursors")
        .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId))
        .take(budget),
    )) ||
    (await spent(
      "typing",
      await ctx.db
        .query("typing")
        .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId))
        .take(budget),
    )) ||
    (await spent(
      "memberships",
      await ctx.db
        .query("memberships")
        .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId))
        .take(budget),
    )) ||
    (await spent(
      "shapes",
      await ctx.db
        .query("shapes")
        .withIndex("by_roomId_bucket_shapeId", (q) => q.eq("roomId", roomId))
        .take(budget),
    )) ||
    (await spent(
      "boards",
      await ctx.db
        .query("boards")
        .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
        .take(budget),
    ))
  ) {
    return false;
  }

  const messages = await ctx.db
    .query("messages")
    .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
    .take(budget);
  for (const message of messages) {
    if (message.file !== undefined) {
      await releaseUpload(ctx, message.file.storageId, message._id, { unclaimed: "delete" });
    }
    await ctx.db.delete("messages", message._id);
  }
  budget -= messages.length;
  if (budget <= 0) return false;

  for (const document of await ctx.db
    .query("documents")
    .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
    .collect()) {
    for (const table of ["operations", "snapshots"] as const) {
      const rows = await ctx.db
        .query(table)
        .withIndex("by_documentId_revision", (q) => q.eq("documentId", document._id))
        .take(budget);
      for (const row of rows) await ctx.db.delete(table, row._id);
      budget -= rows.length;
      if (budget <= 0) return false;
    }
    const content = await ctx.db
      .query("documentContents")
      .withIndex("by_documentId", (q) => q.eq("documentId", document._id))
      .unique();
    if (content !== null) await ctx.db.delete("documentContents", content._id);
    await ctx.db.delete("documents", document._id);
    budget -= 2;
    if (budget <= 0) return false;
  }
  return true;
}
