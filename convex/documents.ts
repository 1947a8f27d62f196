// Collaborative documents in a room: plain text edited with operational transformation.
//
// A client sends its operations with the revision they were made on (`submitOperations`); the
// server rebases them over every operation committed since (lib/documentText.ts), applies them,
// and stores each as a new revision. Clients follow along with `operationsSince`. A full-text
// snapshot is kept every SNAPSHOT_EVERY_OPERATIONS operations, at creation and on lock;
// `restore` brings a snapshot back as one new operation, so it merges with concurrent edits.
//
// Access: every function requires a signed-in member of the document's room (UNAUTHENTICATED,
// DOCUMENT_NOT_FOUND, NOT_A_MEMBER). While a document is locked only the lock holder may edit,
// rename or restore it (DOCUMENT_LOCKED, naming the holder); the holder or the room owner may
// unlock it. Text is at most DOCUMENT_MAX_LENGTH UTF-16 units (TOO_LONG).
import {
  ErrorCode,
  canEditDocument,
  canLockDocument,
  canUnlockDocument,
  fromTextChange,
  isNoop,
  isWellFormed,
} from "@rooms/domain";
import { v } from "convex/values";
import type { Doc } from "./_generated/dataModel";
import { mutation, query, type QueryCtx } from "./_generated/server";
import {
  checkText,
  fail,
  requireDocumentMember,
  requireDocumentReader,
  requireMember,
  requireRoomReader,
} from "./lib/access";
import {
  checkDocumentLength,
  commitOperations,
  createDocument,
  failLocked,
  rebaseAndApply,
  takeSnapshot,
  textOf,
} from "./lib/documentText";
import { profileLoader } from "./lib/profiles";
import {
  documentSummaryView,
  documentView,
  operationView,
  snapshotSummaryView,
  snapshotView,
} from "./lib/views";
import { textOperation } from "./schema";

/** Most operations one `submitOperations` call may carry. */
const MAX_OPERATIONS_PER_SUBMIT = 100;
/** A base revision further behind than this is STALE_REVISION: the client reloads instead. */
const MAX_REBASE_OPERATIONS = 1000;
/** Most operations `operationsSince` returns; a client further behind asks again from the last. */
const OPERATIONS_PAGE = 500;
/** Most snapshots `history` lists, newest first. */
const HISTORY_LIMIT = 50;
const SNAPSHOT_PREVIEW_LENGTH = 200;
const CLIENT_ID_MAX_LENGTH = 64;

const submitResult = v.object({ revision: v.number(), operations: v.array(textOperation) });

/** The lock as the domain's permission rules take it (null when unlocked). */
function lockOf(document: Doc<"documents">) {
  return { lockedBy: document.lockedBy ?? null };
}

/** What `list` shows of a document: nothing a keystroke changes. */
async function listEntryOf(document: Doc<"documents">, profile: ReturnType<typeof profileLoader>) {
  return {
    id: document._id,
    roomId: document.roomId,
    title: document.title,
    lockedBy: document.lockedBy ?? null,
    ...(document.lockedBy !== undefined
      ? { lockedByName: (await profile(document.lockedBy)).name }
      : {}),
  };
}

async function requireSnapshot(ctx: QueryCtx, snapshotId: Doc<"snapshots">["_id"]) {
  const snapshot =
    (await ctx.db.get("snapshots", snapshotId)) ?? fail(ErrorCode.DOCUMENT_NOT_FOUND);
  return { snapshot, ...(await requireDocumentMember(ctx, snapshot.documentId)) };
}

/** The room's documents, oldest first, without their text. */
export const list = query({
  args: { roomId: v.id("rooms"), key: v.optional(v.string()) },
  returns: v.array(documentSummaryView),
  handler: async (ctx, { roomId, key }) => {
    await requireRoomReader(ctx, roomId, key);
    const profile = profileLoader(ctx);
    const documents = await ctx.db
      .query("documents")
      .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
      .collect();
    // Without revision and updatedAt: a keystroke changes those, and the list does not show them,
    // so the unchanged list is not sent again to every member.
    return await Promise.all(documents.map((document) => listEntryOf(document, profile)));
  },
});

/**
 * Creates a document (optionally with initial text) at revision 0, snapshots it, and posts
 * "created the document" in the room's chat. Throws EMPTY / TOO_LONG (documentTitle, document),
 * INVALID_ARGUMENT (text with a lone surrogate).
 */
