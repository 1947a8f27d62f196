// The lobby: the rooms one can see (`rooms.list`, live), filtering them, creating a room, joining
// one by click or by invite code (convex/rooms.ts). Both apps' lobby containers bind this and
// navigate where its actions resolve; the rules (lengths, participant limits) are checked here
// before the call, as the server checks them again.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  ErrorCode,
  checkMaxParticipants,
  errorMessage,
  lengthErrorMessage,
  type RoomSummary,
  type RoomType,
} from "@rooms/domain";
import { messageOf, type ClientForQueries } from "./convex";
import { createQuery } from "./query";
import { Store, attempt, type Readable } from "./store";

/** The create-room form as typed. */
export interface NewRoom {
  name: string;
  description: string;
  type: RoomType;
  isPrivate: boolean;
  /** The field as typed; blank means no limit. */
  maxParticipants: string;
}

export interface LobbySnapshot {
  /** The rooms matching the filter, or undefined while loading or after a failure. */
  rooms: RoomSummary[] | undefined;
  /** The rooms could not be loaded ("Try again" is `retry`). */
  failed: boolean;
  /** The filter's text. */
  filter: string;
  creating: boolean;
  createError: string | null;
  /** The room a join is under way for, or null. */
  joiningId: string | null;
  /** Why joining a room failed, by room id (at most one). */
  joinErrors: Record<string, string>;
  codeBusy: boolean;
  codeError: string | null;
}

export interface Lobby extends Readable<LobbySnapshot> {
  /** Shows the rooms whose name or description contains `text` (any case). */
  setFilter(text: string): void;
  /** Subscribes again after a failed load. */
  retry(): void;
  /** Validates and creates; resolves the new room's id, or null (see `createError`). */
  create(room: NewRoom): Promise<string | null>;
  /** Clears `createError` (the dialog opened again). */
  clearCreateError(): void;
  /** Joins `room`; resolves its id, or null (see `joinErrors`). */
  join(room: RoomSummary): Promise<string | null>;
  /** Joins by invite code; resolves the room's id, or null (see `codeError`). */
  joinByCode(code: string): Promise<string | null>;
  /** Clears `codeError` (the code is being edited). */
  clearCodeError(): void;
  dispose(): void;
}

/** The message for the first rule `room` breaks, or null. */
export function newRoomError(room: NewRoom): string | null {
  const invalid =
    lengthErrorMessage("roomName", room.name.trim()) ??
    lengthErrorMessage("roomDescription", room.description.trim());
  if (invalid) return invalid;
  const max = room.maxParticipants.trim();
  if (max !== "" && checkMaxParticipants(Number(max)) !== null) {
    return errorMessage(ErrorCode.INVALID_ARGUMENT, { field: "maxParticipants" });
  }
  return null;
}

/** Whether `room` matches the lobby filter `text` (blank matches all). */
export function matchesFilter(room: RoomSummary, text: string): boolean {
  const query = text.trim().toLowerCase();
  return query === "" || `${room.name}\n${room.description}`.toLowerCase().includes(query);
}

/** The lobby until `dispose()`. */
export function createLobby(client: ClientForQueries): Lobby {
  const list = createQuery(client, api.rooms.list, {}, { keepPreviousData: true });
  let filter = "";
  const roomsOf = (): RoomSummary[] | undefined => {
    const { data, error } = list.getSnapshot();
    if (error || !data) return undefined;
    return filter.trim() === "" ? data : data.filter((room) => matchesFilter(room, filter));
  };
  const store = new Store<LobbySnapshot>({
    rooms: roomsOf(),
    failed: list.getSnapshot().error !== null,
    filter,
    creating: false,
    createError: null,
    joiningId: null,
    joinErrors: {},
    codeBusy: false,
    codeError: null,
  });
  const refresh = () =>
    store.patch({ rooms: roomsOf(), failed: list.getSnapshot().error !== null, filter });
  const stop = list.subscribe(refresh);

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    setFilter(text) {
      filter = text;
      refresh();
    },
    retry: () => list.retry(),
    create(room) {
      const invalid = newRoomError(room);
      store.patch({ createError: invalid });
      if (invalid) return Promise.resolve(null);
      const max = room.maxParticipants.trim();
      return attempt(store, { error: "createError", busy: "creating" }, () =>
        client.mutation(api.rooms.create, {
          name: room.name.trim(),
          description: room.description.trim(),
          type: room.type,
          isPrivate: room.isPrivate,
          ...(max ? { maxParticipants: Number(max) } : {}),
        }),
      );
    },
    clearCreateError: () => store.patch({ createError: null }),
    async join(room) {
      store.patch({ joiningId: room.id, joinErrors: {} });
      try {
        await client.mutation(api.rooms.join, { roomId: room.id as Id<"rooms"> });
        return room.id;
      } catch (caught) {
        store.patch({ joinErrors: { [room.id]: messageOf(caught) } });
        return null;
      } finally {
        store.patch({ joiningId: null });
      }
    },
    joinByCode: (code) =>
      attempt(store, { error: "codeError", busy: "codeBusy" }, () =>
        client.mutation(api.rooms.joinByInviteCode, { inviteCode: code }),
      ),
    clearCodeError: () => store.patch({ codeError: null }),
    dispose() {
      stop();
      list.dispose();
      store.clear();
    },
  };
}
