/**
 * Convex Auth (`@convex-dev/auth`) end to end with the repository's own `convex/` folder: keys from
 * `ensureConvexAuthKeys`, the real CLI push, and a plain `ConvexClient` calling `auth:signIn` /
 * `auth:signOut` the way the library's React client does. The deployment verifies the session
 * JWTs through OIDC discovery on its own site port (auth.config.ts: `domain: CONVEX_SITE_URL`),
 * served by the HTTP routes `auth.addHttpRoutes` registers.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "./deployment.js";
import { push, startDeployment, tempDataDir } from "./test-support/deployment.js";
import { waitFor } from "./conformance/helpers.js";

/** The repository root: the project whose `convex/` folder the apps use. */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** `convex dev` rewrites the project's .env.local; the developer's copy is put back afterwards. */
const ENV_LOCAL = path.join(ROOT, ".env.local");

interface Tokens {
  token: string;
  refreshToken: string;
}

let dataDir: string;
let dep: LocalDeployment;
let savedEnvLocal: string | null = null;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  savedEnvLocal = fs.existsSync(ENV_LOCAL) ? fs.readFileSync(ENV_LOCAL, "utf8") : null;
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  // Before the push: auth.ts reads the keys when it signs, auth.config.ts the site URL when pushed.
  expect(dep.ensureConvexAuthKeys().sort()).toEqual(["JWKS", "JWT_PRIVATE_KEY"]);
  await push(dep, ROOT);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (savedEnvLocal !== null) fs.writeFileSync(ENV_LOCAL, savedEnvLocal);
  else fs.rmSync(ENV_LOCAL, { force: true });
});

function newClient(): ConvexClient {
  const client = new ConvexClient(dep.cloudUrl);
  clients.push(client);
  return client;
}

const signIn = (client: ConvexClient, args: Record<string, unknown>) =>
  client.action("auth:signIn" as never, args as never) as Promise<{
    tokens?: Tokens | null;
    started?: boolean;
  }>;

/** Authenticates `client` with `token`; resolves once the server has confirmed it. */
async function authenticate(client: ConvexClient, token: string): Promise<void> {
  const changes: boolean[] = [];
  client.setAuth(
    async () => token,
    (ok) => changes.push(ok),
  );
  await waitFor(() => changes.length > 0, "the server to confirm the token");
  expect(changes).toEqual([true]);
}

const identity = (client: ConvexClient | ConvexHttpClient) =>
  client.query("users:identity" as never, {} as never) as Promise<{
    subject: string;
    issuer: string;
    tokenIdentifier: string;
  } | null>;

/** The profile `users:me` returns; the auth callbacks in convex/auth.ts fill in name and color. */
const profile = (client: ConvexClient) =>
  client.query("users:me" as never, {} as never) as Promise<{
    _id: string;
    name: string;
    color: string;
    isAnonymous: boolean;
    email?: string;
  } | null>;

