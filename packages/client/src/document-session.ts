// One editor of one document over convex/documents.ts: the OT client of ./ot-client wired to
// Convex. Local edits apply at once; the outstanding operation goes to
// `documents.submitOperations` with the revision it was made on and the tag it is committed
// under; `documents.operationsSince` (a subscription from a shared base at or before the current
// revision, `operationsBase`, moved on as the text grows) delivers every committed operation in
// order, our own included, which is how an operation is acknowledged. It and `documents.list`
// carry the room's access key, so every editor of the room shares their results. Lock and title come from `documents.list`, which
// carries no text, rather than from `documents.get`, which would resend the whole text on every
// keystroke.
//
// Reconnects: ConvexClient re-sends an unacknowledged mutation on the new socket under the same
// session and request id, and the deployment runs it at most once (Convex sync protocol; the
// local deployment dedupes by (sessionId, requestId) in src/sync). The subscription re-runs from
// our revision, so the acknowledgement arrives either way. documents.submitOperations does not
// itself refuse a tag it has committed before; see packages/client/README.md.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  DOCUMENT_MAX_LENGTH,
  ErrorCode,
  apply,
  fromTextChange,
  isNoop,
  roomsError,
  snapToCodePoint,
  transform,
  validateOperationOn,
  type Cursor,
  type RoomsErrorData,
  type SaveState,
  type TextOperation,
  type TextSelection,
} from "@rooms/domain";
import { browserNetwork, type NetworkHook } from "./connection-state";
import { randomId, roomsErrorOf, type ClientForData } from "./convex";
import { OtClient, type Outstanding } from "./ot-client";
import { createRoomAccess, type RoomAccess } from "./room-access";
import type { Caret } from "./presence";
import { Store, type Readable } from "./store";

export type DocumentStatus = "loading" | "synced" | "saving" | "offline" | "locked" | "error";

/** Another session's caret, mapped into the local text. */
export type RemoteCaret = Pick<Cursor, "sessionId" | "userId" | "name" | "color"> & TextSelection;

export type DocumentSnapshot = {
  status: DocumentStatus;
  /**
   * `data-state` of the save indicator (domain SaveState): "error" whenever `error` is set (an
   * edit refused by the server or locally, e.g. DOCUMENT_LOCKED, TOO_LONG) until the next edit
   * goes through; otherwise saving / offline / saved.
   */
  saveState: SaveState;
  /** The text with every local edit applied. */
  text: string;
  /** The last committed revision this editor has seen. */
  revision: number;
  /** The local selection, moved by remote edits: put it back on the textarea after a render. */
  selection: TextSelection;
  title: string;
  lockedBy: string | null;
  lockedByName: string | null;
  /** False while loading or while someone else holds the lock (edits are refused). */
  canEdit: boolean;
  remoteCarets: RemoteCaret[];
  /** Uncommitted local edits: 0, 1 (outstanding) or 2 (outstanding and buffer). */
  pendingEdits: number;
  error: RoomsErrorData | null;
};

/** Where other sessions' carets come from and ours goes: a Presence fits. */
export interface CaretChannel extends Readable<{ cursors: Cursor[] }> {
  moveCaret(caret: Caret | null): void;
}

export interface DocumentSessionOptions {
  /** This editor instance; tags its operations (`<clientId>:<n>`). Default: random. */
  clientId?: string;
  /** The signed-in user, to tell their own lock from someone else's. Default: `users.me`. */
  userId?: string;
  /** Publishes this editor's caret and maps other sessions' carets. */
  presence?: CaretChannel;
  /** Wait before re-sending an operation the server failed on without a Rooms error. Default 1000. */
  retryDelayMs?: number;
  /**
   * Whether the device has a network: without one the save state is "offline" at once, before
   * the socket notices. Default `browserNetwork()` (none outside a browser).
   */
  network?: NetworkHook | null;
}

