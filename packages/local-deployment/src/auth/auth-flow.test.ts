/**
 * User auth end to end (convex-protocol.md §g) with the real clients and CLI: a custom JWT provider
 * in test/projects/auth-flow whose JWKS (a `data:` URL) is set with `npx convex env set` before the
 * push. Valid tokens give functions `tokenIdentifier = iss|sub` and the custom claims; expired,
 * wrongly signed and wrong-audience tokens are rejected over WebSocket (the client reports
 * `onChange(false)` and continues unauthenticated) and over HTTP (401).
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import {
  ADMIN_KEY,
  push,
  runConvexCli,
  startDeployment,
  tempDataDir,
} from "../test-support/deployment.js";
import { RawSocket, waitFor, wireArgs } from "../conformance/helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/auth-flow", import.meta.url));
const ISSUER = "https://auth-flow.example";
const AUDIENCE = "rooms-auth-flow";
const KID = "auth-flow-key";

let dataDir: string;
let dep: LocalDeployment;
let signingKey: CryptoKey;
/** A key the deployment does not know, used with the same `kid`. */
let otherKey: CryptoKey;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  const keys = await generateKeyPair("RS256", { extractable: true });
  signingKey = keys.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: KID, alg: "RS256", use: "sig" };
  const jwks = `data:application/json;base64,${Buffer.from(JSON.stringify({ keys: [jwk] })).toString("base64")}`;
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  // Set before the push: auth.config.ts reads TEST_JWKS when the push evaluates it.
  const set = await runConvexCli(dep, ["env", "set", "TEST_JWKS", jwks], PROJECT);
  if (set.code !== 0) throw new Error(`env set failed:\n${set.stdout}\n${set.stderr}`);
  await push(dep, PROJECT);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface TokenOptions {
  key?: CryptoKey;
  audience?: string;
  /** Expiry in seconds since the epoch. */
  exp?: number;
  iat?: number;
  claims?: Record<string, unknown>;
}

function sign(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: "ada@example.com",
    role: "editor",
    org: { id: "org-7", tier: 2 },
    ...options.claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: KID })
    .setIssuer(ISSUER)
    .setSubject("user-ada")
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(options.key ?? signingKey);
}

/** A ConvexClient authenticated with `token`; resolves with the first auth change it reports. */
async function clientWithToken(
  token: string,
): Promise<{ client: ConvexClient; changes: boolean[] }> {
  const client = new ConvexClient(dep.cloudUrl);
  clients.push(client);
  const changes: boolean[] = [];
  client.setAuth(
    async () => token,
    (isAuthenticated) => changes.push(isAuthenticated),
  );
  await waitFor(() => changes.length > 0, "the client to report an auth change");
  return { client, changes };
}

const identityGet = "identity:get" as never;

describe("custom JWT over WebSocket", () => {
  it("accepts a valid token: functions see iss|sub and the custom claims", async () => {
    const { client, changes } = await clientWithToken(await sign());
    expect(changes).toEqual([true]);
    const identity = (await client.query(identityGet, {} as never)) as Record<string, unknown>;
    expect(identity).toMatchObject({
      tokenIdentifier: `${ISSUER}|user-ada`,
      issuer: ISSUER,
      subject: "user-ada",
      email: "ada@example.com",
      role: "editor",
      "org.id": "org-7",
      "org.tier": 2,
    });
    // Registered claims are not custom claims.
    expect(identity).not.toHaveProperty("aud");
    expect(identity).not.toHaveProperty("exp");
    expect(await client.mutation("identity:visit" as never, {} as never)).toBe(
      `${ISSUER}|user-ada`,
    );
    expect(await client.action("identity:fromAction" as never, {} as never)).toEqual({
      action: `${ISSUER}|user-ada`,
      nested: `${ISSUER}|user-ada`,
    });
  });

  it("keeps subscriptions live for an authenticated client", async () => {
    const { client } = await clientWithToken(await sign({ claims: { role: "viewer" } }));
    const seen: unknown[] = [];
    const unsubscribe = client.onUpdate(identityGet, {} as never, (v) => seen.push(v));
    const first = await waitFor(
      () => seen[0] as Record<string, unknown> | undefined,
      "the subscription's first value",
    );
    expect(first.role).toBe("viewer");
    unsubscribe();
  });

  it("ends the session with AuthError when the token expires while connected", async () => {
    const socket = await RawSocket.connect(dep.cloudUrl);
    socket.send({ type: "Authenticate", tokenType: "User", value: await sign(), baseVersion: 0 });
    await socket.next(
      (m) => m.type === "Transition" && m.endVersion.identity === 1,
      "the identity-advancing Transition",
    );
    // Only the deployment's clock moves (it runs in this process): past the 600 s expiry.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 601_000 });
    try {
      socket.send({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [{ type: "Add", queryId: 0, udfPath: "identity:get", args: wireArgs({}) }],
      });
      const error = await socket.next((m) => m.type === "AuthError", "an AuthError");
      expect(error).toMatchObject({ error: "Token expired", authUpdateAttempted: false });
      await socket.waitClosed();
      // The query never ran under the expired token.
      expect(socket.transitions().some((t) => t.endVersion.querySet === 1)).toBe(false);
    } finally {
      vi.useRealTimers();
      socket.close();
    }
  });

  const rejected: [string, () => Promise<string>][] = [
    [
      "an expired token",
      () =>
        sign({
          iat: Math.floor(Date.now() / 1000) - 3600,
          exp: Math.floor(Date.now() / 1000) - 600,
        }),
    ],
    ["a token signed with another key", () => sign({ key: otherKey })],
    ["a token for another audience", () => sign({ audience: "someone-else" })],
  ];

  for (const [what, make] of rejected) {
    it(`rejects ${what}: onChange(false), then the client runs unauthenticated`, async () => {
      const { client, changes } = await clientWithToken(await make());
      expect(changes).toEqual([false]);
      // The client has given up on the token; functions see no identity.
      expect(await client.query(identityGet, {} as never)).toBeNull();
      expect(await client.mutation("identity:visit" as never, {} as never)).toBeNull();
      expect(changes).toEqual([false]);
    });
  }

  it("runs unauthenticated without a token", async () => {
    const client = new ConvexClient(dep.cloudUrl);
    clients.push(client);
    expect(await client.query(identityGet, {} as never)).toBeNull();
  });
});