describe("Convex Auth", () => {
  const email = "ada@example.com";
  const password = "correct horse battery staple";
  let userId: string;
  let firstSession: Tokens;

  it("serves the OpenID discovery document and JWKS on the site URL", async () => {
    const discovery = (await (
      await fetch(`${dep.siteUrl}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(discovery.issuer).toBe(dep.siteUrl);
    expect(discovery.jwks_uri).toBe(`${dep.siteUrl}/.well-known/jwks.json`);
    const jwks = (await (await fetch(discovery.jwks_uri!)).json()) as { keys: { kty: string }[] };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "RSA" })]);
  });

  it("signs up with a password and authenticates the client with the returned token", async () => {
    const client = newClient();
    const result = await signIn(client, {
      provider: "password",
      params: { email, password, flow: "signUp" },
    });
    expect(result.tokens).toEqual({ token: expect.any(String), refreshToken: expect.any(String) });
    firstSession = result.tokens!;
    const claims = decodeJwt(firstSession.token);
    expect(claims).toMatchObject({ iss: dep.siteUrl, aud: "convex" });
    userId = String(claims.sub).split("|")[0]!;

    expect(await identity(client)).toBeNull();
    await authenticate(client, firstSession.token);
    const me = await identity(client);
    expect(me).toEqual({
      subject: claims.sub,
      issuer: dep.siteUrl,
      tokenIdentifier: `${dep.siteUrl}|${claims.sub}`,
    });
    expect(await client.query("auth:isAuthenticated" as never, {} as never)).toBe(true);
    // Signed up without a display name: named after the email's local part, with a palette color.
    expect(await profile(client)).toEqual({
      _id: userId,
      name: "ada",
      color: expect.stringMatching(/^#[0-9A-F]{6}$/),
      isAnonymous: false,
      email,
    });

    // The same token over HTTP.
    const http = new ConvexHttpClient(dep.cloudUrl);
    http.setAuth(firstSession.token);
    expect((await identity(http))?.subject).toBe(claims.sub);
  });

  it("refuses a second sign-up for the same email, with another password or the same", async () => {
    // convex/auth.ts refuses it before the library would (which signs in on a matching password).
    for (const secret of ["another password 456", password])
      await expect(
        signIn(newClient(), {
          provider: "password",
          params: { email, password: secret, flow: "signUp" },
        }),
      ).rejects.toMatchObject({ data: "AccountExists" });
  });

  it("signs out: the session's refresh token stops working", async () => {
    const client = newClient();
    await authenticate(client, firstSession.token);
    await client.action("auth:signOut" as never, {} as never);
    // The session is gone, so its refresh token is refused (the library answers `tokens: null`).
    const refreshed = await signIn(newClient(), { refreshToken: firstSession.refreshToken });
    expect(refreshed.tokens ?? null).toBeNull();
    // What ConvexAuthProvider does after signOut. (ConvexClient.setAuth(() => null) would not do:
    // the client drops that Authenticate while its socket is paused for the token fetch.)
    client.client.clearAuth();
    expect(await identity(client)).toBeNull();
  });

  it("signs in again with the password: same user, new session", async () => {
    const client = newClient();
    const result = await signIn(client, {
      provider: "password",
      params: { email, password, flow: "signIn" },
    });
    const tokens = result.tokens!;
    const [user, session] = String(decodeJwt(tokens.token).sub).split("|");
    expect(user).toBe(userId);
    expect(session).not.toBe(String(decodeJwt(firstSession.token).sub).split("|")[1]);
    await authenticate(client, tokens.token);
    expect((await identity(client))?.subject).toBe(`${user}|${session}`);

    // Refresh: a new JWT and refresh token for the same session.
    const refreshed = await signIn(newClient(), { refreshToken: tokens.refreshToken });
    expect(refreshed.tokens).toEqual({
      token: expect.any(String),
      refreshToken: expect.any(String),
    });
    expect(refreshed.tokens!.refreshToken).not.toBe(tokens.refreshToken);
    expect(decodeJwt(refreshed.tokens!.token).sub).toBe(`${user}|${session}`);
    const other = newClient();
    await authenticate(other, refreshed.tokens!.token);
    expect((await identity(other))?.subject).toBe(`${user}|${session}`);
  });

  it("rejects a wrong password and an unknown account", async () => {
    const client = newClient();
    await expect(
      signIn(client, {
        provider: "password",
        params: { email, password: "wrong password 123", flow: "signIn" },
      }),
    ).rejects.toThrow("InvalidSecret");
    await expect(
      signIn(client, {
        provider: "password",
        params: { email: "nobody@example.com", password, flow: "signIn" },
      }),
    ).rejects.toThrow("InvalidAccountId");
    // The failed attempt did not lock the account.
    const ok = await signIn(client, {
      provider: "password",
      params: { email, password, flow: "signIn" },
    });
    expect(decodeJwt(ok.tokens!.token).sub).toMatch(new RegExp(`^${userId}\\|`));
  });

  it("signs in anonymously as a new user", async () => {
    const client = newClient();
    const result = await signIn(client, { provider: "anonymous" });
    expect(result.tokens).toEqual({ token: expect.any(String), refreshToken: expect.any(String) });
    const sub = String(decodeJwt(result.tokens!.token).sub);
    expect(sub.split("|")[0]).not.toBe(userId);
    await authenticate(client, result.tokens!.token);
    expect((await identity(client))?.subject).toBe(sub);
    expect(await profile(client)).toEqual({
      _id: sub.split("|")[0],
      name: expect.stringMatching(/^Guest \d{4}$/),
      color: expect.stringMatching(/^#[0-9A-F]{6}$/),
      isAnonymous: true,
    });
  });

  it("rejects a session token signed with another key", async () => {
    const { generateKeyPair, SignJWT } = await import("jose");
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ sub: `${userId}|forged` })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuedAt()
      .setIssuer(dep.siteUrl)
      .setAudience("convex")
      .setExpirationTime("1h")
      .sign(privateKey);
    const http = new ConvexHttpClient(dep.cloudUrl);
    http.setAuth(forged);
    await expect(identity(http)).rejects.toThrow(/Unauthenticated|Could not verify/);
  });
});
