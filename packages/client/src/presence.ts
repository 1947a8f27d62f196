// Presence in one room for one browser tab (a "session"): heartbeats, away after idle, leaving,
// the pointer and caret others see, the typing indicator, and the room's members, cursors and
// typists as the backend reports them (convex/presence.ts, rooms.members).
//
// What goes over the wire, and how often:
// - `presence.heartbeat` on start, every HEARTBEAT_INTERVAL_MS, after a reconnect, and when the
//   status ("online"/"away") or open document changes. At most one in flight.
// - "away" after AWAY_AFTER_MS without input (keys, clicks, pointer movement, through an injected
//   input hook, or `reportInput()`); the next input makes it "online" again.
// - `presence.leave` on dispose and when the page is hidden (tab closed, navigated away), through
//   an injected visibility hook so the model also runs without a DOM; shown again → rejoins.
// - `presence.updateCursor`: pointer, caret and board each at most every CURSOR_THROTTLE_MS
//   (10 Hz, half the server's limit), at most two calls in flight (cursor-sender.ts); the latest
//   position always goes out (trailing edge), so a pointer that stops is shown where it stopped.
// - Remote cursors whose session shows no sign of life (`aliveAt`: a move or a heartbeat) for
//   CURSOR_STALE_MS are hidden: a crashed tab's cursor goes long before PRESENCE_TIMEOUT_MS.
// - `presence.setTyping(true)` at most every TYPING_REFRESH_MS while typing; the server shows it
//   for TYPING_EXPIRY_MS. `stopTyping()` (message sent) clears it at once. Both stay under the
//   server's TYPING_UPDATES_PER_SECOND: fast sending never trips its rate limit.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  AWAY_AFTER_MS,
  ErrorCode,
  HEARTBEAT_INTERVAL_MS,
  RATE_WINDOW_MS,
  TYPING_EXPIRY_MS,
  TYPING_UPDATES_PER_SECOND,
  activeTypists,
  rateLimit,
  typingLabel,
  type Cursor,
  type CursorSmoothingOptions,
  type Member,
  type PackedCursorRow,
  type BoardPresence,
  type Point,
  type RateLimitState,
  type RoomsErrorData,
  type TypingEntry,
} from "@rooms/domain";
import type { FunctionArgs } from "convex/server";
import { randomId, roomsErrorOf, type ClientForData } from "./convex";
import { createCursorSender } from "./cursor-sender";
import { RemoteCursors } from "./remote-cursors";
import { RemotePointers, type DrawnPointer } from "./remote-pointers";
import { createRoomAccess } from "./room-access";
import { browserInput, browserVisibility, type InputHook, type VisibilityHook } from "./page-hooks";
import { Store, type Readable } from "./store";

export type { DrawnPointer };

/**
 * Resend "typing" after this long. Over half of TYPING_EXPIRY_MS: the server only extends an
 * entry with less than half its time left, so an earlier refresh would write nothing.
 */
export const TYPING_REFRESH_MS = Math.round(TYPING_EXPIRY_MS * 0.6);

export type PresenceSnapshot = {
  sessionId: string;
  /** This session: "left" after leaving (hidden page, dispose) until it rejoins. */
  status: "online" | "away" | "left";
  /** The room's members (online first), or null until loaded. */
  members: Member[] | null;
  /** Other sessions' cursors, as last reported (draw pointers with `pointersAt`). */
  cursors: Cursor[];
  /** Other users typing now. */
  typing: TypingEntry[];
  /** "Ada is typing…", or null. */
  typingLabel: string | null;
  /** The last error from the backend (e.g. NOT_A_MEMBER), or null. */
  error: RoomsErrorData | null;
};

export interface PresenceOptions {
  /** One per tab. Default: random. */
  sessionId?: string;
  /** The signed-in user, so their own typing is not listed. */
  userId?: string;
  /** The document this session has open, shown in member lists. */
  documentId?: Id<"documents"> | null;
  /** Default `browserVisibility()`; null: never leave on page hide. */
  visibility?: VisibilityHook | null;
  /** Default `browserInput()` (keys, clicks, pointer movement); null: only `reportInput()`. */
  input?: InputHook | null;
  /** Clock in ms (Date.now by default); also the time base of `pointersAt`. */
  now?: () => number;
  /**
   * How remote pointers glide. Default: the domain's smoothing, or none (pointers jump) when the
   * browser asks for reduced motion (`prefers-reduced-motion: reduce`, read at creation).
   */
  smoothing?: CursorSmoothingOptions;
}

/** Smoothing that draws every sample at once: remote pointers jump. */
export const NO_SMOOTHING: CursorSmoothingOptions = { delayMs: 0, maxSegmentMs: 0 };

/** Whether the browser asks for reduced motion; false outside a browser. */
export function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/** A document caret as `presence.updateCursor` takes it (domain DocumentCaret with a typed id). */
export type Caret = NonNullable<FunctionArgs<typeof api.presence.updateCursor>["caret"]>;

