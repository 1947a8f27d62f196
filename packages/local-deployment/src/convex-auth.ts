/**
 * Keys for Convex Auth (`@convex-dev/auth`): it signs session JWTs with `JWT_PRIVATE_KEY` (RS256,
 * PKCS#8 PEM with newlines folded to spaces) and publishes `JWKS` at
 * `CONVEX_SITE_URL/.well-known/jwks.json`; `SITE_URL` is where the app runs (used for OAuth and
 * magic-link redirects). Its own setup command generates them the same way
 * (source: @convex-dev/auth docs, "Manual setup").
 */
import crypto from "node:crypto";

export interface ConvexAuthKeys {
  JWT_PRIVATE_KEY: string;
  JWKS: string;
}

/** A fresh RS256 key pair in the two environment variables Convex Auth reads. */
export function generateConvexAuthKeys(): ConvexAuthKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const jwk = publicKey.export({ format: "jwk" });
  return {
    JWT_PRIVATE_KEY: pem.trimEnd().replace(/\n/g, " "),
    JWKS: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }),
  };
}
