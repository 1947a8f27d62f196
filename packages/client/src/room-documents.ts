// A room's documents as its documents panel shows them: the list (`documents.list`, live),
// creating one, and the open document's history with restore (convex/documents.ts). The open
// document itself is a DocumentSession (document-session.ts); this model is what surrounds it.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { lengthErrorMessage, type DocumentSummary } from "@rooms/domain";
import type { FunctionReturnType } from "convex/server";
import { messageOf, type ClientForQueries } from "./convex";
import { createQuery } from "./query";
import { Store, attempt, attemptOk, type Readable } from "./store";

/** One saved version of a document, newest first in `history` (`documents.history`). */
export type HistoryEntry = FunctionReturnType<typeof api.documents.history>[number];

export interface RoomDocumentsSnapshot {
  /** The room's documents, or undefined while loading and after an error. */
  documents: DocumentSummary[] | undefined;
  /** Why the list could not be loaded, or null. */
  loadError: string | null;
  creating: boolean;
  createError: string | null;
  /** The history of the document `showHistory` named: undefined while loading (or none shown). */
  history: HistoryEntry[] | undefined;
  historyError: string | null;
  /** Why the last restore (or other `perform`ed action) failed, or null. */
  actionError: string | null;
}

export interface RoomDocuments extends Readable<RoomDocumentsSnapshot> {
  /** Validates `title` and creates a document; resolves its id, or null (see `createError`). */
  create(title: string): Promise<string | null>;
  clearCreateError(): void;
  /** Follows `documentId`'s history (null: none). */
  showHistory(documentId: string | null): void;
  /** Restores a version; resolves true when restored. */
  restore(snapshotId: string): Promise<boolean>;
  /** Runs an action of the open document (lock, unlock); its failure shows as `actionError`. */
  perform(action: () => Promise<unknown>): Promise<boolean>;
  dispose(): void;
}

/** The documents of `roomId` until `dispose()`. */
export function createRoomDocuments(client: ClientForQueries, roomId: Id<"rooms">): RoomDocuments {
  const list = createQuery(client, api.documents.list, { roomId });
  const history = createQuery(client, api.documents.history, "skip");
  const store = new Store<RoomDocumentsSnapshot>({
    documents: undefined,
    loadError: null,
    creating: false,
    createError: null,
    history: undefined,
    historyError: null,
    actionError: null,
  });
  const stops = [
    list.subscribe(({ data, error }) =>
      store.patch({
        documents: data,
        loadError: error ? messageOf(error, "Could not load the documents.") : null,
      }),
    ),
    history.subscribe(({ data, error }) =>
      store.patch({
        history: data,
        historyError: error ? messageOf(error, "Could not load the history.") : null,
      }),
    ),
  ];

  const perform = (action: () => Promise<unknown>): Promise<boolean> =>
    attemptOk(store, { error: "actionError" }, action);

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    create(title) {
      const invalid = lengthErrorMessage("documentTitle", title);
      store.patch({ createError: invalid });
      if (invalid !== null) return Promise.resolve(null);
      return attempt(store, { error: "createError", busy: "creating" }, () =>
        client.mutation(api.documents.create, { roomId, title }),
      );
    },
    clearCreateError: () => store.patch({ createError: null }),
    showHistory(documentId) {
      history.setArgs(documentId === null ? "skip" : { documentId: documentId as Id<"documents"> });
    },
    restore: (snapshotId) =>
      perform(() =>
        client.mutation(api.documents.restore, { snapshotId: snapshotId as Id<"snapshots"> }),
      ),
    perform,
    dispose() {
      for (const stop of stops) stop();
      list.dispose();
      history.dispose();
      store.clear();
    },
  };
}
