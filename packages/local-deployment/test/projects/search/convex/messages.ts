// Text search fixtures.
import { mutationGeneric, paginationOptsValidator, queryGeneric } from "convex/server";
import { v } from "convex/values";

export const add = mutationGeneric({
  args: { body: v.string(), channel: v.string() },
  handler: async (ctx, args) => await ctx.db.insert("messages", args),
});

export const addMany = mutationGeneric({
  args: { channel: v.string(), bodies: v.array(v.string()) },
  handler: async (ctx, { channel, bodies }) => {
    for (const body of bodies) await ctx.db.insert("messages", { body, channel });
  },
});

export const remove = mutationGeneric({
  args: { id: v.id("messages") },
  handler: async (ctx, { id }) => {
    await ctx.db.delete(id);
  },
});

/** Bodies matching `text` in relevance order, optionally in one channel. */
export const search = queryGeneric({
  args: { text: v.string(), channel: v.optional(v.string()), limit: v.optional(v.number()) },
  handler: async (ctx, { text, channel, limit }) => {
    const results = await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) =>
        channel === undefined
          ? q.search("body", text)
          : q.search("body", text).eq("channel", channel),
      )
      .take(limit ?? 50);
    return results.map((m) => m.body);
  },
});

/** Search with a post-filter, paginated: the other query shapes over a search index. */
export const searchFirst = queryGeneric({
  args: { text: v.string(), channel: v.string() },
  handler: async (ctx, { text, channel }) => {
    const first = await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text).eq("channel", channel))
      .first();
    return first?.body ?? null;
  },
});

/** One page of the bodies matching `text`, in relevance order. */
export const searchPage = queryGeneric({
  args: { text: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { text, paginationOpts }) => {
    const result = await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text))
      .paginate(paginationOpts);
    return { ...result, page: result.page.map((m) => m.body) };
  },
});
