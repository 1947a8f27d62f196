// The Rooms data model, shared by both apps through one deployment.
//
// Convex Auth's tables (users, authSessions, authAccounts, ...) come from `authTables`; `users` is
// redefined with the same fields and indexes plus the profile color. Everything else is the app:
//
//   rooms ─┬─ memberships            who belongs to a room (owner or member)
//          ├─ roomKeys               the members' access key for the shared queries
//          ├─ presence ── heartbeats one row per (room, browser session); the deadline apart
//          ├─ cursors                pointer, caret and board presence per session, ~10×/s
//          ├─ typing                 one expiring row per (room, user)
//          ├─ boards ── shapes       the whiteboard: its shape count; one row per shape
//          ├─ messages               chat, files and system lines (text-searchable)
//          └─ documents ─┬─ documentContents   the text, in its own row (up to 500,000 chars)
//                        ├─ operations         every committed text operation, by revision
//                        └─ snapshots          full text every N operations, on lock, on restore
//   uploads                           which user and message claimed each uploaded file
//   sweeps                            where each incremental sweep stopped
//   rateLimits                        sliding-window state per user action
//
// Rows that change often live apart from rows that many queries read, because a write re-runs
// every query that read the row: a heartbeat touches only `heartbeats` (read by the sweeper
// alone), a cursor move only `cursors`, a keystroke `documentContents` plus the small
// `documents` row, a shape move one `shapes` row (read by one of the board's 16 bucket queries). Index names follow their fields: `by_<field>_<field>`. The auth library's own
// indexes (`email`, `phone`, ...) keep the names it queries them by.
import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const roomType = v.union(v.literal("document"), v.literal("whiteboard"), v.literal("chat"));
export const presenceStatus = v.union(v.literal("online"), v.literal("away"), v.literal("offline"));
/** ot.js-style text operation: retain n (n > 0), delete n (-n), insert s. See @rooms/domain. */
export const textOperation = v.array(v.union(v.number(), v.string()));
/** SHAPE_KINDS of @rooms/domain board.ts. */
export const shapeKind = v.union(
  v.literal("rectangle"),
  v.literal("ellipse"),
  v.literal("line"),
  v.literal("arrow"),
  v.literal("pen"),
  v.literal("note"),
  v.literal("text"),
);
/** The editable fields of a board shape (Shape in @rooms/domain, without id and kind). */
export const shapeFields = {
  x: v.number(),
  y: v.number(),
  width: v.number(),
  height: v.number(),
  points: v.optional(v.array(v.number())),
  text: v.optional(v.string()),
  color: v.string(),
  strokeWidth: v.number(),
  z: v.string(),
};
export const point = v.object({ x: v.number(), y: v.number() });
/** BoardPresence of @rooms/domain board-presence.ts: pointer in board units, selection, draft. */
export const boardPresence = v.object({
  pointer: v.union(v.null(), point),
  selection: v.array(v.string()),
  draft: v.union(
    v.null(),
    v.object({ kind: shapeKind, ...(({ z: _, ...fields }) => fields)(shapeFields) }),
  ),
});
export const caret = v.object({
  documentId: v.id("documents"),
  anchor: v.number(),
  head: v.number(),
  revision: v.number(),
});
export const reaction = v.object({ emoji: v.string(), userIds: v.array(v.id("users")) });
export const systemKind = v.union(
  v.literal("joined"),
  v.literal("left"),
  v.literal("document_created"),
);
export const snapshotReason = v.union(
  v.literal("created"),
  v.literal("periodic"),
  v.literal("lock"),
  v.literal("restore"),
);

