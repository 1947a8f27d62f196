// Entity and view-model types shared by the backend, the client core and both apps. Ids are plain
// strings: the domain knows nothing of Convex (the backend's `Id<"rooms">` is assignable to
// string). Times are milliseconds since the epoch.

import type { TextOperation } from "./ot-operation";
import type { BoardPresence } from "./board-presence";
import type { PresenceStatus } from "./presence";

export const ROOM_TYPES = ["document", "whiteboard", "chat"] as const;
export type RoomType = (typeof ROOM_TYPES)[number];

/** A panel of the room view. */
export type RoomPanel = "documents" | "chat" | "board";

/**
 * The room view's panels for a room of `type`, in page order (APP_SPEC § Room "Layout"): the
 * first leads (the wide column, first on narrow screens), the second is the side panel. A
 * document room leads with its documents, a chat room with its chat, a whiteboard room with its
 * board; the chat is the side panel of the other two.
 */
export function roomPanels(type: RoomType): readonly [RoomPanel, RoomPanel] {
  if (type === "document") return ["documents", "chat"];
  if (type === "whiteboard") return ["board", "chat"];
  return ["chat", "documents"];
}

/** What others see of a user. */
export type Profile = {
  id: string;
  name: string;
  /** One of USER_COLORS; `colorForUser(id)` unless the user picked another. */
  color: string;
  isGuest: boolean;
};

/** The signed-in user, as they see themselves. */
export type User = Profile & {
  email?: string;
  createdAt: number;
};

export type Room = {
  id: string;
  name: string;
  description: string;
  type: RoomType;
  isPrivate: boolean;
  /** Capacity; a room without one holds MAX_PARTICIPANTS_MAX. */
  maxParticipants?: number;
  /** Needed to join a private room; shown to members only. */
  inviteCode?: string;
  ownerId: string;
  createdAt: number;
};

/** A lobby card. */
export type RoomSummary = Omit<Room, "inviteCode"> & {
  memberCount: number;
  onlineCount: number;
  isMember: boolean;
};

export type MemberRole = "owner" | "member";

/** A member of a room with their live state, for avatar stacks and member lists. */
export type Member = {
  userId: string;
  name: string;
  color: string;
  role: MemberRole;
  status: PresenceStatus;
  joinedAt: number;
  /** The document the member has open, if any. */
  documentId?: string;
  typing?: boolean;
};

/** A pointer position relative to the room canvas, x and y in [0, 1]. */
export type RoomPointer = { x: number; y: number };

/** A caret or selection in a document, in UTF-16 offsets of the text at `revision`. */
export type DocumentCaret = {
  documentId: string;
  anchor: number;
  head: number;
  revision: number;
};

/** One session's cursor: a user may have several tabs, each its own session. */
export type Cursor = {
  sessionId: string;
  userId: string;
  name: string;
  color: string;
  /** Null when the pointer left the room canvas. */
  pointer: RoomPointer | null;
  /** Null when the session has no document focused. */
  caret: DocumentCaret | null;
  /** On a whiteboard: pointer in board units, selection, draft; null elsewhere. */
  board: BoardPresence | null;
  updatedAt: number;
};

/**
 * A cursor as `presence.cursors` sends it: without the user's name and color, which clients
 * take from the member list (a cursor moves ten times a second; a profile rarely changes).
 * `aliveAt` (server ms) is the session's last sign of life, a move or a heartbeat: a cursor
 * whose `aliveAt` stops advancing belongs to a tab that crashed or lost its network.
 */
export type CursorRow = Omit<Cursor, "name" | "color"> & { aliveAt: number };

export type Document = {
  id: string;
  roomId: string;
  title: string;
  content: string;
  /** Number of operations applied since creation; the revision `content` is at. */
  revision: number;
  /** The user holding the edit lock, or null when unlocked. */
  lockedBy: string | null;
  lockedByName?: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
};

/** Alias of Document for modules where the DOM's global `Document` type is in scope. */
export type RoomDocument = Document;

/** A `documents.list` entry: without `revision` and `updatedAt`, which every keystroke changes. */
export type DocumentSummary = Pick<
  Document,
  "id" | "roomId" | "title" | "lockedBy" | "lockedByName"
