// What the models need from Convex: a few methods of `ConvexClient` (convex@1.48,
// browser/simple_client.ts), named so each model asks only for what it uses and tests can pass a
// small fake, and the one way to read a Rooms error out of whatever a call rejected with.
import { isRoomsErrorData, type RoomsErrorData } from "@rooms/domain";
import type { ConvexClient } from "convex/browser";
import { ConvexError } from "convex/values";

/** Subscriptions and mutations: what presence and document sessions use. */
export type ClientForData = Pick<
  ConvexClient,
  "onUpdate" | "mutation" | "query" | "connectionState" | "subscribeToConnectionState"
>;

/** Query observers and the models over them (chat, lobby, room, documents, profile). */
export type ClientForQueries = Pick<
  ConvexClient,
  "onUpdate" | "onPaginatedUpdate_experimental" | "mutation"
>;

/** Connection state only. */
export type ClientForConnection = Pick<
  ConvexClient,
  "connectionState" | "subscribeToConnectionState"
>;

/**
 * Auth: `action` for `auth:signIn` / `auth:signOut`, `setAuth` to hand the client a token
 * fetcher, the connection state (a sign-in cut off fails instead of waiting), and from the underlying BaseConvexClient `clearAuth` (signing out a live socket) and
 * `url` (refreshes go over HTTP to the same deployment).
 */
export type ClientForAuth = Pick<
  ConvexClient,
  "action" | "setAuth" | "connectionState" | "subscribeToConnectionState"
> & {
  readonly client: Pick<ConvexClient["client"], "clearAuth" | "url">;
};

/**
 * The Rooms error (`{ code, message, ... }`, see @rooms/domain errors.ts) a function threw with
 * `ConvexError`, or null for anything else (network, bugs, validator failures).
 */
export function roomsErrorOf(error: unknown): RoomsErrorData | null {
  if (error instanceof ConvexError && isRoomsErrorData(error.data)) return error.data;
  // Another copy of the convex package (e.g. a test fake) still produces this shape.
  const data = (error as { data?: unknown } | null)?.data;
  return isRoomsErrorData(data) ? data : null;
}

/** Random id from `crypto.getRandomValues` (browsers, Node ≥ 19), `bytes` bytes as hex. */
export function randomId(bytes = 12): string {
  const values = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(values);
  return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What the apps show for a failure that is not a Rooms error (network, bugs). */
export const UNEXPECTED_ERROR_MESSAGE = "Something went wrong. Please try again.";

/**
 * The text a user sees for a failed call: the Rooms error's message (APP_SPEC "Strings": apps
 * never write their own text for an error code), or `fallback` for anything else.
 */
export function messageOf(error: unknown, fallback = UNEXPECTED_ERROR_MESSAGE): string {
  return roomsErrorOf(error)?.message ?? fallback;
}
