// One room as its page shows it: `rooms.get` live, joining a public room by opening its URL,
// the room's presence session for as long as the viewer is a member, leaving and deleting
// (convex/rooms.ts). Both apps' room containers bind this; navigation and the delete
// confirmation stay in the apps (they are the router's and the browser's).
//
// Presence starts once the server says the viewer is a member (heartbeats need membership) and
// is not recreated when other fields of the room change (`rooms.get` re-runs on every member or
// online count change); it is disposed (the session leaves) when membership ends, on sign-out
// (while the leave is still allowed) and on `dispose()`.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { RoomSummary, RoomsErrorData } from "@rooms/domain";
import { roomsErrorOf, type ClientForData, type ClientForQueries } from "./convex";
import { createPresence, type DrawnPointer, type Presence, type PresenceOptions } from "./presence";
import { createQuery } from "./query";
import { Store, attemptOk, type Readable } from "./store";

/** `rooms.get`'s view of a room for the viewer. */
export type RoomDetails = RoomSummary & { inviteCode?: string };

export interface RoomSnapshot {
  /** The room, or undefined while loading and after an error. */
  room: RoomDetails | undefined;
  /** Why the room cannot be shown (not found, private and not a member…), or null. */
  error: RoomsErrorData | null;
  /** The room failed to load with something other than a Rooms error. */
  failed: boolean;
  isLoading: boolean;
  /** The viewer's presence in the room, while a member. */
  presence: Presence | null;
  /** Why the last action (join, leave, delete) failed, or null. */
  actionError: string | null;
}

export interface RoomModel extends Readable<RoomSnapshot> {
  /** Leaves the room; resolves true when left. */
  leave(): Promise<boolean>;
  /** Deletes the room for everyone (owner only); resolves true when deleted. */
  remove(): Promise<boolean>;
  dispose(): void;
}

export interface RoomOptions {
  /** The signed-in user (presence knows itself by it). */
  userId: string;
  /** Registers a task to run at the start of sign-out (AuthSession.beforeSignOut). */
  beforeSignOut?: (task: () => unknown) => () => void;
  /** Passed to createPresence (tests: clock, visibility). */
  presence?: Omit<PresenceOptions, "userId">;
}

/** The room `roomId` until `dispose()`. */
export function createRoom(
  client: ClientForQueries & ClientForData,
  roomId: Id<"rooms">,
  options: RoomOptions,
): RoomModel {
  const query = createQuery(client, api.rooms.get, { roomId });
  const store = new Store<RoomSnapshot>({
    room: undefined,
    error: null,
    failed: false,
    isLoading: true,
    presence: null,
    actionError: null,
  });
  let autoJoinTried = false;
  let stopLeavingOnSignOut: (() => void) | undefined;

  /** Runs one action: clears the last error, records this one's; resolves whether it succeeded. */
  const run = (action: () => Promise<unknown>): Promise<boolean> =>
    attemptOk(store, { error: "actionError" }, action);

  function setPresence(member: boolean): void {
    const current = store.getSnapshot().presence;
    if (member === (current !== null)) return;
    if (current) {
      stopLeavingOnSignOut?.();
      stopLeavingOnSignOut = undefined;
      void current.dispose();
      store.patch({ presence: null });
      return;
    }
    const presence = createPresence(client, roomId, {
      ...options.presence,
      userId: options.userId,
    });
    stopLeavingOnSignOut = options.beforeSignOut?.(() => presence.dispose());
    store.patch({ presence });
  }

  const stop = query.subscribe(({ data, error, isLoading }) => {
    store.patch({
      room: data,
      error: error ? roomsErrorOf(error) : null,
      failed: error !== null,
      isLoading,
    });
    setPresence(data?.isMember === true);
    // Opening a public room's URL joins it (APP_SPEC "Entering").
    if (data && !data.isMember && !data.isPrivate && !autoJoinTried) {
      autoJoinTried = true;
      void run(() => client.mutation(api.rooms.join, { roomId }));
    }
  });

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    leave() {
      autoJoinTried = true; // a room one just left is not joined again by being shown
      return run(() => client.mutation(api.rooms.leave, { roomId }));
    },
    remove: () => run(() => client.mutation(api.rooms.remove, { roomId })),
    dispose() {
      stop();
      query.dispose();
      setPresence(false);
      store.clear();
    },
  };
}

/** Schedules a callback before the next paint; `requestAnimationFrame` in a browser. */
export interface FrameHook {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const browserFrames: FrameHook = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Draws `presence`'s remote pointers: calls `draw` with `pointersAt()` whenever the cursors
 * change, and every frame while a pointer is still gliding to its position. Returns the function
 * that stops it.
 */
export function animatePointers(
  presence: Presence,
  draw: (pointers: DrawnPointer[]) => void,
  frames: FrameHook = browserFrames,
): () => void {
  let frame: number | undefined;
  const tick = () => {
    frame = undefined;
    draw(presence.pointersAt());
    if (presence.isAnimating()) frame = frames.request(tick);
  };
  let lastCursors = presence.getSnapshot().cursors;
  const stop = presence.subscribe((snapshot) => {
    if (snapshot.cursors === lastCursors) return;
    lastCursors = snapshot.cursors;
    if (frame !== undefined) frames.cancel(frame);
    tick();
  });
  tick();
  return () => {
    stop();
    if (frame !== undefined) frames.cancel(frame);
  };
}