export interface DocumentSession extends Readable<DocumentSnapshot> {
  /**
   * Applies an edit made on the current `text`. False (and `error` set) while loading, while
   * someone else holds the lock, or past DOCUMENT_MAX_LENGTH. Throws OperationError for an
   * operation that does not fit the text.
   */
  applyLocal(op: TextOperation): boolean;
  /**
   * A textarea input: it showed `before` and now shows `after`, caret (selectionEnd) at `caret`.
   * If `before` is older than `text` (a remote edit arrived before the view re-rendered), the
   * edit is moved over the difference.
   */
  applyTextChange(before: string, after: string, caret?: number): boolean;
  /** The textarea's selection (null: blurred); published to others through `presence`. */
  setSelection(selection: TextSelection | null): void;
  /** Resolves once every local edit is committed; rejects if the server refused them. */
  flush(): Promise<void>;
  lock(): Promise<void>;
  unlock(): Promise<void>;
  /** Stops syncing. Edits not yet committed are lost unless `flush()` was awaited. */
  dispose(): void;
}

/**
 * `operationsSince` is subscribed from a revision that is a multiple of this, so editors at
 * nearby revisions ask the same query and share its result; it moves on once the text is two
 * steps past its base.
 */
const OPERATIONS_BASE_STEP = 50;

/** The shared subscription base for a text at `revision`. */
export function operationsBase(revision: number): number {
  return revision - (revision % OPERATIONS_BASE_STEP);
}

type Meta = Pick<DocumentSnapshot, "title" | "lockedBy" | "lockedByName">;

