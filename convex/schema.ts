// The Rooms data model, shared by both apps through one deployment.
//
// For now it holds a small backend that exercises the engine end to end: Convex Auth's tables
// (users, sessions, accounts, ...), chat messages per channel (indexed reads, pagination,
// errors) and named counters (read-modify-write transactions). The app's real tables come in
// later issues.
//
// Field maps are exported so that modules can build `returns` validators for whole documents
// without repeating the fields.
import { authTables } from "@convex-dev/auth/server";
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const messageFields = {
  author: v.string(),
  body: v.string(),
  channel: v.string(),
};

export const counterFields = {
  name: v.string(),
  value: v.number(),
};

export default defineSchema({
  ...authTables,
  messages: defineTable(messageFields)
    .index("by_channel", ["channel"])
    .index("by_author_channel", ["author", "channel"]),
  counters: defineTable(counterFields).index("by_name", ["name"]),
});
