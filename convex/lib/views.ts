// `returns` validators for what the public functions hand to the apps: the view models of
// @rooms/domain (types.ts), with `id` instead of `_id` and times in ms since the epoch. The
// `Check*` types at the end fail to compile if a validator drifts from its domain type.
import type {
  DocumentOperation,
  DocumentSummary,
  Member,
  Message,
  PackedCursorRow,
  RoomDocument,
  RoomSummary,
  Snapshot,
  TypingEntry,
} from "@rooms/domain";
import { v, type Infer } from "convex/values";
import {
  boardPresence,
  presenceStatus,
  reaction,
  roomType,
  snapshotReason,
  systemKind,
  textOperation,
} from "../schema";

export const meView = v.object({
  _id: v.id("users"),
  name: v.string(),
  color: v.string(),
  isAnonymous: v.boolean(),
  email: v.optional(v.string()),
});

/** A lobby card (`RoomSummary`); `rooms.get` adds the invite code for the owner. */
export const roomView = v.object({
  id: v.id("rooms"),
  name: v.string(),
  description: v.string(),
  type: roomType,
  isPrivate: v.boolean(),
  maxParticipants: v.optional(v.number()),
  ownerId: v.id("users"),
  createdAt: v.number(),
  memberCount: v.number(),
  onlineCount: v.number(),
  isMember: v.boolean(),
  /** Present for the owner of a private room only. */
  inviteCode: v.optional(v.string()),
});

export const memberView = v.object({
  userId: v.id("users"),
  name: v.string(),
  color: v.string(),
  role: v.union(v.literal("owner"), v.literal("member")),
  status: presenceStatus,
  joinedAt: v.number(),
  documentId: v.optional(v.id("documents")),
});

/**
 * A PackedCursorRow of @rooms/domain: a CursorRow (no name or color: clients take them from
 * `rooms.members`) as one flat array. Convex validators have no tuples: each cell is one of the
 * cell types, and `packCursorRow` fixes the order.
 */
export const packedCursorRowView = v.array(
  v.union(v.string(), v.number(), v.null(), boardPresence),
);

export const typingView = v.object({
  roomId: v.id("rooms"),
  userId: v.id("users"),
  name: v.string(),
  expiresAt: v.number(),
});

const documentListFields = {
  id: v.id("documents"),
  roomId: v.id("rooms"),
  title: v.string(),
  lockedBy: v.union(v.null(), v.id("users")),
  lockedByName: v.optional(v.string()),
};

/** A `documents.list` entry: nothing a keystroke changes. */
export const documentSummaryView = v.object(documentListFields);

export const documentView = v.object({
  ...documentListFields,
  revision: v.number(),
  updatedAt: v.number(),
  content: v.string(),
  createdBy: v.id("users"),
  createdAt: v.number(),
});

export const operationView = v.object({
  revision: v.number(),
  operation: textOperation,
  clientId: v.string(),
  userId: v.id("users"),
  createdAt: v.number(),
});

/** A history entry without its text; `documents.snapshot` returns the text. */
export const snapshotSummaryView = v.object({
  id: v.id("snapshots"),
  documentId: v.id("documents"),
  revision: v.number(),
  reason: snapshotReason,
  createdAt: v.number(),
  userId: v.id("users"),
  userName: v.string(),
  length: v.number(),
  /** The first SNAPSHOT_PREVIEW_LENGTH characters. */
  preview: v.string(),
});

export const snapshotView = v.object({
  id: v.id("snapshots"),
  documentId: v.id("documents"),
  revision: v.number(),
  reason: snapshotReason,
  createdAt: v.number(),
  content: v.string(),
});

export const messageView = v.object({
  id: v.id("messages"),
  roomId: v.id("rooms"),
  kind: v.union(v.literal("text"), v.literal("file"), v.literal("system")),
  authorId: v.id("users"),
  authorName: v.string(),
  authorColor: v.string(),
  body: v.string(),
  createdAt: v.number(),
  edited: v.boolean(),
  editedAt: v.optional(v.number()),
  deleted: v.boolean(),
  reactions: v.array(reaction),
  file: v.optional(
    v.object({
      storageId: v.id("_storage"),
      name: v.string(),
      contentType: v.string(),
      size: v.number(),
      url: v.union(v.null(), v.string()),
      isImage: v.boolean(),
    }),
  ),
  system: v.optional(
    v.object({
      kind: systemKind,
      userName: v.optional(v.string()),
      documentId: v.optional(v.id("documents")),
      documentTitle: v.optional(v.string()),
    }),
  ),
});

// Compile-time agreement with @rooms/domain: each line errors if the validator's type is not
// assignable to the domain type.
type Assignable<T extends U, U> = T;
export type CheckViews = [
  // The other way round for the packed row: the domain's tuple is one of the validator's arrays.
  Assignable<PackedCursorRow, Infer<typeof packedCursorRowView>>,
  Assignable<Infer<typeof roomView>, RoomSummary>,
  Assignable<Infer<typeof memberView>, Member>,
  Assignable<Infer<typeof typingView>, TypingEntry>,
  Assignable<Infer<typeof documentSummaryView>, DocumentSummary>,
  Assignable<Infer<typeof documentView>, RoomDocument>,
  Assignable<Infer<typeof operationView>, DocumentOperation>,
  Assignable<Omit<Infer<typeof snapshotView>, "id">, Snapshot>,
  Assignable<Infer<typeof messageView>, Message>,
];
