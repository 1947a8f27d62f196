/**
 * User-token validation for `Authenticate {tokenType:"User"}` (WS) and `Authorization: Bearer`
 * (HTTP), following the official backend (convex-backend crates/authentication/src/lib.rs
 * validate_id_token, crates/common/src/auth.rs AuthInfo::matches_token):
 *
 * 1. decode the payload without verifying it; `iss` is required, `aud` read as string or array;
 * 2. pick the first provider whose applicationID (if set) is in `aud` and whose domain/issuer
 *    equals `iss` (`https://` added when `iss` has no scheme; trailing `/` trimmed on both);
 * 3. OIDC: discovery at `<iss>/.well-known/openid-configuration` → `jwks_uri`; signature (RS256,
 *    ES256, EdDSA); `iss` equal to the discovered issuer; `aud` containing the applicationID and
 *    nothing else; `exp` (strict), `nbf`/`iat` (5 s leeway); `sub`, `exp`, `iat` required;
 * 4. customJwt: JWKS from the `jwks` URL (JSON content type) or `data:` URL; the configured
 *    algorithm; the key named by the header `kid`; issuer and audience checks; `exp`/`nbf`/`iat`
 *    with 5 s leeway; `sub`, `iss`, `exp` required.
 *
 * Discovery documents and key sets are cached (`jwksCacheMs`, default 10 min); a token signed with
 * a key the cached set lacks triggers one refetch, at most once a minute per URL.
 * Failures throw `AuthenticationError` whose `message` is the official client-facing wording.
 */
import { compactVerify, decodeProtectedHeader, errors } from "jose";
import type { CompactVerifyResult, CryptoKey } from "jose";
import type { UserIdentity } from "../runtime/identity.js";
import { noProviderMessage, providerMatches, issuerWithProtocol } from "./config.js";
import type { AuthProvider, CustomJwtProvider, OidcProvider } from "./config.js";
import { AUTH_MESSAGES, AuthenticationError } from "./errors.js";
import { identityFromClaims } from "./identity.js";
import {
  TimedCache,
  httpGetJson,
  importKey,
  keySet,
  loadCustomKeySet,
  parseJwks,
  statusLine,
} from "./jwks.js";
import type { KeySet } from "./jwks.js";
import {
  audiencesOf,
  debugList,
  decodePayload,
  errorText,
  fail,
  isRecord,
  registeredClaimsWellTyped,
  unverifiedPayload,
  utc,
} from "./token.js";

export { AUTH_MESSAGES, AuthenticationError, AuthConfigError } from "./errors.js";
export { extractBearerToken, tokenExpiry } from "./token.js";
export { parseAuthConfig, normalizeProviderUrl } from "./config.js";
export type { AuthProvider, CustomJwtProvider, OidcProvider } from "./config.js";
export { identityFromClaims } from "./identity.js";
export type { TokenKind } from "./identity.js";

const OIDC_ALGORITHMS = ["RS256", "ES256", "EdDSA", "Ed25519"];
const DEFAULT_CACHE_MS = 10 * 60_000;
const REFETCH_COOLDOWN_MS = 60_000;
const LEEWAY_SEC = 5;

export interface TokenVerifierOptions {
  /** HTTP client for discovery and JWKS (default: global fetch). */
  fetch?: typeof fetch;
  /** Clock in milliseconds (default: Date.now). */
  now?: () => number;
  /** How long discovery documents and key sets are reused (default 10 minutes). */
  jwksCacheMs?: number;
  /** Use the short production NoAuthProvider / kid messages (default false, as in dev). */
  redactErrors?: boolean;
  /** Per-request timeout for discovery/JWKS fetches (default 10 s). */
  fetchTimeoutMs?: number;
}

interface Discovery {
  issuer: string;
  jwksUri: string;
}

export class TokenVerifier {
  readonly providers: readonly AuthProvider[];
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly redact: boolean;
  private readonly timeoutMs: number;
  private readonly discoveries: TimedCache<Discovery>;
  private readonly keySets: TimedCache<KeySet>;

