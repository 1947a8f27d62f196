import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { CryptoKey, JWK, JWTPayload } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUTH_MESSAGES, AuthenticationError, parseAuthConfig, TokenVerifier } from "./verifier.js";
import type { AuthProvider } from "./verifier.js";

const T0 = 1_700_000_000; // seconds
const APP = "convex-app";

interface KeyPair {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function makeKey(alg: "RS256" | "ES256" | "EdDSA", kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, jwk };
}

function sign(
  key: KeyPair,
  claims: JWTPayload,
  header: { kid?: string | null } = {},
): Promise<string> {
  const kid = header.kid === undefined ? key.kid : header.kid;
  return new SignJWT(claims)
    .setProtectedHeader(kid === null ? { alg: key.alg } : { alg: key.alg, kid })
    .sign(key.privateKey);
}

// ------------------------------------------------------------------ the identity provider

let server: Server;
let ISSUER = "";
const hits = new Map<string, number>();
let oidcKeys: JWK[] = [];
let customKeys: JWK[] = [];
let customContentType = "application/jwk-set+json";

function hitCount(path: string): number {
  return hits.get(path) ?? 0;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    hits.set(path, hitCount(path) + 1);
    const json = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(JSON.stringify(body));
    };
    if (path === "/.well-known/openid-configuration") {
      json(200, {
        issuer: ISSUER,
        jwks_uri: `${ISSUER}/jwks.json`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    } else if (path === "/jwks.json") {
      json(200, { keys: oidcKeys });
    } else if (path === "/custom/jwks.json") {
      json(200, { keys: customKeys }, customContentType);
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("nope");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ISSUER = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let rsa1: KeyPair;
let rsa2: KeyPair;
let rsaOther: KeyPair;
let ec1: KeyPair;
let ed1: KeyPair;

beforeAll(async () => {
  rsa1 = await makeKey("RS256", "k1");
  rsa2 = await makeKey("RS256", "k2");
  rsaOther = await makeKey("RS256", "k1"); // same kid, different key
  ec1 = await makeKey("ES256", "ec1");
  ed1 = await makeKey("EdDSA", "ed1");
});

let clockMs = T0 * 1000;
beforeEach(() => {
  hits.clear();
  clockMs = T0 * 1000;
  oidcKeys = [rsa1.jwk, ec1.jwk, ed1.jwk];
  customKeys = [rsa1.jwk, ec1.jwk];
  customContentType = "application/jwk-set+json";
});

function verifier(providers: AuthProvider[]): TokenVerifier {
  return new TokenVerifier(providers, { now: () => clockMs });
}

function oidc(): AuthProvider[] {
  return parseAuthConfig({ providers: [{ domain: ISSUER, applicationID: APP }] });
}

function baseClaims(extra: JWTPayload = {}): JWTPayload {
  return { iss: ISSUER, aud: APP, sub: "user1", iat: T0 - 10, exp: T0 + 3600, ...extra };
}

async function rejection(p: Promise<unknown>): Promise<AuthenticationError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AuthenticationError);
    return e as AuthenticationError;
  }
  throw new Error("expected the verification to fail");
}

function dataUri(keys: JWK[], type = "application/json"): string {
  return `data:${type};base64,${Buffer.from(JSON.stringify({ keys })).toString("base64")}`;
}

// ------------------------------------------------------------------ OIDC

