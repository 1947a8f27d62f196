// What others see of a user: display name and color, with the fallbacks for rows created before
// the auth callback filled them in. `profileLoader` reads each user once per function call, for
// lists that name many authors. `completeSignIn` finishes a user row at sign-in.
import {
  DISPLAY_NAME_MAX_LENGTH,
  GUEST_SIGN_UPS_PER_SECOND,
  UNKNOWN_USER_NAME,
  colorForUser,
} from "@rooms/domain";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { consumeRateLimit } from "./rateLimit";

export type ProfileView = { name: string; color: string; isGuest: boolean };

export function profileOf(user: Doc<"users"> | null, userId: string): ProfileView {
  return {
    name: user?.name ?? UNKNOWN_USER_NAME,
    color: user?.color ?? colorForUser(userId),
    isGuest: user?.isAnonymous === true,
  };
}

/** Loads profiles by id, each user at most once. */
export function profileLoader(ctx: QueryCtx): (userId: Id<"users">) => Promise<ProfileView> {
  const cache = new Map<Id<"users">, Promise<ProfileView>>();
  return (userId) => {
    let profile = cache.get(userId);
    if (profile === undefined) {
      profile = ctx.db.get("users", userId).then((user) => profileOf(user, userId));
      cache.set(userId, profile);
    }
    return profile;
  };
}

/** "Guest 1234": four digits, random per user (Math.random is seeded per mutation in Convex). */
export function guestName(): string {
  return `Guest ${1000 + Math.floor(Math.random() * 9000)}`;
}

/** A display name from an email address: its local part, cut to the display-name limit. */
export function nameFromEmail(email: string): string {
  const local = email.split("@")[0]?.trim() ?? "";
  return (local === "" ? "User" : local).slice(0, DISPLAY_NAME_MAX_LENGTH);
}

/**
 * After Convex Auth writes a user row at sign-in: a new guest account counts against
 * GUEST_SIGN_UPS_PER_SECOND (throws RATE_LIMITED, which rolls the account back), and a user
 * without a name or color gets one. Existing users keep what they have.
 */
export async function completeSignIn(
  ctx: MutationCtx,
  { userId, isNewGuest }: { userId: Id<"users">; isNewGuest: boolean },
): Promise<void> {
  if (isNewGuest) await consumeRateLimit(ctx, "signUps:guest", GUEST_SIGN_UPS_PER_SECOND);
  const user = await ctx.db.get("users", userId);
  if (user === null) return;
  const patch: { name?: string; color?: string } = {};
  if (typeof user.name !== "string" || user.name === "") {
    patch.name =
      user.isAnonymous === true || typeof user.email !== "string"
        ? guestName()
        : nameFromEmail(user.email);
  }
  if (typeof user.color !== "string") patch.color = colorForUser(userId);
  if (patch.name !== undefined || patch.color !== undefined) {
    await ctx.db.patch("users", userId, patch);
  }
}
