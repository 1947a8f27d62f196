/**
 * The error every token-validation failure becomes. `message` is what the client is shown (the
 * `error` of a WS `AuthError`, the body of an HTTP 401); the wording follows the official backend
 * (convex-backend crates/authentication/src/lib.rs validate_id_token / fetch_jwks). `code` is the
 * official short code (`InvalidAuthHeader`, `NoAuthProvider`, `Unauthenticated`,
 * `AuthProviderDiscoveryFailed`). `detail` carries the underlying cause when the official message
 * hides it (e.g. every OIDC verification failure shares one message): log it, don't send it.
 */
export class AuthenticationError extends Error {
  readonly code: string;
  readonly detail: string | undefined;

  constructor(code: string, message: string, detail?: string) {
    super(message);
    this.name = "AuthenticationError";
    this.code = code;
    this.detail = detail;
  }
}

/** Thrown by `parseAuthConfig` for a malformed `auth.config.ts` export. */
export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthConfigError";
  }
}

/** Official client-facing messages (crates/authentication/src/lib.rs). */
export const AUTH_MESSAGES = {
  invalidJwt:
    "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.",
  missingIssuer:
    "Missing issuer claim ('iss') in JWT payload. The JWT must include an 'iss' claim that matches one of your configured auth providers.",
  oidcParse: "Could not parse as OIDC ID token. Token might not be an OIDC-compliant JWT.",
  oidcVerify:
    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.",
  missingAudience:
    "Missing audience claim ('aud') in JWT payload. The JWT must include an 'aud' claim that matches your configured application ID.",
  customClaims:
    "Could not verify token claim. Check that the JWT contains valid claims and matches your auth provider configuration.",
  invalidDataUrl:
    "Invalid JWKS data URL. Check that the data URL is properly formatted and contains valid base64-encoded JSON.",
  missingBearer: "Header must begin with `bearer `",
} as const;