describe("OIDC providers", () => {
  it("returns the Convex identity shape for a valid token", async () => {
    const token = await sign(
      rsa1,
      baseClaims({
        name: "Ann Lee",
        given_name: "Ann",
        email: "ann@example.com",
        email_verified: true,
        picture: "https://img.example/ann.png",
        updated_at: 1_700_000_000,
        address: { formatted: "1 Main St" },
        org: { id: "o1", role: { name: "admin" } },
        sid: "sess_1",
        azp: "http://localhost:3000",
        nbf: T0 - 20,
        jti: "jti-1",
        fva: [0, -1],
        tags: ["a", "b"],
      }),
    );
    const identity = await verifier(oidc()).verify(token);
    const expected = {
      tokenIdentifier: `${ISSUER}|user1`,
      issuer: ISSUER,
      subject: "user1",
      name: "Ann Lee",
      givenName: "Ann",
      pictureUrl: "https://img.example/ann.png",
      email: "ann@example.com",
      emailVerified: true,
      address: "1 Main St",
      updatedAt: "2023-11-14T22:13:20+00:00",
      "org.id": "o1",
      "org.role.name": "admin",
      sid: "sess_1",
      tags: ["a", "b"],
    };
    expect(identity).toStrictEqual(expected);
    // Same key order as the official JSON: fixed attributes, then custom claims sorted.
    expect(JSON.stringify(identity)).toBe(JSON.stringify(expected));
  });

  it("accepts ES256 and EdDSA signatures", async () => {
    const v = verifier(oidc());
    await expect(v.verify(await sign(ec1, baseClaims({ sub: "ec" })))).resolves.toMatchObject({
      subject: "ec",
    });
    await expect(v.verify(await sign(ed1, baseClaims({ sub: "ed" })))).resolves.toMatchObject({
      subject: "ed",
    });
  });

  it("rejects an expired token", async () => {
    const token = await sign(rsa1, baseClaims({ iat: T0 - 7200, exp: T0 - 10 }));
    const err = await rejection(verifier(oidc()).verify(token));
    expect(err.message).toBe(AUTH_MESSAGES.oidcVerify);
    expect(err.code).toBe("Unauthenticated");
    expect(err.detail).toBe(
      "Expired: ID token expired at 2023-11-14 22:13:10 UTC (current time is 2023-11-14 22:13:20 UTC)",
    );
  });

  it("rejects a token that is not yet valid (nbf)", async () => {
    const err = await rejection(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ nbf: T0 + 60 }))),
    );
    expect(err.message).toBe(AUTH_MESSAGES.oidcVerify);
    expect(err.detail).toMatch(/^Not yet valid/);
    // within the 5 s leeway it passes
    await expect(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ nbf: T0 + 3 }))),
    ).resolves.toBeDefined();
  });

  it("rejects a signature made with another key", async () => {
    const err = await rejection(verifier(oidc()).verify(await sign(rsaOther, baseClaims())));
    expect(err.message).toBe(AUTH_MESSAGES.oidcVerify);
    expect(err.detail).toBe("signature verification failed");
  });

  it("does not match a provider when the audience differs", async () => {
    const err = await rejection(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ aud: "someone-else" }))),
    );
    expect(err.code).toBe("NoAuthProvider");
    expect(err.message).toBe(
      `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [OIDC(domain=${ISSUER}, app_id=${APP})]`,
    );
    const redacted = new TokenVerifier(oidc(), { now: () => clockMs, redactErrors: true });
    const err2 = await rejection(
      redacted.verify(await sign(rsa1, baseClaims({ aud: "someone-else" }))),
    );
    expect(err2.message).toBe("No auth provider found matching the given token");
  });

  it("rejects additional untrusted audiences (exact aud match)", async () => {
    const err = await rejection(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ aud: [APP, "other"] }))),
    );
    expect(err.message).toBe(AUTH_MESSAGES.oidcVerify);
    expect(err.detail).toContain("not a trusted audience");
  });

  it("rejects an unknown issuer", async () => {
    const err = await rejection(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ iss: "https://evil.example" }))),
    );
    expect(err.code).toBe("NoAuthProvider");
    const none = await rejection(verifier([]).verify(await sign(rsa1, baseClaims())));
    expect(none.message).toBe(
      "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.",
    );
  });

  it("requires the exact discovered issuer (trailing slash)", async () => {
    const err = await rejection(
      verifier(oidc()).verify(await sign(rsa1, baseClaims({ iss: `${ISSUER}/` }))),
    );
    expect(err.code).toBe("AuthProviderDiscoveryFailed");
    expect(err.message).toBe(`Auth provider discovery of ${ISSUER}/ failed`);
  });

  it("reports a failed discovery with the HTTP status", async () => {
    const providers = parseAuthConfig({
      providers: [{ domain: `${ISSUER}/tenant`, applicationID: APP }],
    });
    const err = await rejection(
      verifier(providers).verify(await sign(rsa1, baseClaims({ iss: `${ISSUER}/tenant` }))),
    );
    expect(err.message).toBe(
      `Auth provider discovery of ${ISSUER}/tenant failed: 404 Not Found nope`,
    );
  });

  it("rejects malformed tokens and a missing iss with the official messages", async () => {
    const v = verifier(oidc());
    expect((await rejection(v.verify("not-a-jwt"))).message).toBe(AUTH_MESSAGES.invalidJwt);
    const noIss = await sign(rsa1, { aud: APP, sub: "u", iat: T0, exp: T0 + 60 });
    expect((await rejection(v.verify(noIss))).message).toBe(AUTH_MESSAGES.missingIssuer);
    const noIat = await sign(rsa1, { iss: ISSUER, aud: APP, sub: "u", exp: T0 + 60 });
    expect((await rejection(v.verify(noIat))).message).toBe(AUTH_MESSAGES.oidcParse);
  });

  it("caches discovery and the JWKS across verifications", async () => {
    const v = verifier(oidc());
    await v.verify(await sign(rsa1, baseClaims()));
    await v.verify(await sign(rsa1, baseClaims({ sub: "user2" })));
    expect(hitCount("/.well-known/openid-configuration")).toBe(1);
    expect(hitCount("/jwks.json")).toBe(1);
    clockMs += 11 * 60_000; // past the default 10-minute cache
    await v.verify(await sign(rsa1, baseClaims({ iat: T0 + 600, exp: T0 + 7200 })));
    expect(hitCount("/.well-known/openid-configuration")).toBe(2);
    expect(hitCount("/jwks.json")).toBe(2);
  });

  it("refetches the JWKS once for an unknown kid, at most once a minute", async () => {
    const v = verifier(oidc());
    await v.verify(await sign(rsa1, baseClaims()));
    expect(hitCount("/jwks.json")).toBe(1);
    oidcKeys = [rsa1.jwk, rsa2.jwk]; // the provider rotates in k2

    // Fetched less than a minute ago: no refetch, k2 is unknown.
    const early = await rejection(v.verify(await sign(rsa2, baseClaims())));
    expect(early.message).toBe(AUTH_MESSAGES.oidcVerify);
    expect(hitCount("/jwks.json")).toBe(1);

    clockMs += 61_000; // still inside the cache lifetime, outside the cooldown
    await expect(v.verify(await sign(rsa2, baseClaims({ sub: "rotated" })))).resolves.toMatchObject(
      {
        subject: "rotated",
      },
    );
    expect(hitCount("/jwks.json")).toBe(2);

    // A kid nobody has: one refetch already happened this minute, so none now.
    const ghost = { ...rsa2, kid: "ghost" };
    await rejection(v.verify(await sign(ghost, baseClaims())));
    expect(hitCount("/jwks.json")).toBe(2);
    expect(hitCount("/.well-known/openid-configuration")).toBe(1);
  });
});

