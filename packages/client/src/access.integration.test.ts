// The authorization matrix: every public function of convex/ called by a client that is not
// signed in and by a signed-in user who is not a member of the room, expecting the error code
// each module's header documents (convex/*.ts "Access:"), plus the owner-only and author-only
// rules for a plain member. A completeness check fails when a module gains a public function
// this table does not cover.
import fs from "node:fs";
import path from "node:path";
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { BOARD_COLORS, ErrorCode } from "@rooms/domain";
import type { ConvexClient } from "convex/browser";
import { getFunctionName, type FunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roomsErrorOf } from "./convex";
import { ROOT } from "./test-support/push";
import { Clients, type User } from "./test-support/rooms";

type Fixture = {
  roomId: Id<"rooms">;
  documentId: Id<"documents">;
  snapshotId: Id<"snapshots">;
  messageId: Id<"messages">;
  storageId: Id<"_storage">;
};

/** What a caller gets: an error code, or "ok" (allowed), or the exact value for a signed-out read. */
type Outcome = ErrorCode | "ok" | { value: unknown };

type Row = {
  ref: FunctionReference<"query" | "mutation" | "action">;
  args: (f: Fixture) => Record<string, unknown>;
  signedOut: Outcome;
  nonMember: Outcome;
  /** A member who is neither the owner nor the author (only where it differs from "ok"). */
  member?: Outcome;
  /** Told apart in the test name (rows of one function with other arguments). */
  label?: string;
};

const { UNAUTHENTICATED, NOT_A_MEMBER, NOT_OWNER, NOT_AUTHOR, INVALID_INVITE_CODE } = ErrorCode;
const page = { numItems: 10, cursor: null };

