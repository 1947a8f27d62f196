import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  visits: defineTable({ tokenIdentifier: v.union(v.string(), v.null()) }),
  writes: defineTable({ key: v.string(), tokenIdentifier: v.string() }),
});
