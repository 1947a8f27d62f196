/**
 * The identity a function sees through `ctx.auth.getUserIdentity()`: Convex's UserIdentity JSON,
 * `tokenIdentifier = "<iss>|<sub>"` plus standard and custom claims
 * (source: convex-backend crates/convex/sync_types/src/types/json.rs UserIdentityAttributesJson).
 * Token validation arrives with auth support; until then only admin callers and anonymous
 * callers exist.
 */
export interface UserIdentity {
  tokenIdentifier: string;
  issuer: string;
  subject: string;
  [claim: string]: unknown;
}

/**
 * An identity an admin acts as (`Authorization: Convex <key>:<base64 JSON>`, or `impersonating`
 * in a sync Authenticate): Convex fills `tokenIdentifier` as `"<issuer>|<subject>"` when the
 * attributes leave it out (source: convex-backend crates/keybroker/src/broker.rs,
 * UserIdentity::from_acting_user). Null for anything that is not an object.
 */
export function impersonatedIdentity(attributes: unknown): UserIdentity | null {
  if (attributes === null || typeof attributes !== "object" || Array.isArray(attributes))
    return null;
  const identity = attributes as Record<string, unknown>;
  const issuer = typeof identity.issuer === "string" ? identity.issuer : "";
  const subject = typeof identity.subject === "string" ? identity.subject : "";
  return {
    ...identity,
    issuer,
    subject,
    tokenIdentifier:
      typeof identity.tokenIdentifier === "string"
        ? identity.tokenIdentifier
        : `${issuer}|${subject}`,
  };
}