export const create = mutation({
  args: { roomId: v.id("rooms"), title: v.string(), content: v.optional(v.string()) },
  returns: v.id("documents"),
  handler: async (ctx, { roomId, title, content = "" }) => {
    const { user } = await requireMember(ctx, roomId);
    const name = checkText("documentTitle", title);
    checkDocumentLength(content);
    if (!isWellFormed(content)) fail(ErrorCode.INVALID_ARGUMENT, { field: "document" });
    return await createDocument(ctx, roomId, user._id, name, content);
  },
});

/** Renames a document. Throws EMPTY / TOO_LONG (documentTitle), DOCUMENT_LOCKED. */
export const rename = mutation({
  args: { documentId: v.id("documents"), title: v.string() },
  returns: v.null(),
  handler: async (ctx, { documentId, title }) => {
    const { user, document } = await requireDocumentMember(ctx, documentId);
    if (!canEditDocument(lockOf(document), user._id)) await failLocked(ctx, document);
    await ctx.db.patch("documents", documentId, { title: checkText("documentTitle", title) });
    return null;
  },
});

/** The document with its full text at its current revision, and who holds the lock. */
export const get = query({
  args: { documentId: v.id("documents") },
  returns: documentView,
  handler: async (ctx, { documentId }) => {
    const { document } = await requireDocumentMember(ctx, documentId);
    const text = await textOf(ctx, document);
    return {
      ...(await listEntryOf(document, profileLoader(ctx))),
      revision: text.revision,
      updatedAt: text.updatedAt,
      content: text.content,
      createdBy: document.createdBy,
      createdAt: document._creationTime,
    };
  },
});

/**
 * Commits `operations` (consecutive; the first made on the text at `baseRevision`) after
 * rebasing them over everything committed since. Returns the new revision and the operations as
 * applied; each is stored with `clientId` so the sender recognises its own in `operationsSince`.
 * Throws DOCUMENT_LOCKED, STALE_REVISION (base in the future or over MAX_REBASE_OPERATIONS
 * behind), INVALID_OPERATION, INVALID_ARGUMENT (too many operations, bad clientId), TOO_LONG.
 */
export const submitOperations = mutation({
  args: {
    documentId: v.id("documents"),
    baseRevision: v.number(),
    operations: v.array(textOperation),
    clientId: v.string(),
  },
  returns: submitResult,
  handler: async (ctx, { documentId, baseRevision, operations, clientId }) => {
    const { user, document } = await requireDocumentMember(ctx, documentId);
    if (!canEditDocument(lockOf(document), user._id)) await failLocked(ctx, document);
    const current = await textOf(ctx, document);
    if (
      !Number.isSafeInteger(baseRevision) ||
      baseRevision < 0 ||
      baseRevision > current.revision ||
      current.revision - baseRevision > MAX_REBASE_OPERATIONS
    ) {
      fail(ErrorCode.STALE_REVISION);
    }
    if (operations.length > MAX_OPERATIONS_PER_SUBMIT) {
      fail(ErrorCode.INVALID_ARGUMENT, {
        detail: `at most ${MAX_OPERATIONS_PER_SUBMIT} operations`,
      });
    }
    if (clientId.length === 0 || clientId.length > CLIENT_ID_MAX_LENGTH) {
      fail(ErrorCode.INVALID_ARGUMENT, { detail: `clientId must be 1..${CLIENT_ID_MAX_LENGTH}` });
    }
    if (operations.length === 0) return { revision: current.revision, operations: [] };
    const committed = await ctx.db
      .query("operations")
      .withIndex("by_documentId_revision", (q) =>
        q.eq("documentId", documentId).gt("revision", baseRevision),
      )
      .collect();
    const { applied, text } = rebaseAndApply(
      current.content,
      committed.map((row) => ({ operation: row.operation, clientId: row.clientId })),
      operations,
      clientId,
    );
    checkDocumentLength(text);
    const revision = await commitOperations(ctx, document, applied, text, clientId, user._id);
    return { revision, operations: applied };
  },
});

/** Operations committed after `revision`, oldest first, at most OPERATIONS_PAGE of them. */
export const operationsSince = query({
  args: { documentId: v.id("documents"), revision: v.number(), key: v.optional(v.string()) },
  returns: v.array(operationView),
  handler: async (ctx, { documentId, revision, key }) => {
    await requireDocumentReader(ctx, documentId, key);
    const rows = await ctx.db
      .query("operations")
      .withIndex("by_documentId_revision", (q) =>
        q.eq("documentId", documentId).gt("revision", revision),
      )
      .take(OPERATIONS_PAGE);
    return rows.map((row) => ({
      revision: row.revision,
      operation: row.operation,
      clientId: row.clientId,
      userId: row.userId,
      createdAt: row._creationTime,
    }));
  },
});

