// Messages in a channel: list the newest, page through history, send, remove.
//
// Access: all public and unauthenticated for now. `author` is a free string chosen by the
// caller, and anyone may remove any message; both change once auth lands. Bodies are trimmed
// and must not be empty.
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { messageFields } from "./schema";

/** How many messages `list` returns: the newest ones, enough to fill one screen. */
const LIST_LIMIT = 50;

const messageDoc = v.object({
  _id: v.id("messages"),
  _creationTime: v.number(),
  ...messageFields,
});

/** The newest `LIST_LIMIT` messages of a channel, newest first. */
export const list = query({
  args: { channel: v.string() },
  returns: v.array(messageDoc),
  handler: async (ctx, { channel }) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .order("desc")
      .take(LIST_LIMIT);
  },
});

/** A channel's messages, newest first, one page at a time (for `usePaginatedQuery`). */
export const page = query({
  args: { channel: v.string(), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(messageDoc),
  handler: async (ctx, { channel, paginationOpts }) => {
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .order("desc")
      .paginate(paginationOpts);
  },
});

/**
 * Posts a message and returns its id.
 * Throws `ConvexError({ code: "EMPTY_BODY" })` when the body is empty after trimming.
 */
export const send = mutation({
  args: { channel: v.string(), author: v.string(), body: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, { channel, author, body }) => {
    const trimmed = body.trim();
    if (trimmed.length === 0) {
      throw new ConvexError({ code: "EMPTY_BODY" });
    }
    return await ctx.db.insert("messages", { channel, author, body: trimmed });
  },
});

/** Deletes a message. Idempotent: removing a message that is already gone does nothing. */
export const remove = mutation({
  args: { id: v.id("messages") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    if ((await ctx.db.get("messages", id)) !== null) {
      await ctx.db.delete("messages", id);
    }
    return null;
  },
});
