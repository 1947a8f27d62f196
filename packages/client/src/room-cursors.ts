// Every other session's cursor row in a room, one subscription per session.
//
// `presence.cursorSessions` lists the room's connected sessions and changes only when one comes,
// goes or changes status; each session other than this tab's gets its own `presence.cursor`
// subscription. A move then re-runs one small query on the deployment and sends each member one
// row, not the whole room's cursor list (49 rows at 50 members) for every client to decode.
// Both queries carry the room's access key (room-access.ts), so each session's row is one shared
// result for the whole room.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { CursorRow } from "@rooms/domain";
import type { RoomAccess } from "./room-access";

type Entry = { row: CursorRow | null; stop: () => void };

/**
 * Subscribes to the cursors of `roomId`'s sessions other than `ownSessionId`. `onRows` gets every
 * known row (sessions without a cursor yet left out), in session id order, at most once per
 * microtask: the rows one Transition changes arrive in one call. Returns the unsubscribe
 * function (no call after it). Errors (NOT_A_MEMBER, ROOM_NOT_FOUND, ...) go to `onError`.
 */
export function subscribeToCursors(
  access: RoomAccess,
  roomId: Id<"rooms">,
  ownSessionId: string,
  onRows: (rows: CursorRow[]) => void,
  onError: (error: Error) => void,
): () => void {
  let sessions = new Map<string, Entry>();
  let scheduled = false;
  let stopped = false;

  const publish = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      if (stopped) return;
      const rows: CursorRow[] = [];
      for (const { row } of sessions.values()) if (row !== null) rows.push(row);
      onRows(rows);
    });
  };

  const follow = (sessionId: string): Entry => {
    const entry: Entry = { row: null, stop: () => {} };
    entry.stop = access.subscribe(
      api.presence.cursor,
      { roomId, sessionId },
      (row) => {
        entry.row = row;
        publish();
      },
      onError,
    );
    return entry;
  };

  const stopSessions = access.subscribe(
    api.presence.cursorSessions,
    { roomId },
    (ids) => {
      const next = new Map<string, Entry>();
      for (const id of ids) {
        if (id === ownSessionId || next.has(id)) continue;
        next.set(id, sessions.get(id) ?? follow(id));
      }
      let gone = false;
      for (const [id, entry] of sessions) {
        if (next.has(id)) continue;
        entry.stop();
        gone ||= entry.row !== null;
      }
      sessions = next;
      if (gone) publish();
    },
    onError,
  );

  return () => {
    stopped = true;
    stopSessions();
    for (const entry of sessions.values()) entry.stop();
    sessions.clear();
  };
}
