/**
 * `convex/auth.config.ts` parsing: the `{providers: [...]}` default export, validated the way the
 * official backend deserializes it (convex-backend crates/common/src/auth.rs SerializedAuthInfo,
 * deserialize_issuer_url, AuthInfo::matches_token).
 */
import { AuthConfigError } from "./errors.js";

/** An OIDC provider: discovery at `<iss>/.well-known/openid-configuration`. */
export interface OidcProvider {
  type: "oidc";
  /** Normalized: `https://` added when the config gave no scheme. */
  domain: string;
  applicationID: string;
}

/** A custom JWT provider (`type: "customJwt"`): keys from `jwks` (URL or `data:` URL). */
export interface CustomJwtProvider {
  type: "customJwt";
  /** Normalized: `https://` added when the config gave no scheme. */
  issuer: string;
  jwks: string;
  algorithm: "RS256" | "ES256";
  applicationID?: string;
}

export type AuthProvider = OidcProvider | CustomJwtProvider;

const PROTOCOL = /^\w+:\/\//;

function looksLikeTld(host: string): boolean {
  if (host === "localhost") return true;
  const dot = host.lastIndexOf(".");
  if (dot < 0) return false;
  // The official check uses a TLD list; this approximates it by shape.
  return /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i.test(host.slice(dot + 1));
}

/**
 * The official issuer-URL normalization: add `https://` when there is no scheme; `http://` is
 * allowed (local providers), any other scheme is rejected; a scheme-less value must look like a
 * host name. Returns the (possibly prefixed) string unchanged otherwise.
 */
export function normalizeProviderUrl(original: string): string {
  const hadScheme = PROTOCOL.test(original);
  const url = hadScheme ? original : `https://${original}`;
  const invalid = (why: string) =>
    new AuthConfigError(`Invalid provider domain URL "${original}": ${why}`);
  if (!url.startsWith("http://") && !url.startsWith("https://")) throw invalid("must use HTTPS");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e));
  }
  if (!hadScheme && !looksLikeTld(parsed.hostname)) {
    throw invalid("Does not look like a URL (must have a scheme or end with a top-level domain)");
  }
  return url;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function parseProvider(entry: unknown, where: string): AuthProvider {
  const fail = (why: string) => new AuthConfigError(`Invalid auth config: ${where}: ${why}`);
  if (!isRecord(entry)) throw fail(`expected an object, got ${describe(entry)}`);
  const requireString = (field: string, kind: string): string => {
    const v = entry[field];
    if (typeof v !== "string")
      throw fail(`${kind} provider needs a string "${field}", got ${describe(v)}`);
    return v;
  };
  const url = (field: string, kind: string): string => {
    try {
      return normalizeProviderUrl(requireString(field, kind));
    } catch (e) {
      if (e instanceof AuthConfigError && !e.message.startsWith("Invalid auth config"))
        throw fail(e.message);
      throw e;
    }
  };

  if (entry.type === "customJwt") {
    const issuer = url("issuer", "customJwt");
    const jwks = requireString("jwks", "customJwt");
    const algorithm = entry.algorithm;
    if (algorithm !== "RS256" && algorithm !== "ES256") {
      throw fail(
        `Invalid signature algorithm (only RS256 and ES256 are supported): ${typeof algorithm === "string" ? algorithm : describe(algorithm)}`,
      );
    }
    const appId = entry.applicationID;
    if (appId !== undefined && appId !== null && typeof appId !== "string") {
      throw fail(`"applicationID" must be a string when set, got ${describe(appId)}`);
    }
    const provider: CustomJwtProvider = { type: "customJwt", issuer, jwks, algorithm };
    if (typeof appId === "string") provider.applicationID = appId;
    return provider;
  }

  // Like the official untagged fallback, anything that is not `customJwt` is read as OIDC.
  if (entry.type !== undefined && typeof entry.domain !== "string") {
    throw fail(
      `unknown provider type ${describe(entry.type)} (expected "customJwt", or an OIDC provider without "type")`,
    );
  }
  const domain = url("domain", "OIDC");
  const applicationID = requireString("applicationID", "OIDC");
  return { type: "oidc", domain, applicationID };
}

/** Validates the default export of `convex/auth.config.ts`. Throws `AuthConfigError`. */
export function parseAuthConfig(config: unknown): AuthProvider[] {
  if (!isRecord(config))
    throw new AuthConfigError(
      `Invalid auth config: expected an object with "providers", got ${describe(config)}`,
    );
  const providers = config.providers;
  if (providers === undefined) return [];
  if (!Array.isArray(providers)) {
    throw new AuthConfigError(
      `Invalid auth config: "providers" must be an array, got ${describe(providers)}`,
    );
  }
  return providers.map((p, i) => parseProvider(p, `providers[${i}]`));
}

/** The issuer a provider accepts: OIDC `domain` or customJwt `issuer`. */
export function providerIssuer(p: AuthProvider): string {
  return p.type === "oidc" ? p.domain : p.issuer;
}

function trimSlashes(s: string): string {
  return s.replace(/\/+$/, "");
}

/** A token `iss` with `https://` added when it has neither `https://` nor `http://`. */
export function issuerWithProtocol(iss: string): string {
  return iss.startsWith("https://") || iss.startsWith("http://") ? iss : `https://${iss}`;
}

/**
 * AuthInfo::matches_token: the provider's applicationID (if any) is among the audiences, and its
 * issuer equals the token `iss` (protocol added), both with trailing `/` trimmed.
 */
export function providerMatches(
  p: AuthProvider,
  audiences: readonly string[],
  iss: string,
): boolean {
  if (p.applicationID !== undefined && !audiences.includes(p.applicationID)) return false;
  return trimSlashes(providerIssuer(p)) === trimSlashes(issuerWithProtocol(iss));
}

/** The official non-redacted NoAuthProvider message (lib.rs enhance_no_provider_error). */
export function noProviderMessage(providers: readonly AuthProvider[], redact: boolean): string {
  if (redact) return "No auth provider found matching the given token";
  if (providers.length === 0) {
    return "No auth provider found matching the given token (no providers configured). Check convex/auth.config.ts.";
  }
  const list = providers
    .map((p) =>
      p.type === "oidc"
        ? `OIDC(domain=${p.domain}, app_id=${p.applicationID})`
        : `CustomJWT(issuer=${p.issuer}, app_id=${p.applicationID ?? "none"})`,
    )
    .join(", ");
  return `No auth provider found matching the given token. Check that your JWT's issuer and audience match one of your configured providers: [${list}]`;
}