export type CursorUpdate = {
  pointer?: Point | null;
  caret?: Caret | null;
  board?: BoardPresence | null;
};

export interface Presence extends Readable<PresenceSnapshot> {
  readonly sessionId: string;
  /** Keyboard or pointer input: resets the idle clock (and ends "away"). Cheap; call freely. */
  reportInput(): void;
  /** The document this session has open (null: none). */
  setDocument(documentId: Id<"documents"> | null): void;
  /** The room pointer, x and y in [0, 1]; null when it left the canvas. Throttled. */
  moveCursor(pointer: Point | null): void;
  /** The document caret (offsets in the text at `revision`); null when unfocused. Throttled. */
  moveCaret(caret: Caret | null): void;
  /** Presence on the room's board (pointer in board units, selection, draft); null: off it. */
  moveOnBoard(board: BoardPresence | null): void;
  /** Call on each keystroke in the message box. */
  typing(): void;
  /** Call when the message is sent or the box is cleared. */
  stopTyping(): void;
  /** Other sessions' pointers at time `t` (default now), smoothed; for an animation frame. */
  pointersAt(t?: number): DrawnPointer[];
  /** True while some smoothed pointer is still gliding at `t`: keep requesting frames. */
  isAnimating(t?: number): boolean;
  /** Leaves the room (resolves when the server has it, never rejects) and stops everything. */
  dispose(): Promise<void>;
}

