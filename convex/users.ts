// The signed-in user.
//
// Access: public; returns null for anonymous callers (not signed in).
import { v } from "convex/values";
import { query } from "./_generated/server";

/** The caller's identity as the deployment verified it, or null when not signed in. */
export const identity = query({
  args: {},
  returns: v.union(
    v.null(),
    v.object({ subject: v.string(), issuer: v.string(), tokenIdentifier: v.string() }),
  ),
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    return {
      subject: identity.subject,
      issuer: identity.issuer,
      tokenIdentifier: identity.tokenIdentifier,
    };
  },
});
