// Benchmark schema: `items` gets one small document per insert; `counters` is there so the
// pushed schema has more than one table (as a real app would).
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  items: defineTable({ n: v.number() }),
  counters: defineTable({ name: v.string(), value: v.number() }).index("by_name", ["name"]),
});
