// Named counters: a read-modify-write in one transaction, the simplest test of the engine's
// serializable mutations (concurrent increments must never lose an update).
//
// Access: `get` and `increment` are public and unauthenticated; `reset` is internal, callable
// only from other functions, the dashboard or `npx convex run`. A counter that was never
// incremented reads as 0; its row is created on the first increment.
import { v } from "convex/values";
import { internalMutation, mutation, query } from "./_generated/server";

/** The current value of a counter; 0 if it does not exist yet. */
export const get = query({
  args: { name: v.string() },
  returns: v.number(),
  handler: async (ctx, { name }) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    return counter?.value ?? 0;
  },
});

/** Adds `by` (default 1) to a counter, creating it if needed, and returns the new value. */
export const increment = mutation({
  args: { name: v.string(), by: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, { name, by = 1 }) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    if (counter === null) {
      await ctx.db.insert("counters", { name, value: by });
      return by;
    }
    const value = counter.value + by;
    await ctx.db.patch("counters", counter._id, { value });
    return value;
  },
});

/** Sets a counter back to 0 (keeps its row). Does nothing if it does not exist. */
export const reset = internalMutation({
  args: { name: v.string() },
  returns: v.null(),
  handler: async (ctx, { name }) => {
    const counter = await ctx.db
      .query("counters")
      .withIndex("by_name", (q) => q.eq("name", name))
      .unique();
    if (counter !== null) {
      await ctx.db.patch("counters", counter._id, { value: 0 });
    }
    return null;
  },
});
