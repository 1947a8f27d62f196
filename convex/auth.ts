// Sign-in with Convex Auth: email + password, or anonymous ("continue as guest").
//
// Access: `signIn` and `signOut` are public actions called by the apps; `store` is internal to the
// library. Tokens are RS256 JWTs signed with JWT_PRIVATE_KEY and verified by the deployment through
// the OIDC provider in auth.config.ts; the dev command generates the keys once per data dir.
import { Anonymous } from "@convex-dev/auth/providers/Anonymous";
import { Password } from "@convex-dev/auth/providers/Password";
import { convexAuth } from "@convex-dev/auth/server";

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [Password, Anonymous],
});
