import { actionGeneric, mutationGeneric, queryGeneric } from "convex/server";

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
