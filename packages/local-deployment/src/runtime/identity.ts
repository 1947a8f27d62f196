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
