// Sign-in with Convex Auth: email + password, or anonymous ("continue as guest").
//
// Access: `signIn` and `signOut` are public actions called by the apps; `store` is internal to the
// library. Tokens are RS256 JWTs signed with JWT_PRIVATE_KEY and verified by the deployment through
// the OIDC provider in auth.config.ts; the dev command generates the keys once per data dir.
//
// Profiles: a password sign-up may pass `name` (display name, at most DISPLAY_NAME_MAX_LENGTH);
// without one the name is the email's local part. Guests are named "Guest 1234". Every new user
// gets `colorForUser(userId)`; both can be changed with users.updateProfile.
import { Anonymous } from "@convex-dev/auth/providers/Anonymous";
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";
import { colorForUser } from "@rooms/domain";
import type { Value } from "convex/values";
import { checkText } from "./lib/access";
import { guestName, nameFromEmail } from "./lib/profiles";

/** The user fields a password sign-up stores: its email and, when given, a display name. */
function passwordProfile(params: Record<string, Value | undefined>): {
  email: string;
  name?: string;
} {
  const email = String(params.email ?? "");
  if (typeof params.name !== "string" || params.name.trim() === "") return { email };
  return { email, name: checkText("displayName", params.name) };
}

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [Password({ profile: passwordProfile }), Anonymous],
  callbacks: {
    // Runs in the sign-in mutation after the user row is written: fill in what the provider left
    // out. Existing users (signing in again) keep what they have.
    async afterUserCreatedOrUpdated(ctx, { userId }) {
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
    },
  },
});
