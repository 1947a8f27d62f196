// Error codes the backend throws (as `new ConvexError(roomsError(code, extra))`) and the apps
// show. The code is the contract and never changes meaning; `message` is the user-facing text,
// produced here so both apps say the same thing.

export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  NOT_A_MEMBER: "NOT_A_MEMBER",
  ROOM_NOT_FOUND: "ROOM_NOT_FOUND",
  ROOM_FULL: "ROOM_FULL",
  INVALID_INVITE_CODE: "INVALID_INVITE_CODE",
  NOT_OWNER: "NOT_OWNER",
  DOCUMENT_NOT_FOUND: "DOCUMENT_NOT_FOUND",
  DOCUMENT_LOCKED: "DOCUMENT_LOCKED",
  /** An operation's base revision is older than the server keeps history for, or in the future. */
  STALE_REVISION: "STALE_REVISION",
  INVALID_OPERATION: "INVALID_OPERATION",
  MESSAGE_NOT_FOUND: "MESSAGE_NOT_FOUND",
  NOT_AUTHOR: "NOT_AUTHOR",
  TOO_LONG: "TOO_LONG",
  EMPTY: "EMPTY",
  RATE_LIMITED: "RATE_LIMITED",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const codes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

/** Which input an error is about (TOO_LONG, EMPTY, INVALID_ARGUMENT). */
export type ErrorField =
  | "message"
  | "roomName"
  | "roomDescription"
  | "document"
  | "documentTitle"
  | "displayName"
  | "maxParticipants"
  | "inviteCode"
  | "file"
  | "shape"
  | "shapeText"
  | "boardPresence";

const fieldLabels: Record<ErrorField, string> = {
  message: "Message",
  roomName: "Room name",
  roomDescription: "Room description",
  document: "Document",
  documentTitle: "Document title",
  displayName: "Display name",
  maxParticipants: "Participant limit",
  inviteCode: "Invite code",
  file: "File",
  shape: "Shape",
  shapeText: "Text",
  boardPresence: "Board presence",
};

/**
 * Optional details next to a code. All values are plain JSON, so the whole object is a valid
 * Convex `Value` for `ConvexError`.
 */
export type RoomsErrorExtra = {
  field?: ErrorField;
  /** TOO_LONG: the maximum length; RATE_LIMITED: allowed actions per window; ROOM_FULL: capacity. */
  limit?: number;
  /** RATE_LIMITED: how long until the next attempt can succeed. */
  retryAfterMs?: number;
  /** DOCUMENT_LOCKED: display name of the user holding the lock. */
  lockedBy?: string;
  /** INVALID_OPERATION, INVALID_ARGUMENT: a developer-facing detail, not shown as the message. */
  detail?: string;
};

export type RoomsErrorData = { code: ErrorCode; message: string } & RoomsErrorExtra;

/** The user-facing text for a code (English, one sentence, ends with a period). */
export function errorMessage(code: ErrorCode, extra: RoomsErrorExtra = {}): string {
  const label = extra.field ? fieldLabels[extra.field] : undefined;
  switch (code) {
    case ErrorCode.UNAUTHENTICATED:
      return "Please sign in to continue.";
    case ErrorCode.NOT_A_MEMBER:
      return "You are not a member of this room.";
    case ErrorCode.ROOM_NOT_FOUND:
      return "This room does not exist or was deleted.";
    case ErrorCode.ROOM_FULL:
      return extra.limit !== undefined
        ? `This room is full (${extra.limit} participants).`
        : "This room is full.";
    case ErrorCode.INVALID_INVITE_CODE:
      return "That invite code is not valid.";
    case ErrorCode.NOT_OWNER:
      return "Only the room owner can do that.";
    case ErrorCode.DOCUMENT_NOT_FOUND:
      return "This document does not exist or was deleted.";
    case ErrorCode.DOCUMENT_LOCKED:
      return extra.lockedBy
        ? `This document is locked by ${extra.lockedBy}.`
        : "This document is locked by someone else.";
    case ErrorCode.STALE_REVISION:
      return "This document changed too much while you were away. Reload it to continue.";
    case ErrorCode.INVALID_OPERATION:
      return "That edit could not be applied.";
    case ErrorCode.MESSAGE_NOT_FOUND:
      return "This message no longer exists.";
    case ErrorCode.NOT_AUTHOR:
      return "You can only change your own messages.";
    case ErrorCode.TOO_LONG:
      return `${label ?? "Text"} is too long${
        extra.limit !== undefined ? ` (at most ${extra.limit} characters)` : ""
      }.`;
    case ErrorCode.EMPTY:
      return `${label ?? "Text"} cannot be empty.`;
    case ErrorCode.RATE_LIMITED:
      return extra.retryAfterMs !== undefined
        ? `You are doing that too often. Try again in ${Math.max(1, Math.ceil(extra.retryAfterMs / 1000))} s.`
        : "You are doing that too often. Try again in a moment.";
    case ErrorCode.INVALID_ARGUMENT:
      return label ? `${label} is not valid.` : "That input is not valid.";
    default: {
      code satisfies never;
      return "Something went wrong.";
    }
  }
}

/** The data to throw: `throw new ConvexError(roomsError(ErrorCode.ROOM_FULL, { limit: 10 }))`. */
export function roomsError(code: ErrorCode, extra: RoomsErrorExtra = {}): RoomsErrorData {
  return { ...extra, code, message: errorMessage(code, extra) };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && codes.has(value);
}

/** True for `{ code, message }` with a known code, e.g. a caught `ConvexError`'s `data`. */
export function isRoomsErrorData(value: unknown): value is RoomsErrorData {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return isErrorCode(record.code) && typeof record.message === "string";
}
