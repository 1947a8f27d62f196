import { actionGeneric, mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";

/** The caller's identity as the deployment verified it, or null. */
export const get = queryGeneric({
  args: {},
  handler: async (ctx) => await ctx.auth.getUserIdentity(),
});

/** Records who called (identity is visible in mutations too). */
export const visit = mutationGeneric({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    await ctx.db.insert("visits", { tokenIdentifier: identity?.tokenIdentifier ?? null });
    return identity?.tokenIdentifier ?? null;
  },
});

/** Identity in an action and in the query it runs. */
export const fromAction = actionGeneric({
  args: {},
  handler: async (ctx): Promise<{ action: string | null; nested: string | null }> => {
    const identity = await ctx.auth.getUserIdentity();
    const nested = (await ctx.runQuery("identity:get" as never, {} as never)) as {
      tokenIdentifier: string;
    } | null;
    return { action: identity?.tokenIdentifier ?? null, nested: nested?.tokenIdentifier ?? null };
  },
});

export const visitCount = queryGeneric({
  args: {},
  handler: async (ctx) => (await ctx.db.query("visits").collect()).length,
});

/** Records one write under a caller-chosen key (the restart test checks each key exactly once). */
export const record = mutationGeneric({
  args: { key: v.string() },
  handler: async (ctx, { key }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) throw new Error("record: not signed in");
    await ctx.db.insert("writes", { key, tokenIdentifier: identity.tokenIdentifier });
    return key;
  },
});

/** Every recorded key, in insertion order. */
export const recordedKeys = queryGeneric({
  args: {},
  handler: async (ctx) => (await ctx.db.query("writes").collect()).map((w) => w.key),
});

/** The caller's identity, read by a nested `ctx.runQuery` (the outer query reads no identity). */
export const viaNested = queryGeneric({
  args: {},
  handler: async (ctx): Promise<unknown> =>
    await ctx.runQuery("identity:get" as never, {} as never),
});
