// The signed-in user: who they are and how others see them (display name and color).
//
// Access: `identity` and `me` are public and answer null when signed out; `updateProfile`
// requires a signed-in user and changes only the caller's own row.
import { ErrorCode, USER_COLORS } from "@rooms/domain";
import { v } from "convex/values";
import { mutation, query } from "./_generated/server";
import { checkText, currentUser, fail, requireUser } from "./lib/access";
import { profileOf } from "./lib/profiles";
import { meView } from "./lib/views";

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

/** The signed-in user's profile, or null when signed out. `isAnonymous` is true for guests. */
export const me = query({
  args: {},
  returns: v.union(v.null(), meView),
  handler: async (ctx) => {
    const user = await currentUser(ctx);
    if (user === null) return null;
    const { name, color, isGuest } = profileOf(user, user._id);
    return {
      _id: user._id,
      name,
      color,
      isAnonymous: isGuest,
      ...(user.email !== undefined ? { email: user.email } : {}),
    };
  },
});

/**
 * Changes the caller's display name (trimmed, 1..DISPLAY_NAME_MAX_LENGTH) and/or color (one of
 * USER_COLORS). Throws UNAUTHENTICATED, EMPTY / TOO_LONG (field displayName), INVALID_ARGUMENT
 * (an unknown color).
 */
export const updateProfile = mutation({
  args: { name: v.optional(v.string()), color: v.optional(v.string()) },
  returns: v.null(),
  handler: async (ctx, args) => {
    const user = await requireUser(ctx);
    const patch: { name?: string; color?: string } = {};
    if (args.name !== undefined) patch.name = checkText("displayName", args.name);
    if (args.color !== undefined) {
      if (!(USER_COLORS as readonly string[]).includes(args.color)) {
        fail(ErrorCode.INVALID_ARGUMENT, { detail: `color must be one of USER_COLORS` });
      }
      patch.color = args.color;
    }
    await ctx.db.patch("users", user._id, patch);
    return null;
  },
});
