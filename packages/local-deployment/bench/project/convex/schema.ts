// Benchmark schema: `items` gets one small document per insert; `counters` is there so the
// pushed schema has more than one table (as a real app would); `lags` holds one row per job of the
// scheduler benchmark.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  items: defineTable({ n: v.number() }),
  lags: defineTable({ run: v.string(), i: v.number(), due: v.number(), started: v.number() }).index(
    "by_run",
    ["run"],
  ),
  counters: defineTable({ name: v.string(), value: v.number() }).index("by_name", ["name"]),
});