const matrix: Row[] = [
  { ref: api.users.identity, args: () => ({}), signedOut: { value: null }, nonMember: "ok" },
  { ref: api.users.me, args: () => ({}), signedOut: { value: null }, nonMember: "ok" },
  {
    ref: api.users.updateProfile,
    args: () => ({ name: "Renamed" }),
    signedOut: UNAUTHENTICATED,
    nonMember: "ok",
  },
  { ref: api.auth.isAuthenticated, args: () => ({}), signedOut: { value: false }, nonMember: "ok" },
  { ref: api.rooms.list, args: () => ({}), signedOut: UNAUTHENTICATED, nonMember: "ok" },
  {
    ref: api.rooms.get,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.rooms.create,
    args: () => ({ name: "Mine", type: "chat", isPrivate: false }),
    signedOut: UNAUTHENTICATED,
    nonMember: "ok",
  },
  {
    ref: api.rooms.update,
    args: (f) => ({ roomId: f.roomId, name: "Taken over" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
    member: NOT_OWNER,
  },
  {
    ref: api.rooms.regenerateInviteCode,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
    member: NOT_OWNER,
  },
  {
    ref: api.rooms.remove,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
    member: NOT_OWNER,
  },
  {
    ref: api.rooms.join,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: INVALID_INVITE_CODE,
  },
  {
    ref: api.rooms.joinByInviteCode,
    args: () => ({ inviteCode: "WRONG234" }),
    signedOut: UNAUTHENTICATED,
    nonMember: INVALID_INVITE_CODE,
  },
  {
    ref: api.rooms.leave,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.rooms.members,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.rooms.accessKey,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.heartbeat,
    args: (f) => ({ roomId: f.roomId, sessionId: "intruder" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.leave,
    args: (f) => ({ roomId: f.roomId, sessionId: "intruder" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.setTyping,
    args: (f) => ({ roomId: f.roomId, typing: true }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.typing,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.updateCursor,
    args: (f) => ({ roomId: f.roomId, sessionId: "intruder", pointer: { x: 0, y: 0 } }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.presence.cursors,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.list,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.boards.list,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.boards.create,
    args: (f) => ({
      roomId: f.roomId,
      shapes: [
        {
          id: "intruder",
          kind: "rectangle",
          x: 0,
          y: 0,
          width: 10,
          height: 10,
          color: BOARD_COLORS[0],
          strokeWidth: 2,
          z: "a0",
        },
      ],
    }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.boards.update,
    args: (f) => ({ roomId: f.roomId, patches: [{ id: "intruder", x: 5 }] }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.boards.remove,
    args: (f) => ({ roomId: f.roomId, ids: ["intruder"] }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.create,
    args: (f) => ({ roomId: f.roomId, title: "Intrusion" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.rename,
    args: (f) => ({ documentId: f.documentId, title: "Renamed" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.get,
    args: (f) => ({ documentId: f.documentId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.submitOperations,
    args: (f) => ({
      documentId: f.documentId,
      baseRevision: 0,
      operations: [["x", 4]],
      clientId: "intruder",
    }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.operationsSince,
    args: (f) => ({ documentId: f.documentId, revision: 0 }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.lock,
    args: (f) => ({ documentId: f.documentId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.unlock,
    args: (f) => ({ documentId: f.documentId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.history,
    args: (f) => ({ documentId: f.documentId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.snapshot,
    args: (f) => ({ snapshotId: f.snapshotId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.documents.restore,
    args: (f) => ({ snapshotId: f.snapshotId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.list,
    args: (f) => ({ roomId: f.roomId, paginationOpts: page }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.send,
    args: (f) => ({ roomId: f.roomId, body: "hi" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.edit,
    args: (f) => ({ messageId: f.messageId, body: "edited" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
    member: NOT_AUTHOR,
  },
  {
    ref: api.messages.remove,
    args: (f) => ({ messageId: f.messageId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
    member: NOT_AUTHOR,
  },
  {
    ref: api.messages.react,
    args: (f) => ({ messageId: f.messageId, emoji: "👍" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.generateUploadUrl,
    args: (f) => ({ roomId: f.roomId }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.sendFile,
    args: (f) => ({
      roomId: f.roomId,
      storageId: f.storageId,
      name: "a.txt",
      contentType: "text/plain",
    }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
  {
    ref: api.messages.search,
    args: (f) => ({ roomId: f.roomId, query: "hello" }),
    signedOut: UNAUTHENTICATED,
    nonMember: NOT_A_MEMBER,
  },
];

/**
 * The queries that take the room's access key (convex/lib/roomKeys.ts), called with a key that is
 * not the room's: exactly as without one.
 */
const keyed = new Set(
  [
    api.rooms.members,
    api.presence.typing,
    api.presence.cursors,
    api.documents.list,
    api.documents.operationsSince,
    api.boards.list,
  ].map((ref) => getFunctionName(ref)),
);
const withGuessedKey: Row[] = matrix
  .filter((row) => keyed.has(getFunctionName(row.ref)))
  .map((row) => ({
    ...row,
    args: (f) => ({ ...row.args(f), key: "0".repeat(32) }),
    label: " (a guessed key)",
  }));

/** Public functions the Convex Auth library adds, whose access is the library's. */
const LIBRARY_FUNCTIONS = ["auth:signIn", "auth:signOut"];

async function call(client: ConvexClient, row: Row, fixture: Fixture): Promise<Outcome> {
  const name = getFunctionName(row.ref);
  const args = row.args(fixture) as never;
  try {
    const value =
      kindOf(name) === "query"
        ? await client.query(row.ref as never, args)
        : await client.mutation(row.ref as never, args);
    return { value };
  } catch (error) {
    const code = roomsErrorOf(error)?.code;
    if (code === undefined) throw error;
    return code;
  }
}

/** Public functions per module, read from the sources: `export const x = query|mutation|action(`. */
function publicFunctions(): Map<string, "query" | "mutation" | "action"> {
  const found = new Map<string, "query" | "mutation" | "action">();
  for (const file of fs.readdirSync(path.join(ROOT, "convex"))) {
    if (!file.endsWith(".ts") || file.includes(".test.") || file.split(".").length > 2) continue;
    const source = fs.readFileSync(path.join(ROOT, "convex", file), "utf8");
    for (const [, name, kind] of source.matchAll(
      /export const (\w+) = (query|mutation|action)\(/g,
    )) {
      found.set(`${file.replace(/\.ts$/, "")}:${name}`, kind as "query" | "mutation" | "action");
    }
  }
  found.set("auth:isAuthenticated", "query");
  return found;
}
const kinds = publicFunctions();
const kindOf = (name: string) => kinds.get(name);

const clients = new Clients();
let owner: User;
let member: User;
let outsider: User;
let anonymous: ConvexClient;
let fixture: Fixture;

beforeAll(async () => {
  [owner, member, outsider] = [await clients.guest(), await clients.guest(), await clients.guest()];
  anonymous = clients.client();
  const roomId = await owner.client.mutation(api.rooms.create, {
    name: "Private",
    type: "document",
    isPrivate: true,
  });
  const room = await owner.client.query(api.rooms.get, { roomId });
  await member.client.mutation(api.rooms.join, { roomId, inviteCode: room.inviteCode! });
  const documentId = await owner.client.mutation(api.documents.create, {
    roomId,
    title: "Plan",
    content: "text",
  });
  const [snapshot] = await owner.client.query(api.documents.history, { documentId });
  const messageId = await owner.client.mutation(api.messages.send, { roomId, body: "hello" });
  const uploadUrl = await owner.client.mutation(api.messages.generateUploadUrl, { roomId });
  const upload = await fetch(uploadUrl, {
    method: "POST",
    headers: { "Content-Type": "text/plain" },
    body: "file",
  });
  const { storageId } = (await upload.json()) as { storageId: Id<"_storage"> };
  fixture = { roomId, documentId, snapshotId: snapshot!.id, messageId, storageId };
});
afterAll(() => clients.closeAll());

describe("access matrix (integration)", () => {
  it("covers every public function of convex/", () => {
    const covered = new Set([
      ...matrix.map((row) => getFunctionName(row.ref)),
      ...LIBRARY_FUNCTIONS,
    ]);
    expect([...kinds.keys()].filter((name) => !covered.has(name))).toEqual([]);
  });

  it.each(
    [...matrix, ...withGuessedKey].map(
      (row) => [`${getFunctionName(row.ref)}${row.label ?? ""}`, row] as const,
    ),
  )("%s: signed out, non-member, member", async (_name, row) => {
    expect(await call(anonymous, row, fixture)).toEqual(row.signedOut);
    const nonMember = await call(outsider.client, row, fixture);
    if (row.nonMember === "ok") expect(nonMember).toHaveProperty("value");
    else expect(nonMember).toBe(row.nonMember);
    if (row.member !== undefined) expect(await call(member.client, row, fixture)).toBe(row.member);
  });
});
