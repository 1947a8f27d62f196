// A room's chat: text and file messages, edits, deletions, reactions, search, and the system
// lines the backend posts (joined, left, document created; see lib/systemMessages.ts).
//
// Access: every function requires a signed-in member of the room (UNAUTHENTICATED,
// ROOM_NOT_FOUND, NOT_A_MEMBER). Authors edit their own text and file messages (NOT_AUTHOR);
// authors and the room owner delete them, which empties the body and keeps the message's place
// ("deleted"). Bodies are trimmed, 1..MESSAGE_MAX_LENGTH (EMPTY, TOO_LONG). Sending (text or
// file) is limited to MESSAGES_PER_SECOND per user (RATE_LIMITED).
import {
  ErrorCode,
  FILE_MAX_BYTES,
  MESSAGES_PER_SECOND,
  REACTION_EMOJIS,
  canDeleteMessage,
  isImageContentType,
  messageEditError,
  toggleReaction,
} from "@rooms/domain";
import { paginationOptsValidator, paginationResultValidator } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type QueryCtx } from "./_generated/server";
import { checkText, fail, requireMember, requireUser } from "./lib/access";
import { profileLoader } from "./lib/profiles";
import { consumeRateLimit } from "./lib/rateLimit";
import { claimUpload, releaseUpload, unclaimedFile } from "./lib/uploads";
import { messageView } from "./lib/views";

const FILE_NAME_MAX_LENGTH = 255;
const CONTENT_TYPE_MAX_LENGTH = 255;
/** Most results `search` returns, best match first. */
const SEARCH_LIMIT = 20;
const SEARCH_QUERY_MAX_LENGTH = 200;

async function viewOf(
  ctx: QueryCtx,
  message: Doc<"messages">,
  profile: ReturnType<typeof profileLoader>,
) {
  const author = await profile(message.authorId);
  const file = message.file;
  return {
    id: message._id,
    roomId: message.roomId,
    kind: message.kind,
    authorId: message.authorId,
    authorName: author.name,
    authorColor: author.color,
    body: message.body,
    createdAt: message._creationTime,
    edited: message.editedAt !== undefined,
    ...(message.editedAt !== undefined ? { editedAt: message.editedAt } : {}),
    deleted: message.deleted,
    reactions: message.reactions,
    ...(file !== undefined
      ? {
          file: {
            ...file,
            url: await ctx.storage.getUrl(file.storageId),
            isImage: isImageContentType(file.contentType),
          },
        }
      : {}),
    ...(message.system !== undefined
      ? { system: { ...message.system, userName: author.name } }
      : {}),
  };
}

/** The message and the caller as a member of its room. Throws MESSAGE_NOT_FOUND. */
async function requireMessage(ctx: QueryCtx, messageId: Id<"messages">) {
  const message = (await ctx.db.get("messages", messageId)) ?? fail(ErrorCode.MESSAGE_NOT_FOUND);
  return { message, ...(await requireMember(ctx, message.roomId)) };
}

/**
 * A room's messages, newest first, a page at a time (`usePaginatedQuery`). Files carry a URL. A
 * deleted room has none (see below).
 */
export const list = query({
  args: { roomId: v.id("rooms"), paginationOpts: paginationOptsValidator },
  returns: paginationResultValidator(messageView),
  handler: async (ctx, { roomId, paginationOpts }) => {
    // A deleted room reads as an empty chat, not an error: convex@1.48's paginated client
    // throws inside its transition handler when a page fails, which drops every other query
    // update of that transition (the room's own ROOM_NOT_FOUND included). `rooms.get` reports
    // the deletion.
    await requireUser(ctx);
    if ((await ctx.db.get("rooms", roomId)) === null) {
      return { page: [], isDone: true, continueCursor: "" };
    }
    await requireMember(ctx, roomId);
    const result = await ctx.db
      .query("messages")
      .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
      .order("desc")
      .paginate(paginationOpts);
    const profile = profileLoader(ctx);
    return {
      ...result,
      page: await Promise.all(result.page.map((message) => viewOf(ctx, message, profile))),
    };
  },
});

/** Posts a text message and returns its id. Throws EMPTY, TOO_LONG, RATE_LIMITED. */
export const send = mutation({
  args: { roomId: v.id("rooms"), body: v.string() },
  returns: v.id("messages"),
  handler: async (ctx, { roomId, body }) => {
    const { user } = await requireMember(ctx, roomId);
    const text = checkText("message", body);
    await consumeRateLimit(ctx, `messages:${user._id}`, MESSAGES_PER_SECOND);
    return await ctx.db.insert("messages", {
      roomId,
      authorId: user._id,
      kind: "text",
      body: text,
      deleted: false,
      reactions: [],
    });
  },
});

/** Replaces the body of the caller's own message. Throws MESSAGE_NOT_FOUND, NOT_AUTHOR, EMPTY, TOO_LONG. */
export const edit = mutation({
  args: { messageId: v.id("messages"), body: v.string() },
  returns: v.null(),
  handler: async (ctx, { messageId, body }) => {
    const { message, user } = await requireMessage(ctx, messageId);
    const error = messageEditError(message, user._id);
    if (error !== null) fail(error);
    await ctx.db.patch("messages", messageId, {
      body: checkText("message", body),
      editedAt: Date.now(),
    });
    return null;
  },
});

