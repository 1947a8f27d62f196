// Fixed data for both apps' Storybooks (no clock, no randomness), so every render is the same and
// the Svelte and Vue stories show the same states with the same content.
import type { DocumentSnapshot, DrawnPointer } from "@rooms/client";
import {
  cursorLabelPlacement,
  type DocumentSummary,
  type Member,
  type Message,
  type RoomSummary,
} from "@rooms/domain";

/** 2026-01-15 09:30 UTC. */
export const T0 = Date.UTC(2026, 0, 15, 9, 30);
const minutes = (n: number) => T0 + n * 60_000;

export const viewerId = "user-ada";
export const ownerId = "user-ada";

export const members: Member[] = [
  {
    userId: "user-ada",
    name: "Ada Lovelace",
    color: "#C62828",
    role: "owner",
    status: "online",
    joinedAt: minutes(-60),
  },
  {
    userId: "user-alan",
    name: "Alan Turing",
    color: "#1565C0",
    role: "member",
    status: "online",
    joinedAt: minutes(-50),
    typing: true,
  },
  {
    userId: "user-grace",
    name: "Grace Hopper",
    color: "#2E7D32",
    role: "member",
    status: "away",
    joinedAt: minutes(-40),
  },
  {
    userId: "user-edsger",
    name: "Edsger Dijkstra",
    color: "#6A1B9A",
    role: "member",
    status: "offline",
    joinedAt: minutes(-30),
  },
  {
    userId: "user-barbara",
    name: "Barbara Liskov",
    color: "#EF6C00",
    role: "member",
    status: "online",
    joinedAt: minutes(-20),
  },
  {
    userId: "user-donald",
    name: "Donald Knuth",
    color: "#00838F",
    role: "member",
    status: "online",
    joinedAt: minutes(-10),
  },
  {
    userId: "user-margaret",
    name: "Margaret Hamilton",
    color: "#AD1457",
    role: "member",
    status: "away",
    joinedAt: minutes(-5),
  },
];

export const room: RoomSummary = {
  id: "room-design",
  name: "Design review",
  description: "Weekly review of the Rooms design.",
  type: "document",
  isPrivate: false,
  ownerId,
  createdAt: minutes(-120),
  memberCount: 3,
  onlineCount: 2,
  isMember: true,
};

export const rooms: RoomSummary[] = [
  room,
  {
    ...room,
    id: "room-chat",
    name: "Coffee chat",
    description: "",
    type: "chat",
    ownerId: "user-alan",
    memberCount: 12,
    onlineCount: 4,
    isMember: false,
  },
  {
    ...room,
    id: "room-board",
    name: "Sprint board",
    description: "Sketches for the next sprint.",
    type: "whiteboard",
    isPrivate: true,
    ownerId: "user-grace",
    maxParticipants: 4,
    memberCount: 2,
    onlineCount: 1,
    isMember: false,
  },
  {
    ...room,
    id: "room-full",
    name: "Pairing",
    description: "Two seats only.",
    type: "document",
    ownerId: "user-alan",
    maxParticipants: 2,
    memberCount: 2,
    onlineCount: 2,
    isMember: false,
  },
];

export const fullRoom = rooms[3]!;

const message = (
  id: string,
  authorId: string,
  body: string,
  at: number,
  extra: Partial<Message> = {},
): Message => {
  const author = members.find((m) => m.userId === authorId)!;
  return {
    id,
    roomId: room.id,
    kind: "text",
    authorId,
    authorName: author.name,
    authorColor: author.color,
    body,
    createdAt: minutes(at),
    edited: false,
    deleted: false,
    reactions: [],
    ...extra,
  };
};

export const textMessage = message("msg-1", "user-alan", "Morning! The new lobby looks great.", 1, {
  reactions: [{ emoji: "👍", userIds: ["user-ada", "user-grace"] }],
});
export const ownMessage = message("msg-2", viewerId, "Thanks, shipping it today.", 2, {
  edited: true,
  editedAt: minutes(3),
});
export const deletedMessage = message("msg-3", "user-grace", "", 4, { deleted: true });
export const fileMessage = message("msg-4", "user-grace", "The spec, for reference", 5, {
  kind: "file",
  file: {
    storageId: "storage-1",
    name: "APP_SPEC.pdf",
    contentType: "application/pdf",
    size: 182_000,
    url: null,
    isImage: false,
  },
});
/** The viewer's message waiting for the connection (not stored yet). */
export const sendingMessage = message("outgoing:1", viewerId, "Sent while offline", 7, {
  delivery: "sending",
});
/** The viewer's message the server refused. */
export const failedMessage = message("outgoing:2", viewerId, "Too fast", 8, {
  delivery: "failed",
  deliveryError: "You are not a member of this room.",
});
export const systemMessage = message("msg-5", "user-barbara", "Barbara Liskov joined", 6, {
  kind: "system",
  system: { kind: "joined", userName: "Barbara Liskov" },
});

export const messages: Message[] = [
  textMessage,
  ownMessage,
  deletedMessage,
  fileMessage,
  systemMessage,
];

export const documents: DocumentSummary[] = [
  {
    id: "doc-notes",
    roomId: room.id,
    title: "Meeting notes",
    lockedBy: null,
  },
  {
    id: "doc-plan",
    roomId: room.id,
    title: "Release plan",
    lockedBy: "user-alan",
    lockedByName: "Alan Turing",
  },
];

export const pointers: DrawnPointer[] = [
  {
    sessionId: "session-alan",
    userId: "user-alan",
    name: "Alan Turing",
    color: "#1565C0",
    x: 0.25,
    y: 0.3,
    label: cursorLabelPlacement(0.25, 0.3),
  },
  {
    sessionId: "session-grace",
    userId: "user-grace",
    name: "Grace Hopper",
    color: "#2E7D32",
    x: 0.7,
    y: 0.6,
    label: cursorLabelPlacement(0.7, 0.6),
  },
];

const text = "Agenda\n1. Lobby review\n2. Presence polish\n3. Release date";

export const snapshot: DocumentSnapshot = {
  status: "synced",
  saveState: "saved",
  text,
  revision: 42,
  selection: { anchor: 0, head: 0 },
  title: "Meeting notes",
  lockedBy: null,
  lockedByName: null,
  canEdit: true,
  remoteCarets: [],
  pendingEdits: 0,
  error: null,
};
