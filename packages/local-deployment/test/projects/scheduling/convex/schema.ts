import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  runs: defineTable({ tag: v.string() }).index("by_tag", ["tag"]),
});
