// Sign-in with Convex Auth: email + password, or anonymous ("continue as guest").
//
// Access: `signIn` and `signOut` are public actions called by the apps; `store` is internal to the
// library. Tokens are RS256 JWTs signed with JWT_PRIVATE_KEY and verified by the deployment through
// the OIDC provider in auth.config.ts; the dev command generates the keys once per data dir.
//
// Profiles: a password sign-up may pass `name` (display name, at most DISPLAY_NAME_MAX_LENGTH);
// without one the name is the email's local part. Guests are named "Guest 1234". Every new user
// gets `colorForUser(userId)`; both can be changed with users.updateProfile. New guest accounts
// are limited to GUEST_SIGN_UPS_PER_SECOND (RATE_LIMITED).
import { Anonymous } from "@convex-dev/auth/providers/Anonymous";
import { Password } from "@convex-dev/auth/providers/Password";
import {
  convexAuth,
  retrieveAccount,
  type ConvexCredentialsConfig,
  type GenericActionCtxWithAuthConfig,
} from "@convex-dev/auth/server";
import type { GenericDataModel } from "convex/server";
import { ConvexError, type Value } from "convex/values";
import type { Id } from "./_generated/dataModel";
import type { MutationCtx } from "./_generated/server";
import { checkText } from "./lib/access";
import { completeSignIn } from "./lib/profiles";

/** The user fields a password sign-up stores: its email and, when given, a display name. */
function passwordProfile(params: Params): {
  email: string;
  name?: string;
} {
  const email = String(params.email ?? "");
  if (typeof params.name !== "string" || params.name.trim() === "") return { email };
  return { email, name: checkText("displayName", params.name) };
}

type Params = Record<string, Value | undefined>;
type Authorize = (
  params: Params,
  ctx: GenericActionCtxWithAuthConfig<GenericDataModel>,
) => Promise<unknown>;

/**
 * Password, except that a sign-up with an email that already has an account always fails with
 * `ConvexError("AccountExists")` (the apps say "An account with this email already exists").
 * The library's own sign-up signs the user in when the password matches the existing account's.
 * The wrapped `authorize` is the provider's internal `options.authorize`, which the library
 * merges over the provider when it materializes it.
 */
function passwordProvider(): ConvexCredentialsConfig {
  const provider = Password({ profile: passwordProfile }) as ConvexCredentialsConfig & {
    options: { authorize: Authorize };
  };
  const authorize = provider.options.authorize;
  provider.options.authorize = async (params, ctx) => {
    if (params.flow === "signUp") {
      const { email } = passwordProfile(params);
      const existing = await retrieveAccount(ctx, {
        provider: "password",
        account: { id: email },
      }).catch(() => null);
      if (existing !== null) throw new ConvexError("AccountExists");
    }
    return await authorize(params, ctx);
  };
  return provider;
}

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [passwordProvider(), Anonymous],
  callbacks: {
    // Runs in the sign-in mutation after the user row is written (lib/profiles.ts).
    async afterUserCreatedOrUpdated(ctx, args) {
      await completeSignIn(ctx as unknown as MutationCtx, {
        userId: args.userId as Id<"users">,
        isNewGuest: args.provider.id === "anonymous" && args.existingUserId === null,
      });
    },
  },
});
