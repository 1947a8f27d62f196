// Uploaded files nobody attached: `sweep` (crons.ts) deletes files older than
// UPLOAD_CLAIM_WINDOW_MS that no `uploads` row claims, in creation order from where the last run
// stopped (`sweeps` row "uploads"). Internal only. See lib/uploads.ts for the claim rule.
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { UPLOAD_CLAIM_WINDOW_MS } from "./lib/uploads";

/** Files one run looks at; a full batch means the next run continues where this one stopped. */
const SWEEP_BATCH = 200;
const SWEEP_NAME = "uploads";

/** Deletes unclaimed files older than the claim window. `now` defaults to the current time. */
export const sweep = internalMutation({
  args: { now: v.optional(v.number()) },
  returns: v.object({ checked: v.number(), deleted: v.number() }),
  handler: async (ctx, args) => {
    const cutoff = (args.now ?? Date.now()) - UPLOAD_CLAIM_WINDOW_MS;
    const mark = await ctx.db
      .query("sweeps")
      .withIndex("by_name", (q) => q.eq("name", SWEEP_NAME))
      .unique();
    const from = mark?.through ?? 0;
    const files = await ctx.db.system
      .query("_storage")
      .withIndex("by_creation_time", (q) => q.gt("_creationTime", from).lt("_creationTime", cutoff))
      .take(SWEEP_BATCH);
    let deleted = 0;
    for (const file of files) {
      const claim = await ctx.db
        .query("uploads")
        .withIndex("by_storageId", (q) => q.eq("storageId", file._id))
        .unique();
      if (claim !== null) continue;
      await ctx.storage.delete(file._id);
      deleted++;
    }
    const through = files.at(-1)?._creationTime;
    if (through !== undefined) {
      if (mark === null) await ctx.db.insert("sweeps", { name: SWEEP_NAME, through });
      else await ctx.db.patch("sweeps", mark._id, { through });
    }
    return { checked: files.length, deleted };
  },
});
