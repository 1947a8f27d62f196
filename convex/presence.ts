// Presence: who is here (per browser session), who is typing, and where their cursors are.
//
// A client picks a `sessionId` per tab and calls `heartbeat` every HEARTBEAT_INTERVAL_MS. Each
// heartbeat pushes the session's disconnect deadline to now + PRESENCE_TIMEOUT_MS and schedules
// nothing; the `sweep` cron (crons.ts, every 5 s) marks sessions past their deadline offline.
// The client reports "away" after AWAY_AFTER_MS without input. The deadline lives in
// `heartbeats`, apart from the `presence` row that member lists read, so a heartbeat re-runs no
// query; a cursor move writes only its `cursors` row, so it re-runs only `cursors`, whose rows
// go out packed (PackedCursorRow of @rooms/domain: every member decodes the whole list on every
// move, and a flat array decodes ~5x faster than an object).
//
// Access: every public function requires a signed-in member of the room (UNAUTHENTICATED,
// ROOM_NOT_FOUND, NOT_A_MEMBER), or for `cursors` and `typing` the room's access key instead
// (lib/roomKeys.ts: the result is then shared by every member); a session id belongs to the user who first used it
// (INVALID_ARGUMENT otherwise). Rate limits: `setTyping` TYPING_UPDATES_PER_SECOND per user,
// `updateCursor` CURSOR_UPDATES_PER_SECOND per session (RATE_LIMITED). `sweep` is internal.
import {
  CURSOR_UPDATES_PER_SECOND,
  DOCUMENT_MAX_LENGTH,
  ErrorCode,
  TYPING_EXPIRY_MS,
  TYPING_UPDATES_PER_SECOND,
  boardPresenceError,
  disconnectDeadline,
  packCursorRow,
  typingExpiresAt,
} from "@rooms/domain";
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { internalMutation, mutation, query, type QueryCtx } from "./_generated/server";
import { fail, requireMember, requireRoomReader } from "./lib/access";
import { disconnectSession } from "./lib/presence";
import { profileLoader } from "./lib/profiles";
import { checkRateLimit, consumeRateLimit } from "./lib/rateLimit";
import { packedCursorRowView, typingView } from "./lib/views";
import { boardPresence, caret, point } from "./schema";

/** Longest session id a client may choose (a UUID is 36). */
const SESSION_ID_MAX_LENGTH = 64;
/** Rows of each kind one sweep handles; the next run (5 s later) takes the rest. */
const SWEEP_BATCH = 500;
/** Offline presence rows are kept this long (a returning tab reuses its row), then deleted. */
const OFFLINE_RETENTION_MS = 24 * 60 * 60 * 1000;

function checkSessionId(sessionId: string) {
  if (sessionId.length === 0 || sessionId.length > SESSION_ID_MAX_LENGTH) {
    fail(ErrorCode.INVALID_ARGUMENT, { detail: `sessionId must be 1..${SESSION_ID_MAX_LENGTH}` });
  }
}

async function findSession(ctx: QueryCtx, roomId: Id<"rooms">, sessionId: string) {
  return await ctx.db
    .query("presence")
    .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId).eq("sessionId", sessionId))
    .unique();
}

function notYours(): never {
  return fail(ErrorCode.INVALID_ARGUMENT, { detail: "the session belongs to another user" });
}

/** DOCUMENT_NOT_FOUND unless the document exists in the room. */
async function checkDocumentInRoom(ctx: QueryCtx, roomId: Id<"rooms">, id: Id<"documents">) {
  const document = await ctx.db.get("documents", id);
  if (document === null || document.roomId !== roomId) fail(ErrorCode.DOCUMENT_NOT_FOUND);
}

/**
 * Marks the session connected (status "online" by default, or "away") with the document it has
 * open, and returns its new disconnect deadline. Writes the `presence` row only when the status
 * or document changed.
 */