/**
 * Deletes a message (its author or the room owner): it stays in place as deleted, with its
 * body, reactions and file removed. Throws MESSAGE_NOT_FOUND, NOT_AUTHOR.
 */
export const remove = mutation({
  args: { messageId: v.id("messages") },
  returns: v.null(),
  handler: async (ctx, { messageId }) => {
    const { message, user, room } = await requireMessage(ctx, messageId);
    if (message.deleted) fail(ErrorCode.MESSAGE_NOT_FOUND);
    if (!canDeleteMessage(message, room, user._id)) fail(ErrorCode.NOT_AUTHOR);
    if (message.file !== undefined) await releaseUpload(ctx, message.file.storageId, messageId);
    await ctx.db.patch("messages", messageId, {
      body: "",
      deleted: true,
      reactions: [],
      file: undefined,
    });
    return null;
  },
});

/**
 * Adds the caller's reaction, or removes it if present. `emoji` is one of REACTION_EMOJIS
 * (INVALID_ARGUMENT otherwise). Throws MESSAGE_NOT_FOUND for a deleted message.
 */
export const react = mutation({
  args: { messageId: v.id("messages"), emoji: v.string() },
  returns: v.null(),
  handler: async (ctx, { messageId, emoji }) => {
    const { message, user } = await requireMessage(ctx, messageId);
    if (message.deleted) fail(ErrorCode.MESSAGE_NOT_FOUND);
    if (!(REACTION_EMOJIS as readonly string[]).includes(emoji)) {
      fail(ErrorCode.INVALID_ARGUMENT, { detail: "emoji must be one of REACTION_EMOJIS" });
    }
    const reactions = toggleReaction(message.reactions, emoji, user._id);
    await ctx.db.patch("messages", messageId, {
      reactions: reactions as Doc<"messages">["reactions"],
    });
    return null;
  },
});

/** A short-lived URL to POST one file to; then call `sendFile` with the returned storageId. */
export const generateUploadUrl = mutation({
  args: { roomId: v.id("rooms") },
  returns: v.string(),
  handler: async (ctx, { roomId }) => {
    await requireMember(ctx, roomId);
    return await ctx.storage.generateUploadUrl();
  },
});

/**
 * Posts an uploaded file (with an optional caption) and returns the message id. Images show
 * inline (`file.isImage`). A storage id can be attached once, by the first sender (the uploader:
 * only they hold it until then; see lib/uploads.ts). Throws INVALID_ARGUMENT (file: unknown
 * storage id, already attached, over FILE_MAX_BYTES as stored, bad name), TOO_LONG (caption),
 * RATE_LIMITED.
 */
export const sendFile = mutation({
  args: {
    roomId: v.id("rooms"),
    storageId: v.id("_storage"),
    name: v.string(),
    contentType: v.string(),
    caption: v.optional(v.string()),
  },
  returns: v.id("messages"),
  handler: async (ctx, args) => {
    const { user } = await requireMember(ctx, args.roomId);
    const stored = await unclaimedFile(ctx, args.storageId);
    // The stored size, not the client's claim.
    if (stored.size > FILE_MAX_BYTES) {
      fail(ErrorCode.INVALID_ARGUMENT, { field: "file", detail: `over ${FILE_MAX_BYTES} bytes` });
    }
    const name = args.name.trim();
    if (name === "" || name.length > FILE_NAME_MAX_LENGTH) {
      fail(ErrorCode.INVALID_ARGUMENT, { field: "file", detail: "bad file name" });
    }
    const caption = args.caption?.trim() ? checkText("message", args.caption) : "";
    await consumeRateLimit(ctx, `messages:${user._id}`, MESSAGES_PER_SECOND);
    const messageId = await ctx.db.insert("messages", {
      roomId: args.roomId,
      authorId: user._id,
      kind: "file",
      body: caption,
      deleted: false,
      reactions: [],
      file: {
        storageId: args.storageId,
        name,
        contentType: args.contentType.trim().slice(0, CONTENT_TYPE_MAX_LENGTH),
        size: stored.size,
      },
    });
    await claimUpload(ctx, args.storageId, user._id, messageId);
    return messageId;
  },
});

/** Text and file messages in the room whose body matches `query`, best match first. */
export const search = query({
  args: { roomId: v.id("rooms"), query: v.string() },
  returns: v.array(messageView),
  handler: async (ctx, { roomId, query }) => {
    await requireMember(ctx, roomId);
    const text = query.trim().slice(0, SEARCH_QUERY_MAX_LENGTH);
    if (text === "") return [];
    const matches = await ctx.db
      .query("messages")
      .withSearchIndex("search_body", (q) => q.search("body", text).eq("roomId", roomId))
      // Before `take`: SEARCH_LIMIT results whenever that many text and file messages match.
      .filter((q) => q.and(q.neq(q.field("kind"), "system"), q.eq(q.field("deleted"), false)))
      .take(SEARCH_LIMIT);
    const profile = profileLoader(ctx);
    return await Promise.all(matches.map((message) => viewOf(ctx, message, profile)));
  },
});