  constructor(providers: AuthProvider[], options: TokenVerifierOptions = {}) {
    this.providers = [...providers];
    this.fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
    this.now = options.now ?? Date.now;
    this.redact = options.redactErrors ?? false;
    this.timeoutMs = options.fetchTimeoutMs ?? 10_000;
    const maxAge = options.jwksCacheMs ?? DEFAULT_CACHE_MS;
    this.discoveries = new TimedCache(this.now, maxAge);
    this.keySets = new TimedCache(this.now, maxAge);
  }

  /** Validates `token` and returns the identity functions will see. */
  async verify(token: string): Promise<UserIdentity> {
    const payload = unverifiedPayload(token.trim());
    if (payload === null || !registeredClaimsWellTyped(payload)) {
      throw fail("InvalidAuthHeader", AUTH_MESSAGES.invalidJwt);
    }
    const iss = payload.iss;
    if (typeof iss !== "string") throw fail("InvalidAuthHeader", AUTH_MESSAGES.missingIssuer);
    const audiences = audiencesOf(payload.aud) ?? [];
    const provider = this.providers.find((p) => providerMatches(p, audiences, iss));
    if (provider === undefined) {
      throw fail(
        "NoAuthProvider",
        noProviderMessage(this.providers, this.redact),
        `iss=${iss} aud=${debugList(audiences)}`,
      );
    }
    return provider.type === "oidc"
      ? this.verifyOidc(token.trim(), iss, provider)
      : this.verifyCustomJwt(token.trim(), provider);
  }

  /** Forgets cached discovery documents and key sets. */
  clearCache(): void {
    this.discoveries.clear();
    this.keySets.clear();
  }

  private nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  // ---------------------------------------------------------------- OIDC

  private async verifyOidc(
    token: string,
    iss: string,
    provider: OidcProvider,
  ): Promise<UserIdentity> {
    const discovery = (await this.discoveries.get(iss, () => this.discover(iss))).value;
    const verifyFail = (detail: string) =>
      fail("Unauthenticated", AUTH_MESSAGES.oidcVerify, detail);

    // The OIDC library parses the whole ID token before verifying: sub, aud, exp, iat required.
    const unverified = unverifiedPayload(token);
    let parseProblem: string | null = null;
    try {
      decodeProtectedHeader(token);
    } catch (e) {
      parseProblem = `invalid header: ${errorText(e)}`;
    }
    if (unverified === null) parseProblem = "invalid payload";
    else {
      for (const [claim, type] of [
        ["sub", "string"],
        ["exp", "number"],
        ["iat", "number"],
      ] as const) {
        if (typeof unverified[claim] !== type)
          parseProblem ??= `missing or invalid '${claim}' claim`;
      }
      if (unverified.aud === undefined) parseProblem ??= "missing 'aud' claim";
    }
    if (parseProblem !== null)
      throw fail("InvalidAuthHeader", AUTH_MESSAGES.oidcParse, parseProblem);

    const result = await this.verifyWithKeySet(
      token,
      discovery.jwksUri,
      () => this.loadOidcKeySet(discovery.jwksUri, iss),
      (keys, t) => this.verifyOidcSignature(t, keys),
      verifyFail,
    );
    const claims = decodePayload(result);
    const now = this.nowSec();
    if (claims.iss !== discovery.issuer) {
      throw verifyFail(
        `Invalid issuer: expected \`${discovery.issuer}\` (found \`${String(claims.iss)}\`)`,
      );
    }
    const audiences = audiencesOf(claims.aud) ?? [];
    if (!audiences.includes(provider.applicationID)) {
      throw verifyFail(
        `Invalid audiences: must contain \`${provider.applicationID}\` (found audiences: ${audiences.join(", ")})`,
      );
    }
    const untrusted = audiences.find((a) => a !== provider.applicationID);
    if (untrusted !== undefined)
      throw verifyFail(`Invalid audiences: \`${untrusted}\` is not a trusted audience`);
    const exp = claims.exp as number;
    if (now >= exp)
      throw verifyFail(`Expired: ID token expired at ${utc(exp)} (current time is ${utc(now)})`);
    if (typeof claims.nbf === "number" && claims.nbf > now + LEEWAY_SEC) {
      throw verifyFail(
        `Not yet valid: ID token is not valid before ${utc(claims.nbf)} (current time is ${utc(now)})`,
      );
    }
    const iat = claims.iat as number;
    if (iat > now + LEEWAY_SEC) {
      throw verifyFail(
        `Invalid issue time: ID token issued at ${utc(iat)}, in the future (current time is ${utc(now)})`,
      );
    }
    return identityFromClaims(claims, "oidc");
  }