export const heartbeat = mutation({
  args: {
    roomId: v.id("rooms"),
    sessionId: v.string(),
    status: v.optional(v.union(v.literal("online"), v.literal("away"))),
    documentId: v.optional(v.id("documents")),
  },
  returns: v.number(),
  handler: async (ctx, { roomId, sessionId, status = "online", documentId }) => {
    const { user } = await requireMember(ctx, roomId);
    checkSessionId(sessionId);
    if (documentId !== undefined) await checkDocumentInRoom(ctx, roomId, documentId);
    const now = Date.now();
    const session = await findSession(ctx, roomId, sessionId);
    let presenceId: Id<"presence">;
    if (session === null) {
      presenceId = await ctx.db.insert("presence", {
        roomId,
        userId: user._id,
        sessionId,
        status,
        documentId,
        statusChangedAt: now,
      });
    } else {
      if (session.userId !== user._id) notYours();
      presenceId = session._id;
      if (session.status !== status || session.documentId !== documentId) {
        await ctx.db.patch("presence", presenceId, {
          status,
          documentId,
          statusChangedAt: session.status === status ? session.statusChangedAt : now,
        });
      }
    }
    const deadline = disconnectDeadline(now);
    const beat = await ctx.db
      .query("heartbeats")
      .withIndex("by_presenceId", (q) => q.eq("presenceId", presenceId))
      .unique();
    const live = {
      lastHeartbeat: now,
      lastInput: status === "online" ? now : (beat?.lastInput ?? now),
      disconnectDeadline: deadline,
    };
    if (beat === null) await ctx.db.insert("heartbeats", { presenceId, ...live });
    else await ctx.db.patch("heartbeats", beat._id, live);
    // The session's cursor shows it is alive (a crashed tab's cursor stops being refreshed and
    // clients hide it after CURSOR_STALE_MS).
    const cursor = await ctx.db
      .query("cursors")
      .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId).eq("sessionId", sessionId))
      .unique();
    if (cursor !== null) await ctx.db.patch("cursors", cursor._id, { aliveAt: now });
    return deadline;
  },
});

/** Ends the session now (tab closed, room left): offline, and its cursor disappears. */
export const leave = mutation({
  args: { roomId: v.id("rooms"), sessionId: v.string() },
  returns: v.null(),
  handler: async (ctx, { roomId, sessionId }) => {
    const { user } = await requireMember(ctx, roomId);
    const session = await findSession(ctx, roomId, sessionId);
    if (session === null) return null;
    if (session.userId !== user._id) notYours();
    await disconnectSession(ctx, session._id, Date.now());
    return null;
  },
});

/**
 * The sweeper (crons.ts): sessions at or past their deadline go offline and lose their cursor;
 * expired typing rows, spent rate-limit rows and day-old offline sessions are deleted. `now`
 * defaults to the current time (tests pass one).
 */
export const sweep = internalMutation({
  args: { now: v.optional(v.number()) },
  returns: v.object({
    disconnected: v.number(),
    typing: v.number(),
    rateLimits: v.number(),
    offline: v.number(),
  }),
  handler: async (ctx, args) => {
    const now = args.now ?? Date.now();
    const expired = await ctx.db
      .query("heartbeats")
      .withIndex("by_disconnectDeadline", (q) => q.lte("disconnectDeadline", now))
      .take(SWEEP_BATCH);
    for (const beat of expired) {
      await disconnectSession(ctx, beat.presenceId, beat.disconnectDeadline);
    }
    const typing = await ctx.db
      .query("typing")
      .withIndex("by_expiresAt", (q) => q.lte("expiresAt", now))
      .take(SWEEP_BATCH);
    for (const row of typing) await ctx.db.delete("typing", row._id);
    const limits = await ctx.db
      .query("rateLimits")
      .withIndex("by_expiresAt", (q) => q.lte("expiresAt", now))
      .take(SWEEP_BATCH);
    for (const row of limits) await ctx.db.delete("rateLimits", row._id);
    const offline = await ctx.db
      .query("presence")
      .withIndex("by_status_statusChangedAt", (q) =>
        q.eq("status", "offline").lt("statusChangedAt", now - OFFLINE_RETENTION_MS),
      )
      .take(SWEEP_BATCH);
    for (const row of offline) await ctx.db.delete("presence", row._id);
    return {
      disconnected: expired.length,
      typing: typing.length,
      rateLimits: limits.length,
      offline: offline.length,
    };
  },
});

/**
 * Starts (`typing: true`, shown for TYPING_EXPIRY_MS unless refreshed) or stops the caller's
 * typing indicator. Refreshing a fresh entry writes nothing, so `typing` does not re-run.
 */
export const setTyping = mutation({
  args: { roomId: v.id("rooms"), typing: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { roomId, typing }) => {
    const { user } = await requireMember(ctx, roomId);
    const now = Date.now();
    await consumeRateLimit(ctx, `typing:${user._id}`, TYPING_UPDATES_PER_SECOND, now);
    const row = await ctx.db
      .query("typing")
      .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId).eq("userId", user._id))
      .unique();
    if (!typing) {
      if (row !== null) await ctx.db.delete("typing", row._id);
    } else if (row === null) {
      await ctx.db.insert("typing", { roomId, userId: user._id, expiresAt: typingExpiresAt(now) });
    } else if (row.expiresAt - now < TYPING_EXPIRY_MS / 2) {
      await ctx.db.patch("typing", row._id, { expiresAt: typingExpiresAt(now) });
    }
    return null;
  },
});

