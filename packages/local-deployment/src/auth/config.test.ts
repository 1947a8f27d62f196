import { describe, expect, it } from "vitest";
import {
  AUTH_MESSAGES,
  AuthConfigError,
  extractBearerToken,
  identityFromClaims,
  parseAuthConfig,
  tokenExpiry,
} from "./verifier.js";

function unsigned(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.c2ln`;
}

describe("parseAuthConfig", () => {
  it("parses OIDC and customJwt providers and normalizes issuers", () => {
    expect(
      parseAuthConfig({
        providers: [
          { domain: "clerk.example.com", applicationID: "convex" },
          { domain: "http://localhost:3211", applicationID: "convex" },
          {
            type: "customJwt",
            issuer: "https://auth.example.com",
            jwks: "https://auth.example.com/jwks",
            algorithm: "ES256",
          },
        ],
      }),
    ).toEqual([
      { type: "oidc", domain: "https://clerk.example.com", applicationID: "convex" },
      { type: "oidc", domain: "http://localhost:3211", applicationID: "convex" },
      {
        type: "customJwt",
        issuer: "https://auth.example.com",
        jwks: "https://auth.example.com/jwks",
        algorithm: "ES256",
      },
    ]);
    expect(parseAuthConfig({})).toEqual([]);
  });

  it("explains bad entries", () => {
    const bad = (config: unknown) => () => parseAuthConfig(config);
    expect(bad(null)).toThrow(AuthConfigError);
    expect(bad({ providers: {} })).toThrow(/"providers" must be an array/);
    expect(bad({ providers: [{ domain: "https://x.example" }] })).toThrow(
      /providers\[0\]: OIDC provider needs a string "applicationID"/,
    );
    expect(bad({ providers: [{ domain: "ftp://x.example", applicationID: "a" }] })).toThrow(
      'Invalid provider domain URL "ftp://x.example": must use HTTPS',
    );
    expect(bad({ providers: [{ domain: "foobar123", applicationID: "a" }] })).toThrow(
      /Does not look like a URL/,
    );
    expect(
      bad({
        providers: [
          {
            type: "customJwt",
            issuer: "https://a.example",
            jwks: "https://a.example/j",
            algorithm: "HS256",
          },
        ],
      }),
    ).toThrow("Invalid signature algorithm (only RS256 and ES256 are supported): HS256");
    expect(
      bad({ providers: [{ type: "customJwt", issuer: "https://a.example", algorithm: "RS256" }] }),
    ).toThrow(/customJwt provider needs a string "jwks"/);
    expect(bad({ providers: [{ type: "customJWT", issuer: "https://a.example" }] })).toThrow(
      /unknown provider type "customJWT"/,
    );
  });
});

describe("identityFromClaims", () => {
  it("never repeats OIDC standard claims as custom claims and drops jti/nbf/fva", () => {
    const identity = identityFromClaims(
      {
        iss: "https://i.example",
        sub: "s",
        aud: "a",
        iat: 1,
        exp: 2,
        email_verified: "true",
        website: 5,
        locale: "fr",
        jti: "x",
        nbf: 1,
        fva: [1],
        "x-y": null,
      },
      "oidc",
    );
    expect(identity).toStrictEqual({
      tokenIdentifier: "https://i.example|s",
      issuer: "https://i.example",
      subject: "s",
      emailVerified: true,
      language: "fr",
      "x-y": null,
    });
  });

  it("keeps a claim called __proto__ as a plain key", () => {
    const claims = JSON.parse(
      '{"iss":"i","sub":"s","exp":1,"__proto__":{"polluted":true}}',
    ) as Record<string, unknown>;
    const identity = identityFromClaims(claims, "customJwt");
    expect(identity["__proto__.polluted"]).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("tokenExpiry and extractBearerToken", () => {
  it("reads exp without verifying", () => {
    expect(tokenExpiry(unsigned({ sub: "x", exp: 1_700_003_600 }))).toBe(1_700_003_600);
    expect(tokenExpiry(unsigned({ sub: "x" }))).toBeNull();
    expect(tokenExpiry("garbage")).toBeNull();
  });

  it("parses Authorization headers like the official backend", () => {
    expect(extractBearerToken(undefined)).toBeNull();
    expect(extractBearerToken("bEaReR  abc.def.ghi ")).toBe("abc.def.ghi");
    expect(() => extractBearerToken("Basic xyz")).toThrow(AUTH_MESSAGES.missingBearer);
  });
});