  private discoveryFailed(iss: string, response?: string, detail?: string): AuthenticationError {
    const base = `Auth provider discovery of ${iss} failed`;
    return fail(
      "AuthProviderDiscoveryFailed",
      response === undefined ? base : `${base}: ${response}`,
      detail,
    );
  }

  private async discover(iss: string): Promise<Discovery> {
    let url: string;
    try {
      url = new URL(`${iss.endsWith("/") ? iss : `${iss}/`}.well-known/openid-configuration`).href;
    } catch (e) {
      throw this.discoveryFailed(iss, undefined, `invalid issuer URL: ${errorText(e)}`);
    }
    let res;
    try {
      res = await httpGetJson(this.fetchImpl, url, this.timeoutMs);
    } catch (e) {
      throw this.discoveryFailed(iss, undefined, `GET ${url}: ${errorText(e)}`);
    }
    if (res.status !== 200)
      throw this.discoveryFailed(iss, `${statusLine(res.status)} ${res.body}`);
    let doc: unknown;
    try {
      doc = JSON.parse(res.body);
    } catch (e) {
      throw this.discoveryFailed(iss, undefined, `${url}: invalid JSON: ${errorText(e)}`);
    }
    if (!isRecord(doc) || typeof doc.issuer !== "string" || typeof doc.jwks_uri !== "string") {
      throw this.discoveryFailed(iss, undefined, `${url}: missing "issuer" or "jwks_uri"`);
    }
    if (doc.issuer !== iss) {
      throw this.discoveryFailed(
        iss,
        undefined,
        `unexpected issuer URI \`${doc.issuer}\` (expected \`${iss}\`)`,
      );
    }
    return { issuer: doc.issuer, jwksUri: doc.jwks_uri };
  }

  private async loadOidcKeySet(uri: string, iss: string): Promise<KeySet> {
    let res;
    try {
      res = await httpGetJson(this.fetchImpl, uri, this.timeoutMs);
    } catch (e) {
      throw this.discoveryFailed(iss, undefined, `GET ${uri}: ${errorText(e)}`);
    }
    if (res.status !== 200)
      throw this.discoveryFailed(iss, `${statusLine(res.status)} ${res.body}`);
    const jwks = parseJwks(res.body);
    if (jwks === null) throw this.discoveryFailed(iss, undefined, `${uri}: not a JSON Web Key Set`);
    return keySet(jwks);
  }