export function createPresence(
  client: ClientForData,
  roomId: Id<"rooms">,
  options: PresenceOptions = {},
): Presence {
  const sessionId = options.sessionId ?? randomId();
  const now = options.now ?? Date.now;
  const visibility = options.visibility === undefined ? browserVisibility() : options.visibility;
  const input = options.input === undefined ? browserInput() : options.input;
  let documentId = options.documentId ?? null;

  const store = new Store<PresenceSnapshot>({
    sessionId,
    status: "online",
    members: null,
    cursors: [],
    typing: [],
    typingLabel: null,
    error: null,
  });
  let disposed = false;
  let left = false;
  let away = false;
  let lastInput = now();

  function report(error: unknown): void {
    const data = roomsErrorOf(error);
    if (data?.code === ErrorCode.RATE_LIMITED) return; // the next update carries the state
    if (!disposed) store.patch({ error: data ?? null });
    if (data === null) console.warn("[rooms presence]", error);
  }

  // Heartbeats: one in flight; a change while it is out is sent right after.
  let beatInFlight = false;
  let beatAgain = false;
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  function heartbeat(): void {
    if (disposed || left) return;
    if (beatInFlight) {
      beatAgain = true;
      return;
    }
    beatInFlight = true;
    const status = away ? ("away" as const) : ("online" as const);
    client
      .mutation(api.presence.heartbeat, {
        roomId,
        sessionId,
        status,
        ...(documentId !== null ? { documentId } : {}),
      })
      .then(() => store.patch({ error: null }), report)
      .finally(() => {
        beatInFlight = false;
        if (beatAgain) {
          beatAgain = false;
          heartbeat();
        }
      });
  }

  // Idle → away. The timer re-arms itself instead of being reset on every input.
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  function armIdle(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(checkIdle, Math.max(0, lastInput + AWAY_AFTER_MS - now()));
  }
  function checkIdle(): void {
    if (disposed || left) return;
    if (now() - lastInput < AWAY_AFTER_MS) return armIdle();
    away = true;
    store.patch({ status: "away" });
    heartbeat();
  }

  // Cursor: pointer, caret and board each on their own throttled rhythm (cursor-sender.ts).
  const cursor = createCursorSender<CursorUpdate>({
    now,
    canSend: () => !disposed && !left,
    send: (update) =>
      client.mutation(api.presence.updateCursor, { roomId, sessionId, ...update }).catch(report),
  });

  // Typing. Updates stay under the server's TYPING_UPDATES_PER_SECOND (one below it, for the
  // network's jitter): an update the window refuses waits, and only the latest state goes out.
  let typingSentAt = -Infinity;
  let typingLimit: RateLimitState | null = null;
  let typingWanted: boolean | null = null;
  let typingFlush: ReturnType<typeof setTimeout> | undefined;
  function sendTyping(typing: boolean): void {
    typingWanted = typing;
    if (typingFlush === undefined) flushTyping();
  }
  function flushTyping(): void {
    typingFlush = undefined;
    if (typingWanted === null || disposed) return;
    const limit = rateLimit(typingLimit, now(), TYPING_UPDATES_PER_SECOND - 1, RATE_WINDOW_MS);
    if (!limit.allowed) {
      typingFlush = setTimeout(flushTyping, limit.retryAfterMs);
      return;
    }
    typingLimit = limit.state;
    const typing = typingWanted;
    typingWanted = null;
    client.mutation(api.presence.setTyping, { roomId, typing }).catch(report);
  }

  // What the backend reports.
  const pointers = new RemotePointers(
    options.smoothing ?? (prefersReducedMotion() ? NO_SMOOTHING : {}),
  );
  let typingRows: TypingEntry[] = [];
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  function refreshTyping(): void {
    clearTimeout(typingTimer);
    const t = now();
    const typing = activeTypists(typingRows, t, options.userId);
    store.patch({ typing, typingLabel: typingLabel(typing.map((entry) => entry.name)) });
    const next = Math.min(...typing.map((entry) => entry.expiresAt));
    if (Number.isFinite(next)) typingTimer = setTimeout(refreshTyping, next - t + 1);
  }
  // Cursors arrive without names and colors: joined with the member list (remote-cursors.ts).
  const remoteCursors = new RemoteCursors(sessionId);
  let staleTimer: ReturnType<typeof setTimeout> | undefined;
  function publishCursors(): void {
    const t = now();
    const { cursors, nextStaleAt } = remoteCursors.build(t);
    clearTimeout(staleTimer);
    if (Number.isFinite(nextStaleAt) && !disposed) {
      staleTimer = setTimeout(publishCursors, nextStaleAt - t);
    }
    pointers.update(cursors, t);
    store.patch({ cursors });
  }
  function onCursors(rows: PackedCursorRow[]): void {
    remoteCursors.setRows(rows);
    publishCursors();
  }
  function onMembers(members: Member[]): void {
    store.patch({ members });
    if (remoteCursors.setMembers(members) && remoteCursors.hasRows) publishCursors();
  }
  const subscriptionError = (error: Error) => report(error);
  // Members, cursors and typing carry the room's access key: one shared result per change for
  // the whole room (room-access.ts).
  const access = createRoomAccess(client, roomId);
  const unsubscribers: (() => void)[] = [
    access.subscribe(api.rooms.members, { roomId }, onMembers, subscriptionError),
    access.subscribe(api.presence.cursors, { roomId }, onCursors, subscriptionError),
    access.subscribe(
      api.presence.typing,
      { roomId },
      (rows) => {
        typingRows = rows;
        refreshTyping();
      },
      subscriptionError,
    ),
    () => access.dispose(),
  ];

  // After a reconnect the deadline may have passed: beat at once instead of at the next tick.
  let connected = client.connectionState().isWebSocketConnected;
  unsubscribers.push(
    client.subscribeToConnectionState((state) => {
      if (state.isWebSocketConnected && !connected) heartbeat();
      connected = state.isWebSocketConnected;
    }),
  );

  function join(): void {
    left = false;
    away = false;
    lastInput = now();
    store.patch({ status: "online" });
    heartbeat();
    heartbeatTimer = setInterval(heartbeat, HEARTBEAT_INTERVAL_MS);
    armIdle();
    // Leaving deleted the cursor row: put back where the pointer and caret were.
    cursor.resend();
  }

  let leaving: Promise<void> = Promise.resolve();
  function leave(): Promise<void> {
    if (left) return leaving;
    left = true;
    clearInterval(heartbeatTimer);
    clearTimeout(idleTimer);
    cursor.drop();
    store.patch({ status: "left" });
    leaving = client.mutation(api.presence.leave, { roomId, sessionId }).then(() => {}, report);
    return leaving;
  }

  function reportInput(): void {
    lastInput = now();
    if (away && !left) {
      away = false;
      store.patch({ status: "online" });
      heartbeat();
      armIdle();
    }
  }
  if (input) unsubscribers.push(input.subscribe(reportInput));
  if (visibility) {
    unsubscribers.push(
      visibility.subscribe((visible) => {
        if (!visible) void leave();
        else if (left && !disposed) join();
      }),
    );
  }
  join();

  return {
    sessionId,
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    reportInput,
    setDocument(next) {
      if (next === documentId) return;
      documentId = next;
      heartbeat();
    },
    moveCursor: (pointer) => cursor.queue({ pointer }),
    moveCaret: (caret) => cursor.queue({ caret }),
    moveOnBoard: (board) => cursor.queue({ board }),
    typing() {
      const t = now();
      if (t - typingSentAt < TYPING_REFRESH_MS) return;
      typingSentAt = t;
      sendTyping(true);
    },
    stopTyping() {
      if (now() - typingSentAt >= TYPING_EXPIRY_MS) return;
      typingSentAt = -Infinity;
      sendTyping(false);
    },
    pointersAt: (t = now()) => pointers.at(t),
    isAnimating: (t = now()) => pointers.isAnimating(t),
    async dispose() {
      if (disposed) return leaving;
      const done = leave();
      disposed = true;
      clearTimeout(typingTimer);
      clearTimeout(typingFlush);
      clearTimeout(staleTimer);
      for (const unsubscribe of unsubscribers) unsubscribe();
      store.clear();
      await done;
    },
  };
}