export function createDocumentSession(
  client: ClientForData,
  documentId: Id<"documents">,
  options: DocumentSessionOptions = {},
): DocumentSession {
  const clientId = options.clientId ?? randomId(8);
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const presence = options.presence;

  let ot: OtClient | null = null; // null until loaded
  let disposed = false;
  let me: string | null = options.userId ?? null;
  let meta: Meta = { title: "", lockedBy: null, lockedByName: null };
  const network = options.network === undefined ? browserNetwork() : options.network;
  const isConnected = () =>
    client.connectionState().isWebSocketConnected && (network?.isOnline() ?? true);
  let connected = isConnected();
  let error: RoomsErrorData | null = null;
  /** Load failed, or the server refused edits (not for a lock, which shows as "locked"). */
  let failed = false;
  let cursors: Cursor[] = presence?.getSnapshot().cursors ?? [];
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const waiters: { resolve(): void; reject(error: Error): void }[] = [];
  const cleanups: (() => void)[] = [];

  const lockedByOther = () => meta.lockedBy !== null && meta.lockedBy !== me;

  function statusOf(): DocumentStatus {
    if (ot === null) return failed ? "error" : "loading";
    if (lockedByOther()) return "locked";
    if (failed) return "error";
    if (!connected) return "offline";
    return ot.outstanding !== null ? "saving" : "synced";
  }

  let carets: { key: unknown[]; value: RemoteCaret[] } = { key: [], value: [] };
  /**
   * Others' carets in this document, mapped to the current text. Recomputed (and re-published)
   * only when a caret, its owner's label or the text changes, not when a pointer moves: presence
   * keeps an unchanged caret's object.
   */
  function remoteCarets(): RemoteCaret[] {
    if (ot === null) return [];
    const key: unknown[] = [ot.text, ot.revision];
    for (const { sessionId, name, color, caret } of cursors) {
      if (caret !== null && caret.documentId === documentId)
        key.push(sessionId, name, color, caret);
    }
    if (key.length === carets.key.length && key.every((k, i) => k === carets.key[i]))
      return carets.value;
    const value: RemoteCaret[] = [];
    for (const { sessionId, userId, name, color, caret } of cursors) {
      if (caret === null || caret.documentId !== documentId) continue;
      const mapped = ot.mapRemote({ anchor: caret.anchor, head: caret.head }, caret.revision);
      value.push({ sessionId, userId, name, color, ...mapped });
    }
    carets = { key, value };
    return value;
  }

  function snapshot(): DocumentSnapshot {
    const status = statusOf();
    return {
      status,
      saveState:
        error !== null || status === "error"
          ? "error"
          : status === "saving" || status === "offline"
            ? status
            : "saved",
      text: ot?.text ?? "",
      revision: ot?.revision ?? 0,
      selection: ot?.selection ?? { anchor: 0, head: 0 },
      ...meta,
      canEdit: ot !== null && !lockedByOther(),
      remoteCarets: remoteCarets(),
      pendingEdits: ot?.pendingEdits ?? 0,
      error,
    };
  }
  const store = new Store<DocumentSnapshot>(snapshot());
  function publish(): void {
    if (!disposed) store.patch(snapshot());
  }

  function settleWaiters(failure: Error | null): void {
    if (failure === null && ot !== null && ot.pendingEdits > 0) return;
    for (const waiter of waiters.splice(0)) {
      if (failure) waiter.reject(failure);
      else waiter.resolve();
    }
  }

  function send(sending: Outstanding): void {
    if (ot === null || disposed) return;
    const current = ot;
    client
      .mutation(api.documents.submitOperations, {
        documentId,
        baseRevision: current.revision,
        operations: [sending.op],
        clientId: sending.tag,
      })
      .catch((reason: unknown) => {
        if (sending !== current.outstanding || disposed) return;
        const data = roomsErrorOf(reason);
        if (data === null) {
          // Not a refusal (a server fault): nothing was committed, so the same op can go again.
          console.warn("[rooms document] submit failed, retrying", reason);
          retryTimer = setTimeout(
            () => sending === current.outstanding && send(sending),
            retryDelayMs,
          );
          return;
        }
        // Refused (locked, too long, ...): drop the unsaved edits, back to the server's text.
        current.revert();
        error = data;
        failed = data.code !== ErrorCode.DOCUMENT_LOCKED;
        publish();
        settleWaiters(new Error(data.message));
      });
  }

  let opsBase = -1;
  let stopOps: (() => void) | null = null;
  /** The room's key for the shared queries; set once the document (and so its room) is known. */
  let access: RoomAccess | null = null;
  function subscribeOps(revision: number): void {
    if (access === null) return;
    const previous = stopOps;
    const base = operationsBase(revision);
    opsBase = base;
    stopOps = access.subscribe(
      api.documents.operationsSince,
      { documentId, revision: base },
      (rows) => {
        if (disposed || ot === null) return;
        const before = ot.revision;
        let acknowledged = false;
        for (const row of rows) {
          if (row.revision <= ot.revision) continue;
          if (row.revision !== ot.revision + 1) break; // cannot happen from one base
          if (row.clientId === ot.outstanding?.tag) {
            failed = false; // our edit went through
            acknowledged = true;
          }
          const next = ot.receive(row.operation, row.revision, row.clientId);
          if (next !== null) send(next);
        }
        if (ot.revision === before) return;
        // Our caret went out in committed coordinates, behind our pending edits: now that they
        // are committed, others must see it where it really is.
        if (acknowledged) publishCaret();
        publish();
        settleWaiters(null);
        if (ot.revision - opsBase >= 2 * OPERATIONS_BASE_STEP) subscribeOps(ot.revision);
      },
      fail,
    );
    // After subscribing the new one, so the client keeps the overlap.
    previous?.();
  }

  function fail(reason: unknown): void {
    if (disposed) return;
    error = roomsErrorOf(reason) ?? roomsError(ErrorCode.DOCUMENT_NOT_FOUND);
    failed = true;
    publish();
  }

  function publishCaret(): void {
    if (!presence || ot === null) return;
    presence.moveCaret({ documentId, ...ot.committedSelection(), revision: ot.revision });
  }

  function refuse(data: RoomsErrorData): false {
    error = data;
    publish();
    return false;
  }

  function applyLocal(op: TextOperation): boolean {
    if (ot === null || disposed) return false;
    if (lockedByOther()) {
      const holder = meta.lockedByName;
      return refuse(roomsError(ErrorCode.DOCUMENT_LOCKED, holder ? { lockedBy: holder } : {}));
    }
    const normal = validateOperationOn(op, ot.text);
    if (isNoop(normal)) return true;
    if (apply(ot.text, normal).length > DOCUMENT_MAX_LENGTH) {
      return refuse(
        roomsError(ErrorCode.TOO_LONG, { field: "document", limit: DOCUMENT_MAX_LENGTH }),
      );
    }
    error = null;
    failed = false;
    const sendNow = ot.applyLocal(normal);
    if (sendNow !== null) send(sendNow);
    publishCaret();
    publish();
    return true;
  }

  // Load: the text once, then every operation after its revision.
  client.query(api.documents.get, { documentId }).then((doc) => {
    if (disposed) return;
    ot = new OtClient(doc.content, doc.revision, clientId);
    meta = { title: doc.title, lockedBy: doc.lockedBy, lockedByName: doc.lockedByName ?? null };
    const roomAccess = createRoomAccess(client, doc.roomId);
    access = roomAccess;
    cleanups.push(() => roomAccess.dispose());
    subscribeOps(doc.revision);
    cleanups.push(
      roomAccess.subscribe(
        api.documents.list,
        { roomId: doc.roomId },
        (documents) => {
          const found = documents.find((d) => d.id === documentId);
          if (found === undefined) return fail(new Error("document not found"));
          const { title, lockedBy } = found;
          meta = { title, lockedBy, lockedByName: found.lockedByName ?? null };
          // "Locked by Ada" no longer applies once the lock is gone.
          if (!lockedByOther() && error?.code === ErrorCode.DOCUMENT_LOCKED) error = null;
          publish();
        },
        fail,
      ),
    );
    publish();
  }, fail);
  if (me === null) {
    client.query(api.users.me, {}).then((user) => {
      me = user?._id ?? null;
      publish();
    }, fail);
  }
  if (presence) {
    cleanups.push(
      presence.subscribe((state) => {
        if (state.cursors === cursors) return;
        cursors = state.cursors;
        // Most changes are pointer moves: publish only when a caret in this document changed.
        if (remoteCarets() !== store.getSnapshot().remoteCarets) publish();
      }),
    );
  }
  const updateConnected = () => {
    if (isConnected() === connected) return;
    connected = !connected;
    publish();
  };
  cleanups.push(client.subscribeToConnectionState(updateConnected));
  if (network) cleanups.push(network.subscribe(updateConnected));

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    applyLocal,
    applyTextChange(before, after, caret) {
      if (ot === null) return false;
      const current = ot.text;
      let op = fromTextChange(before, after, caret);
      if (before !== current) op = transform(fromTextChange(before, current), op)[1];
      if (!applyLocal(op)) return false;
      if (before === current && caret !== undefined) {
        const at = snapToCodePoint(ot.text, caret);
        ot.setSelection({ anchor: at, head: at });
        publishCaret();
        publish();
      }
      return true;
    },
    setSelection(next) {
      if (next === null) return presence?.moveCaret(null);
      if (ot === null) return;
      ot.setSelection(next);
      publishCaret();
      publish();
    },
    flush() {
      if (ot === null || ot.pendingEdits === 0) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async lock() {
      await client.mutation(api.documents.lock, { documentId });
    },
    async unlock() {
      await client.mutation(api.documents.unlock, { documentId });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      clearTimeout(retryTimer);
      stopOps?.();
      for (const cleanup of cleanups) cleanup();
      presence?.moveCaret(null);
      settleWaiters(new Error("The document session was closed."));
      store.clear();
    },
  };
}