export default defineSchema({
  ...authTables,
  users: defineTable({
    name: v.optional(v.string()),
    image: v.optional(v.string()),
    email: v.optional(v.string()),
    emailVerificationTime: v.optional(v.number()),
    phone: v.optional(v.string()),
    phoneVerificationTime: v.optional(v.number()),
    isAnonymous: v.optional(v.boolean()),
    /** One of USER_COLORS; set when the user is created, changed in users.updateProfile. */
    color: v.optional(v.string()),
  })
    .index("email", ["email"])
    .index("phone", ["phone"]),

  /** A room's access key for the shared hot queries (lib/roomKeys.ts); one row per room. */
  roomKeys: defineTable({ roomId: v.id("rooms"), key: v.string() }).index("by_roomId", ["roomId"]),

  rooms: defineTable({
    name: v.string(),
    description: v.string(),
    type: roomType,
    isPrivate: v.boolean(),
    ownerId: v.id("users"),
    /** Private rooms only; normalized (upper case). */
    inviteCode: v.optional(v.string()),
    maxParticipants: v.optional(v.number()),
  })
    .index("by_isPrivate", ["isPrivate"])
    .index("by_inviteCode", ["inviteCode"])
    .index("by_ownerId", ["ownerId"]),

  memberships: defineTable({
    roomId: v.id("rooms"),
    userId: v.id("users"),
    role: v.union(v.literal("owner"), v.literal("member")),
  })
    .index("by_roomId_userId", ["roomId", "userId"])
    .index("by_userId", ["userId"]),

  /** One browser session (tab) in a room. Written only when its status or document changes. */
  presence: defineTable({
    roomId: v.id("rooms"),
    userId: v.id("users"),
    /** Chosen by the client, one per tab; not the auth session. */
    sessionId: v.string(),
    status: presenceStatus,
    documentId: v.optional(v.id("documents")),
    statusChangedAt: v.number(),
  })
    .index("by_roomId_sessionId", ["roomId", "sessionId"])
    .index("by_roomId_userId", ["roomId", "userId"])
    .index("by_status_statusChangedAt", ["status", "statusChangedAt"]),

  /** The live part of a connected session, rewritten by every heartbeat; read by the sweeper. */
  heartbeats: defineTable({
    presenceId: v.id("presence"),
    lastHeartbeat: v.number(),
    /** When the client last reported itself active (status "online"). */
    lastInput: v.number(),
    disconnectDeadline: v.number(),
  })
    .index("by_presenceId", ["presenceId"])
    .index("by_disconnectDeadline", ["disconnectDeadline"]),

  cursors: defineTable({
    roomId: v.id("rooms"),
    userId: v.id("users"),
    sessionId: v.string(),
    pointer: v.union(v.null(), point),
    caret: v.union(v.null(), caret),
    /** On a whiteboard; absent on rows written before boards existed. */
    board: v.optional(v.union(v.null(), boardPresence)),
    updatedAt: v.number(),
    /** The session's last move or heartbeat (ms); optional for rows written before it existed. */
    aliveAt: v.optional(v.number()),
    /** Rate-limit state of this session's cursor updates (domain `RateLimitState`). */
    hits: v.array(v.number()),
  }).index("by_roomId_sessionId", ["roomId", "sessionId"]),

  typing: defineTable({
    roomId: v.id("rooms"),
    userId: v.id("users"),
    expiresAt: v.number(),
  })
    .index("by_roomId_userId", ["roomId", "userId"])
    .index("by_expiresAt", ["expiresAt"]),

  messages: defineTable({
    roomId: v.id("rooms"),
    /** The sender; for a system message, the user it is about. */
    authorId: v.id("users"),
    kind: v.union(v.literal("text"), v.literal("file"), v.literal("system")),
    body: v.string(),
    editedAt: v.optional(v.number()),
    deleted: v.boolean(),
    reactions: v.array(reaction),
    file: v.optional(
      v.object({
        storageId: v.id("_storage"),
        name: v.string(),
        contentType: v.string(),
        size: v.number(),
      }),
    ),
    system: v.optional(
      v.object({
        kind: systemKind,
        documentId: v.optional(v.id("documents")),
        documentTitle: v.optional(v.string()),
      }),
    ),
  })
    .index("by_roomId", ["roomId"])
    .searchIndex("search_body", { searchField: "body", filterFields: ["roomId"] }),

  /**
   * A document's metadata: small, and not written by edits, so a keystroke re-runs no
   * `documents.list`.
   */
  documents: defineTable({
    roomId: v.id("rooms"),
    title: v.string(),
    /** The revision at creation; the current one is `documentContents.revision` (lib/documentText). */
    revision: v.number(),
    createdBy: v.id("users"),
    /** When created; the last edit is `documentContents.updatedAt`. */
    updatedAt: v.number(),
    lockedBy: v.optional(v.id("users")),
    lockedAt: v.optional(v.number()),
  }).index("by_roomId", ["roomId"]),

  /** The text, written by every edit, with the revision it is at and when it was last edited. */
  documentContents: defineTable({
    documentId: v.id("documents"),
    content: v.string(),
    /** Absent in rows from before edits stopped writing `documents` (then that row's values). */
    revision: v.optional(v.number()),
    updatedAt: v.optional(v.number()),
  }).index("by_documentId", ["documentId"]),

  /** `revision` is the revision the operation produced (1 for the first). */
  operations: defineTable({
    documentId: v.id("documents"),
    revision: v.number(),
    operation: textOperation,
    clientId: v.string(),
    userId: v.id("users"),
  }).index("by_documentId_revision", ["documentId", "revision"]),

  snapshots: defineTable({
    documentId: v.id("documents"),
    revision: v.number(),
    content: v.string(),
    reason: snapshotReason,
    userId: v.id("users"),
  }).index("by_documentId_revision", ["documentId", "revision"]),

  /** An uploaded file attached to a message: at most one row per file (lib/uploads.ts). */
  uploads: defineTable({
    storageId: v.id("_storage"),
    userId: v.id("users"),
    messageId: v.id("messages"),
  }).index("by_storageId", ["storageId"]),

  /**
   * One whiteboard shape per row, so edits of different shapes never conflict. `shapeId` is
   * chosen by the creating client (optimistic creation, undo) and unique within the room.
   */
  shapes: defineTable({
    roomId: v.id("rooms"),
    shapeId: v.string(),
    /** `shapeBucket(shapeId)`: the part of the board (`boards.list` by bucket) it is read in. */
    bucket: v.number(),
    kind: shapeKind,
    ...shapeFields,
    createdBy: v.id("users"),
    updatedBy: v.id("users"),
  }).index("by_roomId_bucket_shapeId", ["roomId", "bucket", "shapeId"]),

  /** How many shapes a room's board holds, kept by boards.create / remove (one row per board). */
  boards: defineTable({
    roomId: v.id("rooms"),
    shapeCount: v.number(),
  }).index("by_roomId", ["roomId"]),

  /** Where an incremental sweep stopped (`through`: a `_creationTime`), one row per `name`. */
  sweeps: defineTable({ name: v.string(), through: v.number() }).index("by_name", ["name"]),

  /** Sliding-window state for per-user limits; `key` is e.g. "messages:<userId>". */
  rateLimits: defineTable({
    key: v.string(),
    hits: v.array(v.number()),
    /** After this the state is empty and the sweeper deletes the row. */
    expiresAt: v.number(),
  })
    .index("by_key", ["key"])
    .index("by_expiresAt", ["expiresAt"]),
});