/** Takes the edit lock (a no-op for its holder) and snapshots the text. Throws DOCUMENT_LOCKED. */
export const lock = mutation({
  args: { documentId: v.id("documents") },
  returns: v.null(),
  handler: async (ctx, { documentId }) => {
    const { user, document } = await requireDocumentMember(ctx, documentId);
    if (!canLockDocument(lockOf(document), user._id)) await failLocked(ctx, document);
    if (document.lockedBy === user._id) return null;
    await ctx.db.patch("documents", documentId, { lockedBy: user._id, lockedAt: Date.now() });
    const text = await textOf(ctx, document);
    await takeSnapshot(ctx, documentId, text.revision, text.content, "lock", user._id);
    return null;
  },
});

/**
 * Releases the lock: its holder or the room owner. A no-op when unlocked. Throws
 * DOCUMENT_LOCKED for anyone else.
 */
export const unlock = mutation({
  args: { documentId: v.id("documents") },
  returns: v.null(),
  handler: async (ctx, { documentId }) => {
    const { user, room, document } = await requireDocumentMember(ctx, documentId);
    if (document.lockedBy === undefined) return null;
    if (!canUnlockDocument(lockOf(document), room, user._id)) await failLocked(ctx, document);
    await ctx.db.patch("documents", documentId, { lockedBy: undefined, lockedAt: undefined });
    return null;
  },
});

/** Snapshots of the document, newest first, with a preview of their text. */
export const history = query({
  args: { documentId: v.id("documents") },
  returns: v.array(snapshotSummaryView),
  handler: async (ctx, { documentId }) => {
    await requireDocumentMember(ctx, documentId);
    const profile = profileLoader(ctx);
    const snapshots = await ctx.db
      .query("snapshots")
      .withIndex("by_documentId_revision", (q) => q.eq("documentId", documentId))
      .order("desc")
      .take(HISTORY_LIMIT);
    return await Promise.all(
      snapshots.map(async (snapshot) => ({
        id: snapshot._id,
        documentId,
        revision: snapshot.revision,
        reason: snapshot.reason,
        createdAt: snapshot._creationTime,
        userId: snapshot.userId,
        userName: (await profile(snapshot.userId)).name,
        length: snapshot.content.length,
        preview: snapshot.content.slice(0, SNAPSHOT_PREVIEW_LENGTH),
      })),
    );
  },
});

/** One snapshot with its full text. */
export const snapshot = query({
  args: { snapshotId: v.id("snapshots") },
  returns: snapshotView,
  handler: async (ctx, { snapshotId }) => {
    const { snapshot } = await requireSnapshot(ctx, snapshotId);
    return {
      id: snapshot._id,
      documentId: snapshot.documentId,
      revision: snapshot.revision,
      reason: snapshot.reason,
      createdAt: snapshot._creationTime,
      content: snapshot.content,
    };
  },
});

/**
 * Brings back a snapshot's text as one new operation on the current revision (replacing what
 * differs), stored with `clientId` (default "restore"), and snapshots the result. Returns the
 * new revision and the operation; nothing changes when the text already matches. Throws
 * DOCUMENT_LOCKED.
 */
export const restore = mutation({
  args: { snapshotId: v.id("snapshots"), clientId: v.optional(v.string()) },
  returns: submitResult,
  handler: async (ctx, { snapshotId, clientId = "restore" }) => {
    const { snapshot, user, document } = await requireSnapshot(ctx, snapshotId);
    if (!canEditDocument(lockOf(document), user._id)) await failLocked(ctx, document);
    const current = await textOf(ctx, document);
    const operation = fromTextChange(current.content, snapshot.content);
    if (isNoop(operation)) return { revision: current.revision, operations: [] };
    const revision = await commitOperations(
      ctx,
      document,
      [operation],
      snapshot.content,
      clientId.slice(0, CLIENT_ID_MAX_LENGTH),
      user._id,
    );
    await takeSnapshot(ctx, document._id, revision, snapshot.content, "restore", user._id);
    return { revision, operations: [operation] };
  },
});
