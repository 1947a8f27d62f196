// Demo data for a fresh deployment: the user "Demo Bot" and three public rooms (a chat, a
// document room with a document, a whiteboard), with a few messages.
//
// Access: internal; run by the dev command (`npx convex run seed:run`). Idempotent: the bot is
// found by its reserved email and each room by owner and name, so a second run creates nothing.
import { colorForUser } from "@rooms/domain";
import { v } from "convex/values";
import type { Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import { createDocument } from "./lib/documentText";

/** The bot's email: `.invalid` is reserved (RFC 2606), so no real sign-up can take it. */
const DEMO_EMAIL = "demo-bot@rooms.invalid";

type SeedRoom = {
  name: string;
  description: string;
  type: "document" | "whiteboard" | "chat";
  messages: string[];
  document?: { title: string; content: string };
};

const ROOMS: SeedRoom[] = [
  {
    name: "Welcome",
    description: "Say hello. Everyone who signs in can join this room.",
    type: "chat",
    messages: [
      "Welcome to Rooms! 👋",
      "Open a room from the lobby to chat, write together or sketch on the whiteboard.",
      "Try reacting to this message, or search the chat with the magnifier.",
    ],
  },
  {
    name: "Design notes",
    description: "A shared document: edits from every open tab merge as you type.",
    type: "document",
    messages: ["The notes below are editable by everyone in this room."],
    document: {
      title: "Getting started",
      content:
        "# Getting started\n\nThis document is edited collaboratively. Open it in two tabs and " +
        "type in both: the edits merge.\n\n- Lock the document to edit alone for a while.\n" +
        "- History keeps snapshots you can restore.\n",
    },
  },
  {
    name: "Sketchpad",
    description: "A whiteboard: see everyone's pointer move in real time.",
    type: "whiteboard",
    messages: ["Move your pointer over the board: the others see it."],
  },
];

async function demoBot(ctx: MutationCtx): Promise<Id<"users">> {
  const existing = await ctx.db
    .query("users")
    .withIndex("email", (q) => q.eq("email", DEMO_EMAIL))
    .unique();
  if (existing !== null) return existing._id;
  const userId = await ctx.db.insert("users", { name: "Demo Bot", email: DEMO_EMAIL });
  await ctx.db.patch("users", userId, { color: colorForUser(userId) });
  return userId;
}

/** Creates what is missing of the demo data; returns the bot, its rooms, and how many were new. */
export const run = internalMutation({
  args: {},
  returns: v.object({
    userId: v.id("users"),
    roomIds: v.array(v.id("rooms")),
    created: v.number(),
  }),
  handler: async (ctx) => {
    const userId = await demoBot(ctx);
    const owned = await ctx.db
      .query("rooms")
      .withIndex("by_ownerId", (q) => q.eq("ownerId", userId))
      .collect();
    const roomIds: Id<"rooms">[] = [];
    let created = 0;
    for (const seed of ROOMS) {
      const existing = owned.find((room) => room.name === seed.name);
      if (existing !== undefined) {
        roomIds.push(existing._id);
        continue;
      }
      const roomId = await ctx.db.insert("rooms", {
        name: seed.name,
        description: seed.description,
        type: seed.type,
        isPrivate: false,
        ownerId: userId,
      });
      await ctx.db.insert("memberships", { roomId, userId, role: "owner" });
      for (const body of seed.messages) {
        await ctx.db.insert("messages", {
          roomId,
          authorId: userId,
          kind: "text",
          body,
          deleted: false,
          reactions: [],
        });
      }
      if (seed.document !== undefined) {
        await createDocument(ctx, roomId, userId, seed.document.title, seed.document.content);
      }
      roomIds.push(roomId);
      created++;
    }
    return { userId, roomIds, created };
  },
});
