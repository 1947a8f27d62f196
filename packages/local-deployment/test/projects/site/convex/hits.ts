import { mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";

export const record = mutationGeneric({
  args: { path: v.string() },
  handler: async (ctx, { path }) => {
    await ctx.db.insert("hits", { path });
  },
});

export const count = queryGeneric({
  args: {},
  handler: async (ctx) => (await ctx.db.query("hits").collect()).length,
});
