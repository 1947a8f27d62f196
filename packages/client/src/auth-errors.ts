// What a failed sign-in, sign-up or session looks like to the apps (AuthError: a code and the
// text to show), and reading a Convex Auth token's claims. Convex Auth (@convex-dev/auth 0.0.95)
// throws plain Errors named after the failure (InvalidSecret, TooManyFailedAttempts…); convex/auth.ts
// adds ConvexError("AccountExists") and RoomsError rate limits.
import { ErrorCode } from "@rooms/domain";
import { roomsErrorOf } from "./convex";

export type AuthErrorCode =
  | "invalidCredentials"
  | "accountExists"
  | "weakPassword"
  | "tooManyAttempts"
  | "invalidInput"
  | "sessionExpired"
  | "network"
  | "unknown";

/** A failed sign-in, sign-up or session: `message` is the text to show. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

/** The claims of a JWT, without verifying it (the server does), or null if malformed. */
export function decodeJwt(token: string): Record<string, unknown> | null {
  const payload = token.split(".")[1];
  if (payload === undefined) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Convex Auth's subject is "<userId>|<authSessionId>". */
export function userIdOf(token: string): string {
  const sub = decodeJwt(token)?.sub;
  return typeof sub === "string" ? (sub.split("|")[0] ?? sub) : "";
}

/** The message to show for a failed `auth:signIn` (the library throws plain Errors by name). */
export function authErrorOf(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const rooms = roomsErrorOf(error);
  if (rooms !== null)
    return new AuthError(
      rooms.code === ErrorCode.RATE_LIMITED ? "tooManyAttempts" : "invalidInput",
      rooms.message,
    );
  const text = error instanceof Error ? error.message : String(error);
  // convex/auth.ts refuses a sign-up with a taken email as ConvexError("AccountExists"): its
  // `data` reaches the client even where the server hides error messages ("Server Error").
  const data = (error as { data?: unknown } | null)?.data;
  if (data === "AccountExists" || /Account .* already exists/.test(text)) {
    return new AuthError(
      "accountExists",
      "An account with this email already exists. Sign in instead.",
    );
  }
  if (/InvalidSecret|InvalidAccountId|Invalid credentials/.test(text)) {
    return new AuthError("invalidCredentials", "Wrong email or password.");
  }
  if (/TooManyFailedAttempts/.test(text)) {
    return new AuthError("tooManyAttempts", "Too many failed attempts. Try again later.");
  }
  if (/Invalid password/.test(text)) {
    return new AuthError("weakPassword", "The password must be at least 8 characters long.");
  }
  if (error instanceof TypeError || /Connection lost|fetch failed/i.test(text)) {
    return new AuthError(
      "network",
      "Could not reach the server. Check your connection and try again.",
    );
  }
  return new AuthError("unknown", "Something went wrong while signing in. Please try again.");
}
