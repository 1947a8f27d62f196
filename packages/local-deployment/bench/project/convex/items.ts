// Benchmark functions. Uses the generic builders so no `_generated/` folder is needed
// (the bench pushes with `--codegen disable`).
import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

/** The newest item (a ~70-byte document), or null before the first insert. */
export const latest = query({
  args: {},
  handler: async (ctx) => await ctx.db.query("items").order("desc").first(),
});

/** Inserts one small item; the unit of the throughput benchmark. */
export const insert = mutation({
  args: { n: v.number() },
  handler: async (ctx, { n }) => {
    await ctx.db.insert("items", { n });
    return null;
  },
});
