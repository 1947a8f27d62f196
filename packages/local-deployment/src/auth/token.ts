/** Unverified JWT decoding and small formatting helpers shared by the verifier. */
import type { CompactVerifyResult } from "jose";
import { AUTH_MESSAGES, AuthenticationError } from "./errors.js";

export type Claims = Record<string, unknown>;

export function fail(code: string, message: string, detail?: string): AuthenticationError {
  return new AuthenticationError(code, message, detail);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error("not base64url");
  return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
}

/** The payload of a compact JWT, without verifying anything; null if it is not one. */
export function unverifiedPayload(token: string): Claims | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const payload = decodeSegment(parts[1] ?? "");
    return isRecord(payload) ? payload : null;
  } catch {
    return null;
  }
}

export function audiencesOf(aud: unknown): string[] | null {
  if (aud === undefined) return [];
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud) && aud.every((a) => typeof a === "string")) return aud as string[];
  return null;
}

/** Registered claims with the wrong JSON type make the payload unparseable upstream. */
export function registeredClaimsWellTyped(p: Claims): boolean {
  const optString = (v: unknown) => v === undefined || typeof v === "string";
  const optNumber = (v: unknown) =>
    v === undefined || (typeof v === "number" && Number.isFinite(v));
  return (
    optString(p.iss) &&
    optString(p.sub) &&
    optString(p.jti) &&
    audiencesOf(p.aud) !== null &&
    optNumber(p.exp) &&
    optNumber(p.nbf) &&
    optNumber(p.iat)
  );
}

/** chrono's DateTime<Utc> display: `2024-01-01 00:00:00 UTC`. */
export function utc(seconds: number): string {
  return `${new Date(seconds * 1000)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "")} UTC`;
}

/** Rust `{:?}` of a Vec<&str>: `["a", "b"]`. */
export function debugList(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(", ")}]`;
}

export function decodePayload(result: CompactVerifyResult): Claims {
  const parsed: unknown = JSON.parse(new TextDecoder().decode(result.payload));
  if (!isRecord(parsed)) throw new Error("payload is not a JSON object");
  return parsed;
}

/** `exp` of a JWT in seconds (no verification), or null; for re-checking open sessions. */
export function tokenExpiry(token: string): number | null {
  const exp = unverifiedPayload(token)?.exp;
  return typeof exp === "number" && Number.isFinite(exp) ? exp : null;
}

/**
 * The token of an `Authorization` header (`Bearer <t>`, case-insensitive, trimmed), null when
 * there is no header; throws AuthenticationError for any other scheme (lib.rs extract_bearer_token).
 */
export function extractBearerToken(header: string | null | undefined): string | null {
  if (header === undefined || header === null) return null;
  if (header.length <= 7 || header.slice(0, 7).toLowerCase() !== "bearer ") {
    throw fail("InvalidAuthHeader", AUTH_MESSAGES.missingBearer);
  }
  return header.slice(7).trim();
}
