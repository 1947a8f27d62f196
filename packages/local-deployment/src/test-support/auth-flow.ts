/**
 * Test support for test/projects/auth-flow: a custom JWT issuer whose key set (a `data:` URL) is
 * set as TEST_JWKS before the project is pushed, and tokens for any subject.
 */
import { fileURLToPath } from "node:url";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { push, runConvexCli } from "./deployment.js";

export const AUTH_FLOW_PROJECT = fileURLToPath(
  new URL("../../test/projects/auth-flow", import.meta.url),
);
export const AUTH_FLOW_ISSUER = "https://auth-flow.example";
export const AUTH_FLOW_AUDIENCE = "rooms-auth-flow";

export interface AuthFlowIssuer {
  /** The key set as a `data:` URL (what auth.config.ts reads from TEST_JWKS). */
  jwks: string;
  /** A valid RS256 token for `subject`, expiring in 10 minutes. */
  token(subject: string): Promise<string>;
}

export async function authFlowIssuer(): Promise<AuthFlowIssuer> {
  const keys = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k", alg: "RS256", use: "sig" };
  return {
    jwks: `data:application/json;base64,${Buffer.from(JSON.stringify({ keys: [jwk] })).toString("base64")}`,
    token: (subject) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid: "k" })
        .setIssuer(AUTH_FLOW_ISSUER)
        .setSubject(subject)
        .setAudience(AUTH_FLOW_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime("10m")
        .sign(keys.privateKey),
  };
}

/**
 * Sets the environment variables (TEST_JWKS and `extra`) and pushes the auth-flow project with the
 * real CLI. Throws with the CLI's output on failure.
 */
export async function pushAuthFlow(
  deployment: { cloudUrl: string; adminKey: string },
  issuer: AuthFlowIssuer,
  extra: Record<string, string> = {},
): Promise<void> {
  for (const [name, value] of Object.entries({ TEST_JWKS: issuer.jwks, ...extra })) {
    const set = await runConvexCli(deployment, ["env", "set", name, value], AUTH_FLOW_PROJECT);
    if (set.code !== 0) throw new Error(`env set ${name} failed:\n${set.stdout}\n${set.stderr}`);
  }
  await push(deployment, AUTH_FLOW_PROJECT);
}
