import { describe, expect, it } from "vitest";
import { ErrorCode, errorMessage, isErrorCode, isRoomsErrorData, roomsError } from "./errors";

describe("errors", () => {
  it("has a code equal to its name for every entry", () => {
    for (const [name, code] of Object.entries(ErrorCode)) expect(code).toBe(name);
  });

  it("gives every code a sentence", () => {
    for (const code of Object.values(ErrorCode)) {
      expect(errorMessage(code)).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("puts the details into the message", () => {
    expect(errorMessage(ErrorCode.TOO_LONG, { field: "message", limit: 4000 })).toBe(
      "Message is too long (at most 4000 characters).",
    );
    expect(errorMessage(ErrorCode.EMPTY, { field: "roomName" })).toBe("Room name cannot be empty.");
    expect(errorMessage(ErrorCode.ROOM_FULL, { limit: 2 })).toBe(
      "This room is full (2 participants).",
    );
    expect(errorMessage(ErrorCode.DOCUMENT_LOCKED, { lockedBy: "Ada" })).toBe(
      "This document is locked by Ada.",
    );
    expect(errorMessage(ErrorCode.RATE_LIMITED, { retryAfterMs: 1200 })).toBe(
      "You are doing that too often. Try again in 2 s.",
    );
    expect(errorMessage(ErrorCode.RATE_LIMITED, { retryAfterMs: 10 })).toBe(
      "You are doing that too often. Try again in 1 s.",
    );
  });

  it("builds error data with code, message and details", () => {
    expect(roomsError(ErrorCode.ROOM_FULL, { limit: 3 })).toEqual({
      code: "ROOM_FULL",
      message: "This room is full (3 participants).",
      limit: 3,
    });
  });

  it("recognises error data", () => {
    expect(isRoomsErrorData(roomsError(ErrorCode.EMPTY))).toBe(true);
    expect(isRoomsErrorData({ code: "NOPE", message: "x" })).toBe(false);
    expect(isRoomsErrorData({ code: "EMPTY" })).toBe(false);
    expect(isRoomsErrorData("EMPTY")).toBe(false);
    expect(isRoomsErrorData(null)).toBe(false);
    expect(isErrorCode("NOT_OWNER")).toBe(true);
    expect(isErrorCode("toString")).toBe(false);
  });
});
