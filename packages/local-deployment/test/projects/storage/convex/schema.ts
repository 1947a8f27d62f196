import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  uploads: defineTable({ storageId: v.id("_storage"), name: v.string() }),
});
