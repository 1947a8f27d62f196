// Helpers of the integration tests: real ConvexClients against the deployment the global setup
// started, signed in through the real auth session, and bounded polling instead of sleeps.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { ConvexClient } from "convex/browser";
import { inject } from "vitest";
import { createAuthSession, type AuthSession, type TokenStorage } from "../auth-session";
import { memoryStorage } from "./fake-client";
import { signInAsGuestPolitely } from "./guest";
import "./provided";

export { memoryStorage };

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closes the client's WebSocket the way a network drop does; the client reconnects by itself
 * and re-sends what was in flight. ConvexClient has no public switch for this, so it reaches the
 * private `webSocketManager.closeAndReconnect` (convex@1.48 web_socket_manager.ts).
 */
export function dropConnection(client: ConvexClient): void {
  const manager = (
    client.client as unknown as { webSocketManager: { closeAndReconnect(reason: string): void } }
  ).webSocketManager;
  manager.closeAndReconnect("test: forced reconnect");
}

export type User = {
  client: ConvexClient;
  auth: AuthSession;
  userId: string;
  storage: TokenStorage;
};

/** Tracks clients and sessions so `closeAll()` (afterAll) releases every socket. */
export class Clients {
  private readonly open: ConvexClient[] = [];
  private readonly sessions: AuthSession[] = [];

  /** `logger: false`: the functions' own console lines and expected errors stay out of the output. */
  client(): ConvexClient {
    const client = new ConvexClient(inject("convexUrl"), { logger: false });
    this.open.push(client);
    return client;
  }

  /** A new guest user on a new client, signed in through createAuthSession. */
  async guest(): Promise<User> {
    const client = this.client();
    const storage = memoryStorage();
    const auth = createAuthSession({ client, storage });
    this.sessions.push(auth);
    await waitFor(() => auth.getSnapshot().status === "signedOut", "the empty session to settle");
    await signInAsGuestPolitely(auth);
    const state = auth.getSnapshot();
    if (state.status !== "signedIn") throw new Error(`guest sign-in ended ${state.status}`);
    return { client, auth, userId: state.userId, storage };
  }

  async closeAll(): Promise<void> {
    for (const session of this.sessions.splice(0)) session.dispose();
    await Promise.all(this.open.splice(0).map((client) => client.close()));
  }
}

/** A room owned by `owner`, joined by every other user given. */
export async function roomWith(
  owner: User,
  members: User[] = [],
  type: "document" | "whiteboard" | "chat" = "document",
): Promise<Id<"rooms">> {
  const roomId = await owner.client.mutation(api.rooms.create, {
    name: `room ${Math.random().toString(36).slice(2, 8)}`,
    type,
    isPrivate: false,
  });
  for (const member of members) await member.client.mutation(api.rooms.join, { roomId });
  return roomId;
}
