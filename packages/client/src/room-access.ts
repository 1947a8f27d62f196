// A room's access key and the subscriptions that carry it (convex/lib/roomKeys.ts has the design
// and its security argument). Queries called with the room's current key read no identity, so
// the deployment runs each once per change and serves the result to every member; that is what
// keeps a 50-person room's cursor moves and keystrokes cheap.
//
// The key comes from `rooms.accessKey` (members only). Until it is known, and when the room has
// none, subscriptions go out without it (the query then checks membership itself, unshared).
// When the key changes (a member left), every keyed subscription moves to the new key; one with
// the old key keeps working meanwhile, through the same membership fallback.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import type { ClientForData } from "./convex";

/** A query that takes the room's access key as its optional `key` argument. */
type KeyedQuery = FunctionReference<"query", "public", { key?: string }>;

export interface RoomAccess {
  /**
   * Subscribes to `query` with `args` and the room's key, moving to a new key when it changes.
   * Returns the unsubscribe function. Callbacks as `ConvexClient.onUpdate`.
   */
  subscribe<Query extends KeyedQuery>(
    query: Query,
    args: Omit<FunctionArgs<Query>, "key">,
    onValue: (value: FunctionReturnType<Query>) => void,
    onError?: (error: Error) => void,
  ): () => void;
  /** Ends the key subscription and every subscription made through this object. */
  dispose(): void;
}

export function createRoomAccess(client: ClientForData, roomId: Id<"rooms">): RoomAccess {
  /** undefined: not known yet; null: the room has no key (or the caller may not have it). */
  let key: string | null | undefined = undefined;
  const active = new Set<{ resubscribe(): void; stop(): void }>();

  const setKey = (next: string | null) => {
    if (next === key) return;
    const hadKey = typeof key === "string";
    key = next;
    // Unknown → none changes nothing on the wire: those subscriptions already carry no key.
    if (hadKey || next !== null) for (const entry of active) entry.resubscribe();
  };
  const stopKey = client.onUpdate(
    api.rooms.accessKey,
    { roomId },
    (value) => setKey(value),
    // Not a member (any more), or the room is gone: the keyed queries report it themselves.
    () => setKey(null),
  );

  return {
    subscribe(query, args, onValue, onError) {
      let stop: (() => void) | null = null;
      const entry = {
        resubscribe() {
          const previous = stop;
          const withKey = typeof key === "string" ? { ...args, key } : args;
          stop = client.onUpdate(query, withKey as FunctionArgs<typeof query>, onValue, onError);
          // After the new one, so the client holds a result throughout the switch.
          previous?.();
        },
        stop() {
          stop?.();
          stop = null;
        },
      };
      active.add(entry);
      entry.resubscribe();
      return () => {
        active.delete(entry);
        entry.stop();
      };
    },
    dispose() {
      stopKey();
      for (const entry of active) entry.stop();
      active.clear();
    },
  };
}