describe("custom JWT over HTTP", () => {
  it("accepts a valid Bearer token in queries, mutations and actions", async () => {
    const http = new ConvexHttpClient(dep.cloudUrl);
    http.setAuth(await sign());
    expect(await http.query(identityGet, {} as never)).toMatchObject({
      tokenIdentifier: `${ISSUER}|user-ada`,
      role: "editor",
      "org.id": "org-7",
    });
    expect(await http.mutation("identity:visit" as never, {} as never)).toBe(`${ISSUER}|user-ada`);
    expect(await http.action("identity:fromAction" as never, {} as never)).toEqual({
      action: `${ISSUER}|user-ada`,
      nested: `${ISSUER}|user-ada`,
    });
  });

  // [what, token, message, Convex's code] (convex-cli-and-errors.md §10).
  const rejected: [string, () => Promise<string>, string, string][] = [
    [
      "an expired token",
      () =>
        sign({
          iat: Math.floor(Date.now() / 1000) - 3600,
          exp: Math.floor(Date.now() / 1000) - 600,
        }),
      "Token expired",
      "InvalidAuthHeader",
    ],
    [
      "a token signed with another key",
      () => sign({ key: otherKey }),
      "Could not decode token",
      "InvalidAuthHeader",
    ],
    [
      "a token for another audience",
      () => sign({ audience: "someone-else" }),
      "No auth provider found matching the given token",
      "NoAuthProvider",
    ],
  ];

  for (const [what, make, reason, code] of rejected) {
    it(`answers 401 for ${what}`, async () => {
      const token = await make();
      const visits = () =>
        new ConvexHttpClient(dep.cloudUrl).query("identity:visitCount" as never, {} as never);
      const before = await visits();
      const http = new ConvexHttpClient(dep.cloudUrl);
      http.setAuth(token);
      await expect(http.query(identityGet, {} as never)).rejects.toThrow(reason);
      await expect(http.mutation("identity:visit" as never, {} as never)).rejects.toThrow(reason);
      // The mutation never ran.
      expect(await visits()).toBe(before);
      const raw = await fetch(`${dep.cloudUrl}/api/query`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ path: "identity:get", args: [{}], format: "convex_encoded_json" }),
      });
      expect(raw.status).toBe(401);
      expect(await raw.json()).toMatchObject({
        code,
        message: expect.stringContaining(reason),
      });
    });
  }
});

describe("an identity an admin acts as", () => {
  it("gets tokenIdentifier issuer|subject, over HTTP and over the WebSocket", async () => {
    const acting = { subject: "u1", issuer: "https://acting.example", name: "Acting" };
    const expected = { ...acting, tokenIdentifier: "https://acting.example|u1" };
    const http = new ConvexHttpClient(dep.cloudUrl);
    (http as unknown as { setAdminAuth(key: string, as: object): void }).setAdminAuth(
      ADMIN_KEY,
      acting,
    );
    expect(await http.query("identity:get" as never, {} as never)).toEqual(expected);
    const client = new ConvexClient(dep.cloudUrl);
    clients.push(client);
    (client as unknown as { setAdminAuth(key: string, as: object): void }).setAdminAuth(
      ADMIN_KEY,
      acting,
    );
    expect(await client.query("identity:get" as never, {} as never)).toEqual(expected);
  });
});
