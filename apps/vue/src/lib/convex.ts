// The deployment this build talks to (vite.config.ts provides the default), and the texts the
// user sees for errors: always the domain's `errorMessage` (APP_SPEC "Strings": apps never
// write their own text for an error code).
import { roomsErrorOf } from "@rooms/client";
import { checkLength, errorMessage, lengthRules, type LengthKind } from "@rooms/domain";

export const CONVEX_URL: string = import.meta.env.PUBLIC_CONVEX_URL;

/** A Rooms error's message, or `fallback` for network failures and bugs. */
export function messageOf(
  error: unknown,
  fallback = "Something went wrong. Please try again.",
): string {
  return roomsErrorOf(error)?.message ?? fallback;
}

/** The message the server would give for `text` as a `kind`, or null when it is fine. */
export function lengthError(kind: LengthKind, text: string): string | null {
  const code = checkLength(kind, text);
  return code === null ? null : errorMessage(code, { field: kind, limit: lengthRules[kind].max });
}