>;

/**
 * One committed operation. `revision` is the revision it produced: applying it to the text at
 * `revision - 1` gives the text at `revision`. `clientId` identifies the sending editor
 * instance, so a client recognises the acknowledgement of its own operation.
 */
export type DocumentOperation = {
  revision: number;
  operation: TextOperation;
  clientId: string;
  userId: string;
  createdAt?: number;
};

/** The full text at a revision, stored every SNAPSHOT_EVERY_OPERATIONS operations. */
export type Snapshot = {
  documentId: string;
  revision: number;
  content: string;
  createdAt: number;
};

export type MessageKind = "text" | "file" | "system";

export type SystemMessageKind = "joined" | "left" | "document_created";

/** Reactions a message can get; both apps offer these in the picker, in this order. */
export const REACTION_EMOJIS = ["👍", "❤️", "😂", "🎉", "😮", "😢"] as const;

export type Reaction = { emoji: string; userIds: string[] };

export type MessageFile = {
  storageId: string;
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Null while the file is unavailable. */
  url: string | null;
  /** Shown inline as an image preview: `isImageContentType(contentType)`. */
  isImage: boolean;
};

/**
 * A message the server has not caught up with, as the viewer's client shows it: "sending" (sent,
 * not stored yet: waiting for the connection or its turn), "failed" (refused; the user may retry
 * or discard it) or "saving" (stored; the viewer's edit of it is on its way).
 */
export type MessageDelivery = "sending" | "saving" | "failed";

export type Message = {
  id: string;
  roomId: string;
  kind: MessageKind;
  authorId: string;
  authorName: string;
  authorColor: string;
  /** Text (may be empty for a file); for a system message, a fallback rendering. */
  body: string;
  createdAt: number;
  edited: boolean;
  editedAt?: number;
  /** A deleted message keeps its place and shows "Message deleted"; its body is emptied. */
  deleted: boolean;
  reactions: Reaction[];
  file?: MessageFile;
  /** Set when kind is "system". */
  system?: {
    kind: SystemMessageKind;
    userName?: string;
    documentId?: string;
    documentTitle?: string;
  };
  /** Client only: set while the message (or the viewer's change to it) is on its way. */
  delivery?: MessageDelivery;
  /** Client only, with delivery "failed": why the server refused it. */
  deliveryError?: string;
};

export type TypingEntry = {
  roomId: string;
  userId: string;
  name: string;
  expiresAt: number;
};

/** The connection banner's state (`data-state` on connection-banner). */
export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/**
 * A document editor's save state (`data-state` on document-save-state): all acknowledged, an
 * operation in flight, edits waiting for the connection, or rejected by the server.
 */
export type SaveState = "saved" | "saving" | "offline" | "error";

/** A reaction as a view shows it. */
export type ReactionView = { emoji: string; count: number; mine: boolean };

/** Reactions with at least one user, with counts and whether `viewerId` is among them. */
export function reactionViews(reactions: readonly Reaction[], viewerId?: string): ReactionView[] {
  return reactions
    .filter((reaction) => reaction.userIds.length > 0)
    .map((reaction) => ({
      emoji: reaction.emoji,
      count: reaction.userIds.length,
      mine: viewerId !== undefined && reaction.userIds.includes(viewerId),
    }));
}

/** Adds `userId` to the reaction with `emoji` or removes them if present; a new emoji goes last. */
export function toggleReaction(
  reactions: readonly Reaction[],
  emoji: string,
  userId: string,
): Reaction[] {
  const found = reactions.some((reaction) => reaction.emoji === emoji);
  const next = reactions.map((reaction) =>
    reaction.emoji !== emoji
      ? reaction
      : {
          emoji,
          userIds: reaction.userIds.includes(userId)
            ? reaction.userIds.filter((id) => id !== userId)
            : [...reaction.userIds, userId],
        },
  );
  if (!found) next.push({ emoji, userIds: [userId] });
  return next.filter((reaction) => reaction.userIds.length > 0);
}

/** True for a content type a message shows as an inline image preview. */
export function isImageContentType(contentType: string): boolean {
  return /^image\/(png|jpeg|gif|webp|avif)$/i.test(contentType.trim());
}