  private async verifyOidcSignature(token: string, keys: KeySet): Promise<CompactVerifyResult> {
    try {
      return await compactVerify(token, keys.resolver, { algorithms: OIDC_ALGORITHMS });
    } catch (e) {
      // No `kid` and several usable keys: try each.
      if (e instanceof errors.JWKSMultipleMatchingKeys) {
        for await (const key of e as unknown as AsyncIterable<CryptoKey>) {
          try {
            return await compactVerify(token, key, { algorithms: OIDC_ALGORITHMS });
          } catch {
            // next key
          }
        }
        throw new errors.JWSSignatureVerificationFailed();
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- custom JWT

  private async verifyCustomJwt(token: string, provider: CustomJwtProvider): Promise<UserIdentity> {
    let kid: string | undefined;
    let alg: string | undefined;
    try {
      const header = decodeProtectedHeader(token);
      kid = typeof header.kid === "string" ? header.kid : undefined;
      alg = header.alg;
    } catch {
      // biscuit reports a bad header as a decode failure, below.
    }
    const decodeFail = () => {
      const detailed =
        kid !== undefined
          ? `Could not decode token. The JWT's 'kid' (key ID) header is '${kid}', does this key match any key in the provider's JWKS?`
          : "Could not decode token. JWT may be missing a 'kid' (key ID) header.";
      const redacted =
        kid !== undefined
          ? "Could not decode token. The JWT's 'kid' (key ID) header doesn't match any key in the provider's JWKS, or the JWT signature is invalid."
          : "Could not decode token. The JWT is missing a 'kid' (key ID) header, or the JWT signature is invalid.";
      return fail("InvalidAuthHeader", this.redact ? redacted : detailed);
    };

    const result = await this.verifyWithKeySet(
      token,
      provider.jwks,
      () => loadCustomKeySet(this.fetchImpl, this.timeoutMs, provider.jwks),
      async (keys, t) => {
        if (kid === undefined || alg !== provider.algorithm) throw decodeFail();
        const jwk = keys.jwks.keys.find((k) => k.kid === kid);
        if (jwk === undefined) throw new errors.JWKSNoMatchingKey();
        return compactVerify(t, await importKey(keys, jwk, provider.algorithm), {
          algorithms: [provider.algorithm],
        });
      },
      (detail) => {
        const err = decodeFail();
        return fail(err.code, err.message, detail);
      },
    );
    const claims = decodePayload(result);
    const now = this.nowSec();
    const invalid = (message: string, detail?: string) =>
      fail("InvalidAuthHeader", message, detail);

    if (typeof claims.iss !== "string") throw invalid(AUTH_MESSAGES.missingIssuer);
    if (
      issuerWithProtocol(claims.iss).replace(/\/+$/, "") !== provider.issuer.replace(/\/+$/, "")
    ) {
      throw invalid(`Invalid issuer: ${claims.iss} != ${provider.issuer}`);
    }
    if (provider.applicationID !== undefined) {
      const audiences = audiencesOf(claims.aud);
      if (audiences === null || claims.aud === undefined)
        throw invalid(AUTH_MESSAGES.missingAudience);
      if (!audiences.includes(provider.applicationID)) {
        throw invalid(`Invalid audience: ${provider.applicationID} not in ${debugList(audiences)}`);
      }
    }
    const temporal = (why: string) => invalid(`Could not validate token: ${why}`);
    if (typeof claims.exp === "number" && now > claims.exp + LEEWAY_SEC) {
      throw temporal(`Token expired ${now - claims.exp} seconds ago`);
    }
    if (typeof claims.nbf === "number" && claims.nbf > now + LEEWAY_SEC) {
      throw temporal(`Token will be valid in ${claims.nbf - now} seconds`);
    }
    if (typeof claims.iat === "number" && claims.iat > now + LEEWAY_SEC) {
      throw temporal(`Token will be valid in ${claims.iat - now} seconds`);
    }
    if (typeof claims.sub !== "string")
      throw invalid(AUTH_MESSAGES.customClaims, "Missing subject");
    if (typeof claims.exp !== "number") throw invalid(AUTH_MESSAGES.customClaims, "Missing expiry");
    return identityFromClaims(claims, "customJwt");
  }

  // ---------------------------------------------------------------- shared

  /**
   * Verifies with the cached key set of `uri`; if no key matches, refetches the set (at most once a
   * minute per URL) and tries once more. Errors other than AuthenticationError go through `wrap`.
   */
  private async verifyWithKeySet(
    token: string,
    uri: string,
    load: () => Promise<KeySet>,
    check: (keys: KeySet, token: string) => Promise<CompactVerifyResult>,
    wrap: (detail: string) => AuthenticationError,
  ): Promise<CompactVerifyResult> {
    const describe = (e: unknown) => (e instanceof AuthenticationError ? e : wrap(joseDetail(e)));
    const entry = await this.keySets.get(uri, load);
    try {
      return await check(entry.value, token);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey)) throw describe(e);
      const refreshed = await this.keySets.refresh(uri, load, REFETCH_COOLDOWN_MS);
      if (refreshed === null) throw describe(e);
      try {
        return await check(refreshed.value, token);
      } catch (e2) {
        throw describe(e2);
      }
    }
  }
}

function joseDetail(e: unknown): string {
  if (e instanceof errors.JWKSNoMatchingKey)
    return "no key in the JWKS matches the token's 'kid' and algorithm";
  if (e instanceof errors.JOSEAlgNotAllowed) return "signing algorithm not allowed";
  if (e instanceof errors.JOSENotSupported) return `unsupported: ${e.message}`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return "signature verification failed";
  return errorText(e);
}
