// The server side of collaborative editing: rebasing incoming text operations over the ones
// committed since the client's base revision, committing them as new revisions, snapshots.
//
// Each committed operation is stored with the revision it produced, so `operationsSince` is one
// index range. Insert ties go to the site that sorts first (@rooms/domain `insertsFirst`, see
// `transform`); clients transform their pending operations the same way.
import {
  DOCUMENT_MAX_LENGTH,
  ErrorCode,
  OperationError,
  SNAPSHOT_EVERY_OPERATIONS,
  apply,
  baseLength,
  targetLength,
  insertsFirst,
  operationSite,
  transform,
  validateOperation,
  validateOperationOn,
  type TextOperation,
} from "@rooms/domain";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { fail } from "./access";
import { profileOf } from "./profiles";
import { postSystemMessage } from "./systemMessages";

/** The text row of a document (created with it, so it always exists). */
export async function contentOf(
  ctx: QueryCtx,
  documentId: Id<"documents">,
): Promise<Doc<"documentContents">> {
  const row = await ctx.db
    .query("documentContents")
    .withIndex("by_documentId", (q) => q.eq("documentId", documentId))
    .unique();
  if (row === null) throw new Error(`document ${documentId} has no content row`);
  return row;
}

/**
 * The document's text as it is now: content, revision and time of the last edit. They live in
 * the `documentContents` row, which every edit writes anyway, so that the `documents` row (read
 * by `documents.list` for every member) is not written per keystroke. A content row from before
 * they moved there falls back to the `documents` row's fields.
 */
export async function textOf(
  ctx: QueryCtx,
  document: Doc<"documents">,
): Promise<{ id: Id<"documentContents">; content: string; revision: number; updatedAt: number }> {
  const row = await contentOf(ctx, document._id);
  return {
    id: row._id,
    content: row.content,
    revision: row.revision ?? document.revision,
    updatedAt: row.updatedAt ?? document.updatedAt,
  };
}

/** DOCUMENT_LOCKED naming the lock holder. */
export async function failLocked(ctx: QueryCtx, document: Doc<"documents">): Promise<never> {
  const holder = document.lockedBy;
  const lockedBy =
    holder === undefined ? undefined : profileOf(await ctx.db.get("users", holder), holder).name;
  return fail(ErrorCode.DOCUMENT_LOCKED, lockedBy === undefined ? {} : { lockedBy });
}

/** TOO_LONG (document) past DOCUMENT_MAX_LENGTH. */
export function checkDocumentLength(text: string) {
  if (text.length > DOCUMENT_MAX_LENGTH) {
    fail(ErrorCode.TOO_LONG, { field: "document", limit: DOCUMENT_MAX_LENGTH });
  }
}

/**
 * Rebases `incoming` (consecutive operations, the first made on the text at the base revision)
 * over `committedSince` (the operations committed after that revision, in order) and applies
 * them to `text` (the current text). Returns the operations as applied and the new text.
 * Throws INVALID_OPERATION for a malformed operation or one that does not fit the base text.
 */
export function rebaseAndApply(
  text: string,
  committedSince: readonly { operation: TextOperation; clientId: string }[],
  incoming: readonly TextOperation[],
  clientId: string,
): { applied: TextOperation[]; text: string } {
  const committed = committedSince.map((row) => row.operation);
  const site = operationSite(clientId);
  // Insert ties go to the site that sorts first (`insertsFirst`), as on every client.
  const firsts = committedSince.map((row) => insertsFirst(operationSite(row.clientId), site));
  // The length of the text at the base revision: what the first incoming operation must span.
  let clientLength = text.length;
  for (const op of committed) clientLength -= targetLength(op) - baseLength(op);
  const applied: TextOperation[] = [];
  try {
    for (const raw of incoming) {
      let op = validateOperation(raw, clientLength);
      clientLength = targetLength(op);
      // Transforming moves `op` past each committed operation and each committed operation
      // past `op`, so the next incoming operation (made after `op`) rebases over the results.
      for (let i = 0; i < committed.length; i++) {
        const [committedPrime, opPrime] = transform(committed[i]!, op, firsts[i]);
        committed[i] = committedPrime;
        op = opPrime;
      }
      op = validateOperationOn(op, text);
      text = apply(text, op);
      applied.push(op);
    }
  } catch (error) {
    if (error instanceof OperationError)
      fail(ErrorCode.INVALID_OPERATION, { detail: error.message });
    throw error;
  }
  return { applied, text };
}

/**
 * Stores `applied` (already rebased onto the current text) as the next revisions, writes the new
 * text, and takes a periodic snapshot when the revision crosses a multiple of
 * SNAPSHOT_EVERY_OPERATIONS. Returns the new revision.
 */
export async function commitOperations(
  ctx: MutationCtx,
  document: Doc<"documents">,
  applied: readonly TextOperation[],
  text: string,
  clientId: string,
  userId: Id<"users">,
): Promise<number> {
  const current = await textOf(ctx, document);
  let revision = current.revision;
  for (const operation of applied) {
    revision++;
    await ctx.db.insert("operations", {
      documentId: document._id,
      revision,
      operation,
      clientId,
      userId,
    });
  }
  await ctx.db.patch("documentContents", current.id, {
    content: text,
    revision,
    updatedAt: Date.now(),
  });
  const period = SNAPSHOT_EVERY_OPERATIONS;
  if (Math.floor(revision / period) > Math.floor(current.revision / period)) {
    await takeSnapshot(ctx, document._id, revision, text, "periodic", userId);
  }
  return revision;
}

/** Stores the full text at `revision`, unless a snapshot of that revision exists already. */
export async function takeSnapshot(
  ctx: MutationCtx,
  documentId: Id<"documents">,
  revision: number,
  content: string,
  reason: Doc<"snapshots">["reason"],
  userId: Id<"users">,
): Promise<void> {
  const existing = await ctx.db
    .query("snapshots")
    .withIndex("by_documentId_revision", (q) =>
      q.eq("documentId", documentId).eq("revision", revision),
    )
    .first();
  if (existing === null) {
    await ctx.db.insert("snapshots", { documentId, revision, content, reason, userId });
  }
}

/**
 * Inserts a document at revision 0 with its text row and first snapshot, and posts "created the
 * document" in the room's chat. The caller has checked the title and text.
 */
export async function createDocument(
  ctx: MutationCtx,
  roomId: Id<"rooms">,
  userId: Id<"users">,
  title: string,
  content: string,
): Promise<Id<"documents">> {
  const documentId = await ctx.db.insert("documents", {
    roomId,
    title,
    revision: 0,
    createdBy: userId,
    updatedAt: Date.now(),
  });
  await ctx.db.insert("documentContents", {
    documentId,
    content,
    revision: 0,
    updatedAt: Date.now(),
  });
  await takeSnapshot(ctx, documentId, 0, content, "created", userId);
  await postSystemMessage(ctx, roomId, userId, {
    kind: "document_created",
    documentId,
    documentTitle: title,
  });
  return documentId;
}
