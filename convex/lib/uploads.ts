// Who may attach an uploaded file, and when its bytes go. A file reaches the app as a storage id
// that only its uploader holds (the upload URL's response); the first `sendFile` that names it
// claims it for that user and message in an `uploads` row. A claimed storage id cannot be
// attached again, by anyone: the id is visible to every member once the message is listed, so
// re-attaching it would let another user post (and later delete) someone else's file.
// Deleting the message deletes the file and its row. Files never claimed within
// UPLOAD_CLAIM_WINDOW_MS of their upload are deleted by `uploads.sweep` (crons.ts).
import { ErrorCode } from "@rooms/domain";
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { fail } from "./access";

/** How long an upload may wait for its `sendFile`: an upload URL's own lifetime (1 hour). */
export const UPLOAD_CLAIM_WINDOW_MS = 60 * 60 * 1000;

async function claimOf(ctx: MutationCtx, storageId: Id<"_storage">) {
  return await ctx.db
    .query("uploads")
    .withIndex("by_storageId", (q) => q.eq("storageId", storageId))
    .unique();
}

/**
 * The stored file's metadata, when `storageId` is a file nobody has attached yet. Throws
 * INVALID_ARGUMENT (`file`: not uploaded, or already attached to a message).
 */
export async function unclaimedFile(
  ctx: MutationCtx,
  storageId: Id<"_storage">,
): Promise<{ size: number }> {
  const stored = await ctx.db.system.get("_storage", storageId);
  if (stored === null) fail(ErrorCode.INVALID_ARGUMENT, { field: "file", detail: "not uploaded" });
  if ((await claimOf(ctx, storageId)) !== null) {
    fail(ErrorCode.INVALID_ARGUMENT, { field: "file", detail: "already attached to a message" });
  }
  return stored;
}

/** Records that `userId` attached `storageId` to `messageId` (after `unclaimedFile`). */
export async function claimUpload(
  ctx: MutationCtx,
  storageId: Id<"_storage">,
  userId: Id<"users">,
  messageId: Id<"messages">,
): Promise<void> {
  await ctx.db.insert("uploads", { storageId, userId, messageId });
}

/**
 * Deletes the file of a message being deleted, with its claim, when the claim is that
 * message's. A file without a claim (attached before claims were recorded) is left in place
 * (nothing says it is this message's alone) unless `unclaimed: "delete"` (its room is purged).
 */
export async function releaseUpload(
  ctx: MutationCtx,
  storageId: Id<"_storage">,
  messageId: Id<"messages">,
  { unclaimed = "keep" }: { unclaimed?: "keep" | "delete" } = {},
): Promise<void> {
  const claim = await claimOf(ctx, storageId);
  if (claim === null ? unclaimed === "keep" : claim.messageId !== messageId) return;
  if (claim !== null) await ctx.db.delete("uploads", claim._id);
  if ((await ctx.db.system.get("_storage", storageId)) !== null) {
    await ctx.storage.delete(storageId);
  }
}
