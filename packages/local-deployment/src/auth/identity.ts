/**
 * JWT claims → Convex `UserIdentity` JSON, as the official backend builds it
 * (convex-backend crates/keybroker/src/broker.rs UserIdentity::from_token / from_custom_jwt /
 * extract_custom_jwt_claims, serialized by crates/convex/sync_types/src/types/json.rs
 * UserIdentityAttributesJson):
 * - `tokenIdentifier = "<iss>|<sub>"`, `issuer`, `subject`;
 * - OIDC tokens: the standard claims mapped to camelCase attributes; every other claim is a custom
 *   claim, except the claims the OIDC library consumes itself (aud, iat, auth_time, nonce, acr, amr,
 *   azp, at_hash, c_hash), the standard names, and `jti`/`nbf`/`fva` (Clerk's session claims);
 * - custom JWTs: no standard mapping; every claim that is not a registered JWT claim
 *   (iss, sub, aud, exp, nbf, iat, jti) is a custom claim;
 * - custom claims are flattened: nested objects become dotted keys (`{"org":{"id":1}}` → `"org.id": 1`),
 *   and appear at the top level after the standard attributes, sorted by key (a BTreeMap upstream).
 *
 * The official OIDC library rejects a token whose standard claims have the wrong JSON type; here
 * such claims are dropped instead (the signature and the registered claims are still enforced by
 * the verifier).
 */
import type { UserIdentity } from "../runtime/identity.js";
import { AuthenticationError } from "./errors.js";

export type TokenKind = "oidc" | "customJwt";

const STRING_CLAIMS: ReadonlyArray<readonly [claim: string, attribute: string]> = [
  ["name", "name"],
  ["given_name", "givenName"],
  ["family_name", "familyName"],
  ["nickname", "nickname"],
  ["preferred_username", "preferredUsername"],
  ["profile", "profileUrl"],
  ["picture", "pictureUrl"],
  ["website", "websiteUrl"],
  ["email", "email"],
];
const STRING_CLAIMS_2: ReadonlyArray<readonly [claim: string, attribute: string]> = [
  ["gender", "gender"],
  ["birthdate", "birthday"],
  ["zoneinfo", "timezone"],
  ["locale", "language"],
  ["phone_number", "phoneNumber"],
];

/** Claim names that never become OIDC custom claims. */
const OIDC_NOT_CUSTOM = new Set([
  // Standard claims (mapped above) and the ones the backend filters explicitly.
  "sub",
  "iss",
  "exp",
  "name",
  "given_name",
  "family_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "email",
  "email_verified",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "phone_number",
  "phone_number_verified",
  "address",
  "updated_at",
  "jti",
  "nbf",
  "fva",
  // Fields of the OIDC ID-token claims struct itself, never seen as additional claims.
  "aud",
  "iat",
  "auth_time",
  "nonce",
  "acr",
  "amr",
  "azp",
  "at_hash",
  "c_hash",
]);

/** Registered JWT claims (RFC 7519 §4.1), never custom claims of a custom JWT. */
const REGISTERED = new Set(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function flattenInto(out: Map<string, unknown>, prefix: string, value: unknown): void {
  if (!isPlainObject(value)) {
    out.set(prefix, value);
    return;
  }
  for (const [key, inner] of Object.entries(value)) flattenInto(out, `${prefix}.${key}`, inner);
}

function asBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** chrono's `to_rfc3339()` for a Unix time in seconds: `2023-11-14T22:13:20+00:00`. */
export function rfc3339(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const d = new Date(ms);
  const frac = ((ms % 1000) + 1000) % 1000;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${frac === 0 ? "" : `.${pad(frac, 3)}`}+00:00`
  );
}

/** Builds the identity a function sees from already-verified claims. */
export function identityFromClaims(claims: Record<string, unknown>, kind: TokenKind): UserIdentity {
  const iss = claims.iss;
  const sub = claims.sub;
  if (typeof iss !== "string") throw new AuthenticationError("InvalidAuthHeader", "Missing issuer");
  if (typeof sub !== "string")
    throw new AuthenticationError("InvalidAuthHeader", "Missing subject");
  const identity: UserIdentity = { tokenIdentifier: `${iss}|${sub}`, issuer: iss, subject: sub };

  if (kind === "oidc") {
    for (const [claim, attribute] of STRING_CLAIMS) {
      const v = claims[claim];
      if (typeof v === "string") identity[attribute] = v;
    }
    const emailVerified = asBool(claims.email_verified);
    if (emailVerified !== undefined) identity.emailVerified = emailVerified;
    for (const [claim, attribute] of STRING_CLAIMS_2) {
      const v = claims[claim];
      if (typeof v === "string") identity[attribute] = v;
    }
    const phoneVerified = asBool(claims.phone_number_verified);
    if (phoneVerified !== undefined) identity.phoneNumberVerified = phoneVerified;
    const address = claims.address;
    if (isPlainObject(address) && typeof address.formatted === "string")
      identity.address = address.formatted;
    else if (typeof address === "string") identity.address = address;
    const updatedAt = claims.updated_at;
    if (typeof updatedAt === "number" && Number.isFinite(updatedAt))
      identity.updatedAt = rfc3339(updatedAt);
  }

  const skip = kind === "oidc" ? OIDC_NOT_CUSTOM : REGISTERED;
  const custom = new Map<string, unknown>();
  for (const [key, value] of Object.entries(claims))
    if (!skip.has(key)) flattenInto(custom, key, value);
  for (const key of [...custom.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    // A custom claim never shadows tokenIdentifier/issuer/subject or a mapped attribute.
    if (Object.hasOwn(identity, key)) continue;
    // defineProperty, not assignment: a claim named "__proto__" must stay a plain key.
    Object.defineProperty(identity, key, {
      value: custom.get(key),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return identity;
}
