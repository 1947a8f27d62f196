// Limits shared by the backend (which enforces them) and the apps (which show them before the
// server has to refuse). Lengths are UTF-16 code units, the unit of `String.prototype.length` and
// of a textarea's `maxlength`; times are milliseconds.

import { ErrorCode, errorMessage } from "./errors";

export const MESSAGE_MAX_LENGTH = 4000;
export const ROOM_NAME_MAX_LENGTH = 80;
export const ROOM_DESCRIPTION_MAX_LENGTH = 500;
export const DOCUMENT_MAX_LENGTH = 500_000;
export const DOCUMENT_TITLE_MAX_LENGTH = 120;
export const DISPLAY_NAME_MAX_LENGTH = 40;

/** Largest file a message may carry, in bytes (as stored; checked again by `messages.sendFile`). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Messages per page of the chat list (the first page and each "Load older"). */
export const MESSAGES_PAGE_SIZE = 30;
/** Chat search waits this long after the last keystroke before it queries (APP_SPEC "chat-list"). */
export const SEARCH_DEBOUNCE_MS = 250;

/** Smallest participant limit a room can be created with (the owner and one more). */
export const MAX_PARTICIPANTS_MIN = 2;
/** Largest participant limit, and the capacity of a room created without one. */
export const MAX_PARTICIPANTS_MAX = 100;

/** Rate limits, each over a sliding window of RATE_WINDOW_MS. */
export const RATE_WINDOW_MS = 1000;
/**
 * Pointer and caret updates, per session: each at CURSOR_THROTTLE_MS (10 Hz), with room to catch
 * up after a slow acknowledgement.
 */
export const CURSOR_UPDATES_PER_SECOND = 30;
/** Messages sent, per user. */
export const MESSAGES_PER_SECOND = 5;
/** Typing-indicator updates, per user. */
export const TYPING_UPDATES_PER_SECOND = 5;
/**
 * Guest (anonymous) accounts created, per deployment: a function sees no client address, so this
 * caps a scripted flood of accounts for everyone rather than per client.
 */
export const GUEST_SIGN_UPS_PER_SECOND = 20;

/** How often a connected client sends a presence heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/**
 * Each heartbeat pushes the session's disconnect deadline to `now + PRESENCE_TIMEOUT_MS`; a
 * sweeper marks sessions past their deadline offline. Three missed heartbeats, so one slow
 * network round trip does not flicker a user offline.
 */
export const PRESENCE_TIMEOUT_MS = 30_000;
/**
 * A remote cursor whose session sent neither a move nor a heartbeat for this long is hidden (a
 * crashed tab's cursor does not stay frozen until the presence timeout): one and a half
 * heartbeat intervals, half of PRESENCE_TIMEOUT_MS. Measured on the viewer's clock from when it
 * last saw the session's `aliveAt` change, so clock skew does not matter.
 */
export const CURSOR_STALE_MS = 15_000;
/** A user with no input for this long shows as away. */
export const AWAY_AFTER_MS = 60_000;
/** A typing entry not refreshed for this long no longer shows. */
export const TYPING_EXPIRY_MS = 4000;
/**
 * The slots a client sends a session's pointer (and caret, board) updates in: one per
 * CURSOR_THROTTLE_MS, 10 per second, under the limit.
 */
export const CURSOR_THROTTLE_MS = 100;
/**
 * How early a cursor update may go out before its slot (ms). A move that arrives just before its
 * slot goes at once, in that slot, instead of on a timer that a busy page runs late. Slots stay
 * CURSOR_THROTTLE_MS apart, so the rate is unchanged (client cursor-sender.ts).
 */
export const CURSOR_EARLY_MS = CURSOR_THROTTLE_MS / 10;
/** The server stores a full-text snapshot every this many document operations. */
export const SNAPSHOT_EVERY_OPERATIONS = 50;

/** The texts `checkLength` knows, with their maximum lengths and whether they may be empty. */
export const lengthRules = {
  message: { max: MESSAGE_MAX_LENGTH, allowEmpty: false },
  roomName: { max: ROOM_NAME_MAX_LENGTH, allowEmpty: false },
  roomDescription: { max: ROOM_DESCRIPTION_MAX_LENGTH, allowEmpty: true },
  document: { max: DOCUMENT_MAX_LENGTH, allowEmpty: true },
  documentTitle: { max: DOCUMENT_TITLE_MAX_LENGTH, allowEmpty: false },
  displayName: { max: DISPLAY_NAME_MAX_LENGTH, allowEmpty: false },
} as const satisfies Record<string, { max: number; allowEmpty: boolean }>;

export type LengthKind = keyof typeof lengthRules;

/**
 * `ErrorCode.EMPTY` if `text` is blank (only whitespace) for a kind that must not be, else
 * `ErrorCode.TOO_LONG` if it exceeds the kind's maximum, else null. The length is of the text as
 * given; callers that store trimmed text should pass it trimmed. Pass `{ field: kind, limit:
 * lengthRules[kind].max }` to `roomsError` for the message.
 */
export function checkLength(
  kind: LengthKind,
  text: string,
): typeof ErrorCode.EMPTY | typeof ErrorCode.TOO_LONG | null {
  const rule = lengthRules[kind];
  if (!rule.allowEmpty && text.trim() === "") return ErrorCode.EMPTY;
  if (text.length > rule.max) return ErrorCode.TOO_LONG;
  return null;
}

/**
 * The message the server would give for `text` as a `kind` (`errorMessage` of `checkLength`'s
 * code), or null when it is fine. What the apps show before a call the server would refuse.
 */
export function lengthErrorMessage(kind: LengthKind, text: string): string | null {
  const code = checkLength(kind, text);
  return code === null ? null : errorMessage(code, { field: kind, limit: lengthRules[kind].max });
}

/** `ErrorCode.INVALID_ARGUMENT` unless `n` is an integer in [MAX_PARTICIPANTS_MIN, MAX_PARTICIPANTS_MAX]. */
export function checkMaxParticipants(n: number): typeof ErrorCode.INVALID_ARGUMENT | null {
  return Number.isInteger(n) && n >= MAX_PARTICIPANTS_MIN && n <= MAX_PARTICIPANTS_MAX
    ? null
    : ErrorCode.INVALID_ARGUMENT;
}

/**
 * Sliding-log rate-limit state: the times of the allowed actions still inside the window, oldest
 * first. Small (at most `limit` numbers) and plain, so the backend can store it in a document.
 */
export type RateLimitState = { hits: number[] };

export type RateLimitResult = {
  allowed: boolean;
  /** The state to persist, whether or not the action was allowed. */
  state: RateLimitState;
  /** 0 when allowed; otherwise how long until the oldest hit leaves the window. */
  retryAfterMs: number;
};

/**
 * Allows at most `limit` actions in any window of `windowMs` ending at `now`. Pass the stored
 * state (or null the first time) and persist the returned one. A refused action is not recorded,
 * so a client retrying too fast is not locked out for longer. Pure: no clock, no storage.
 */
export function rateLimit(
  state: RateLimitState | null | undefined,
  now: number,
  limit: number,
  windowMs: number,
): RateLimitResult {
  const hits = (state?.hits ?? []).filter((at) => at > now - windowMs && at <= now);
  if (hits.length >= limit) {
    const oldest = hits[hits.length - limit] ?? now;
    return { allowed: false, state: { hits }, retryAfterMs: Math.max(1, oldest + windowMs - now) };
  }
  hits.push(now);
  return { allowed: true, state: { hits: hits.slice(-Math.max(limit, 1)) }, retryAfterMs: 0 };
}