/** Members typing in the room now, the caller included (apps filter with `activeTypists`). */
export const typing = query({
  args: { roomId: v.id("rooms"), key: v.optional(v.string()) },
  returns: v.array(typingView),
  handler: async (ctx, { roomId, key }) => {
    await requireRoomReader(ctx, roomId, key);
    // Date.now() in a query is fixed per run; the sweeper deleting expired rows re-runs it.
    const now = Date.now();
    const profile = profileLoader(ctx);
    const rows = await ctx.db
      .query("typing")
      .withIndex("by_roomId_userId", (q) => q.eq("roomId", roomId))
      .collect();
    return await Promise.all(
      rows
        .filter((row) => row.expiresAt > now)
        .map(async (row) => ({
          roomId,
          userId: row.userId,
          name: (await profile(row.userId)).name,
          expiresAt: row.expiresAt,
        })),
    );
  },
});

function isUnit(n: number) {
  return Number.isFinite(n) && n >= 0 && n <= 1;
}

function isOffset(n: number) {
  return Number.isSafeInteger(n) && n >= 0 && n <= DOCUMENT_MAX_LENGTH;
}

/**
 * Moves the session's room pointer (x, y in [0, 1]; null: left the canvas), document caret
 * (UTF-16 offsets into the text at `revision`; null: no document focused) and/or board presence
 * (BoardPresence of @rooms/domain: pointer in board units, selection, draft; null: not on the
 * board). An omitted field keeps its value. Throws INVALID_ARGUMENT (field `boardPresence` for
 * a bad board presence), DOCUMENT_NOT_FOUND, RATE_LIMITED.
 */
export const updateCursor = mutation({
  args: {
    roomId: v.id("rooms"),
    sessionId: v.string(),
    pointer: v.optional(v.union(v.null(), point)),
    caret: v.optional(v.union(v.null(), caret)),
    board: v.optional(v.union(v.null(), boardPresence)),
  },
  returns: v.null(),
  handler: async (ctx, { roomId, sessionId, pointer, caret, board }) => {
    const { user } = await requireMember(ctx, roomId);
    checkSessionId(sessionId);
    if (pointer && !(isUnit(pointer.x) && isUnit(pointer.y))) {
      fail(ErrorCode.INVALID_ARGUMENT, { detail: "pointer x and y must be in [0, 1]" });
    }
    if (caret) {
      if (!isOffset(caret.anchor) || !isOffset(caret.head) || !isOffset(caret.revision)) {
        fail(ErrorCode.INVALID_ARGUMENT, { detail: "caret offsets must be integers >= 0" });
      }
      await checkDocumentInRoom(ctx, roomId, caret.documentId);
    }
    if (board) {
      const invalid = boardPresenceError(board);
      if (invalid !== null) fail(invalid.code, invalid);
    }
    const now = Date.now();
    const row = await ctx.db
      .query("cursors")
      .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId).eq("sessionId", sessionId))
      .unique();
    if (row !== null && row.userId !== user._id) notYours();
    const { hits } = checkRateLimit(row && { hits: row.hits }, now, CURSOR_UPDATES_PER_SECOND);
    const next = {
      pointer: pointer !== undefined ? pointer : (row?.pointer ?? null),
      caret: caret !== undefined ? caret : (row?.caret ?? null),
      board: board !== undefined ? board : (row?.board ?? null),
      updatedAt: now,
      aliveAt: now,
      hits,
    };
    if (row === null) {
      await ctx.db.insert("cursors", { roomId, userId: user._id, sessionId, ...next });
    } else {
      await ctx.db.patch("cursors", row._id, next);
    }
    return null;
  },
});

/**
 * Every session's cursor in the room, the caller's own included (apps skip their sessionId),
 * without names and colors (clients join them from `rooms.members`).
 */
export const cursors = query({
  args: { roomId: v.id("rooms"), key: v.optional(v.string()) },
  returns: v.array(packedCursorRowView),
  handler: async (ctx, { roomId, key }) => {
    await requireRoomReader(ctx, roomId, key);
    const rows = await ctx.db
      .query("cursors")
      .withIndex("by_roomId_sessionId", (q) => q.eq("roomId", roomId))
      .collect();
    // No names or colors: the result changes ten times a second per mover, profiles do not
    // (clients join them from rooms.members). Packed rows: every member decodes the whole list
    // on every move (@rooms/domain cursor-rows.ts).
    return rows.map((row) =>
      packCursorRow({
        sessionId: row.sessionId,
        userId: row.userId,
        pointer: row.pointer,
        caret: row.caret,
        board: row.board ?? null,
        updatedAt: row.updatedAt,
        aliveAt: row.aliveAt ?? row.updatedAt,
      }),
    );
  },
});
