/**
 * The cursor sender: `presence.updateCursor` calls for the pointer, the caret and the board
 * pointer, each kind at most once per CURSOR_THROTTLE_MS (10 Hz, half the server's
 * CURSOR_UPDATES_PER_SECOND), the latest state winning, the kinds pending together sent in one
 * call, at most CURSOR_IN_FLIGHT calls awaiting acknowledgement.
 *
 * Each kind keeps its own rhythm, so a typist's caret updates do not hold their pointer back (and
 * the reverse); a kind that is pending rides along with one that is due. Slots count from when a
 * send was due, not from when it left: a send held back (by the calls in flight, a late timer)
 * does not push every later one back; it may follow the previous one sooner, but never within
 * CURSOR_MIN_GAP_MS. Times are ms on the injected clock.
 */
import { CURSOR_EARLY_MS, CURSOR_THROTTLE_MS } from "@rooms/domain";

type CursorKind = "pointer" | "caret" | "board";

/** What one `updateCursor` call carries: any of the kinds (presence.ts types their values). */
type Update = Partial<Record<CursorKind, unknown>>;

/** Least time between two updates of a kind, even when one catches up on a late slot. */
const CURSOR_MIN_GAP_MS = CURSOR_THROTTLE_MS / 2;

// CURSOR_EARLY_MS (@rooms/domain): a move just before its slot goes at once instead of on a
// timer, which a busy page runs late (room bench: 1 move in 20 waited 10-25 ms for a
// sub-millisecond remainder).

/**
 * Cursor updates awaiting acknowledgement at once: two, so a caret update in flight does not
 * hold the next pointer position back, while a slow deployment still sees no growing queue.
 */
const CURSOR_IN_FLIGHT = 2;

function cursorKinds(update: Update): CursorKind[] {
  const kinds: CursorKind[] = [];
  if ("pointer" in update) kinds.push("pointer");
  if ("caret" in update) kinds.push("caret");
  if ("board" in update) kinds.push("board");
  return kinds;
}

export interface CursorSender<U extends Update> {
  /** Merges `update` into what is pending and sends when a kind of it is due. */
  queue(update: U): void;
  /** Queues the last state of every kind again (the server lost it: the member left and came back). */
  resend(): void;
  /** Drops what is pending and its timer (leaving). */
  drop(): void;
}

export function createCursorSender<U extends Update>(options: {
  now: () => number;
  /** False while sends must wait (left the room, disposed). */
  canSend: () => boolean;
  /** Sends one update; resolves or rejects when the deployment has answered. */
  send: (update: U) => Promise<unknown>;
}): CursorSender<U> {
  const { now, canSend, send } = options;
  let pending: U | null = null;
  const pendingSince: { pointer?: number; caret?: number; board?: number } = {};
  const dueAt = { pointer: -Infinity, caret: -Infinity, board: -Infinity };
  const sentAt = { pointer: -Infinity, caret: -Infinity, board: -Infinity };
  let last = {} as U;
  let inFlight = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When `timer` fires. */
  let timerAt = Infinity;

  function queue(update: U): void {
    last = { ...last, ...update };
    for (const kind of cursorKinds(update)) {
      if (pending === null || !(kind in pending)) pendingSince[kind] = now();
    }
    pending = { ...pending, ...update };
    pump();
  }

  function pump(): void {
    if (!canSend() || inFlight >= CURSOR_IN_FLIGHT || pending === null) return;
    const kinds = cursorKinds(pending);
    const dueOf = (kind: CursorKind) =>
      Math.max(dueAt[kind] + CURSOR_THROTTLE_MS, pendingSince[kind] ?? -Infinity);
    const readyAt = (kind: CursorKind) => Math.max(dueOf(kind), sentAt[kind] + CURSOR_MIN_GAP_MS);
    // Made up to CURSOR_EARLY_MS before its slot: goes now (never within CURSOR_MIN_GAP_MS).
    const early = (kind: CursorKind) =>
      Math.max(dueOf(kind) - CURSOR_EARLY_MS, sentAt[kind] + CURSOR_MIN_GAP_MS) <= now();
    const readyTime = kinds.some(early) ? now() : Math.min(...kinds.map(readyAt));
    // A timer set for one kind's slot must not hold back another kind that is due sooner.
    if (timer !== undefined && timerAt <= readyTime) return;
    clearTimeout(timer);
    timer = undefined;
    const wait = readyTime - now();
    if (wait > 0) {
      timerAt = readyTime;
      timer = setTimeout(() => {
        timer = undefined;
        pump();
      }, wait);
      return;
    }
    const update = pending;
    // A kind due now (or within CURSOR_EARLY_MS) keeps its slot; one riding along early starts
    // its interval now.
    for (const kind of kinds) {
      const due = dueOf(kind);
      dueAt[kind] = due <= now() + CURSOR_EARLY_MS ? due : now();
    }
    for (const kind of kinds) sentAt[kind] = now();
    pending = null;
    inFlight++;
    void send(update).finally(() => {
      inFlight--;
      pump();
    });
  }

  return {
    queue,
    resend: () => {
      if (Object.keys(last).length > 0) queue(last);
    },
    drop: () => {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}