// ------------------------------------------------------------------ custom JWT

describe("customJwt providers", () => {
  function custom(
    jwks: string,
    algorithm: "RS256" | "ES256",
    applicationID?: string,
  ): AuthProvider[] {
    return parseAuthConfig({
      providers: [
        {
          type: "customJwt",
          issuer: ISSUER,
          jwks,
          algorithm,
          ...(applicationID ? { applicationID } : {}),
        },
      ],
    });
  }

  it("verifies with a data: URI JWKS and puts every non-registered claim in custom claims", async () => {
    const v = verifier(custom(dataUri([rsa1.jwk]), "RS256", APP));
    const token = await sign(
      rsa1,
      baseClaims({
        email: "ann@example.com",
        given_name: "Ann",
        org: { id: "x" },
        nbf: T0 - 1,
        jti: "j",
        fva: [1],
      }),
    );
    const identity = await v.verify(token);
    expect(identity).toStrictEqual({
      tokenIdentifier: `${ISSUER}|user1`,
      issuer: ISSUER,
      subject: "user1",
      email: "ann@example.com",
      fva: [1],
      given_name: "Ann",
      "org.id": "x",
    });
    expect(hitCount("/custom/jwks.json")).toBe(0);
  });

  it("accepts a percent-encoded application/jwk-set+json data: URI", async () => {
    const uri = `data:application/jwk-set+json,${encodeURIComponent(JSON.stringify({ keys: [rsa1.jwk] }))}`;
    await expect(
      verifier(custom(uri, "RS256")).verify(await sign(rsa1, baseClaims())),
    ).resolves.toMatchObject({
      subject: "user1",
    });
  });

  it("verifies ES256 with a JWKS URL, cached", async () => {
    const v = verifier(custom(`${ISSUER}/custom/jwks.json`, "ES256"));
    await expect(v.verify(await sign(ec1, baseClaims({ aud: "anything" })))).resolves.toMatchObject(
      {
        tokenIdentifier: `${ISSUER}|user1`,
      },
    );
    await v.verify(await sign(ec1, baseClaims({ sub: "u2" })));
    expect(hitCount("/custom/jwks.json")).toBe(1);
  });

  it("rejects a JWKS served with a non-JSON content type", async () => {
    customContentType = "text/plain";
    const jwks = `${ISSUER}/custom/jwks.json`;
    const err = await rejection(
      verifier(custom(jwks, "ES256")).verify(await sign(ec1, baseClaims())),
    );
    expect(err.message).toBe(
      `Invalid Content-Type 'text/plain' when fetching JWKS from '${jwks}'. Expected 'application/json' or 'application/jwk-set+json'.`,
    );
  });

  it("reports time-claim failures with biscuit's wording and a 5 s leeway", async () => {
    const v = verifier(custom(dataUri([rsa1.jwk]), "RS256"));
    const expired = await rejection(
      v.verify(await sign(rsa1, baseClaims({ iat: T0 - 500, exp: T0 - 100 }))),
    );
    expect(expired.message).toBe("Could not validate token: Token expired 100 seconds ago");
    const early = await rejection(v.verify(await sign(rsa1, baseClaims({ nbf: T0 + 60 }))));
    expect(early.message).toBe("Could not validate token: Token will be valid in 60 seconds");
    await expect(v.verify(await sign(rsa1, baseClaims({ exp: T0 - 3 })))).resolves.toBeDefined();
  });

  it("checks the audience when applicationID is set", async () => {
    const v = verifier(custom(dataUri([rsa1.jwk]), "RS256", APP));
    const err = await rejection(v.verify(await sign(rsa1, baseClaims({ aud: ["x", "y"] }))));
    expect(err.code).toBe("NoAuthProvider");
    expect(err.message).toContain(`CustomJWT(issuer=${ISSUER}, app_id=${APP})`);
  });

  it("requires the configured algorithm and a kid that is in the JWKS", async () => {
    const v = verifier(custom(dataUri([rsa1.jwk, ec1.jwk]), "RS256"));
    const wrongAlg = await rejection(v.verify(await sign(ec1, baseClaims())));
    expect(wrongAlg.message).toBe(
      "Could not decode token. The JWT's 'kid' (key ID) header is 'ec1', does this key match any key in the provider's JWKS?",
    );
    const noKid = await rejection(v.verify(await sign(rsa1, baseClaims(), { kid: null })));
    expect(noKid.message).toBe(
      "Could not decode token. JWT may be missing a 'kid' (key ID) header.",
    );
    const badSig = await rejection(v.verify(await sign(rsaOther, baseClaims())));
    expect(badSig.message).toContain("'kid' (key ID) header is 'k1'");
  });

  it("requires sub and exp", async () => {
    const v = verifier(custom(dataUri([rsa1.jwk]), "RS256"));
    const noSub = await rejection(
      v.verify(await sign(rsa1, { iss: ISSUER, iat: T0, exp: T0 + 60 })),
    );
    expect(noSub.message).toBe(AUTH_MESSAGES.customClaims);
    expect(noSub.detail).toBe("Missing subject");
    const noExp = await rejection(v.verify(await sign(rsa1, { iss: ISSUER, sub: "u", iat: T0 })));
    expect(noExp.detail).toBe("Missing expiry");
  });

  it("matches an iss without scheme against an https issuer", async () => {
    const providers = parseAuthConfig({
      providers: [
        {
          type: "customJwt",
          issuer: "auth.example.com/",
          jwks: dataUri([rsa1.jwk]),
          algorithm: "RS256",
        },
      ],
    });
    const identity = await verifier(providers).verify(
      await sign(rsa1, baseClaims({ iss: "auth.example.com" })),
    );
    expect(identity.tokenIdentifier).toBe("auth.example.com|user1");
  });
});
