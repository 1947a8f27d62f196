// Scheduler fixtures: functions that schedule, cancel and record runs.
import {
  actionGeneric,
  internalMutationGeneric,
  mutationGeneric,
  queryGeneric,
} from "convex/server";
import { v } from "convex/values";

export const record = internalMutationGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.db.insert("runs", { tag });
  },
});

export const fail = internalMutationGeneric({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("runs", { tag: "never" });
    throw new Error("scheduled failure");
  },
});

export const scheduleRecord = mutationGeneric({
  args: { tag: v.string(), delayMs: v.number(), thenThrow: v.optional(v.boolean()) },
  handler: async (ctx, { tag, delayMs, thenThrow }) => {
    const id = await ctx.scheduler.runAfter(delayMs, "jobs:record" as never, { tag });
    if (thenThrow) throw new Error("rolled back");
    return id;
  },
});

export const scheduleFail = mutationGeneric({
  args: {},
  handler: async (ctx) => ctx.scheduler.runAfter(0, "jobs:fail" as never, {}),
});

export const cancel = mutationGeneric({
  args: { id: v.id("_scheduled_functions") },
  handler: async (ctx, { id }) => {
    await ctx.scheduler.cancel(id);
  },
});

export const scheduleFromAction = actionGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => ctx.scheduler.runAfter(0, "jobs:recordAction" as never, { tag }),
});

export const recordAction = actionGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    await ctx.runMutation("jobs:record" as never, { tag });
  },
});

export const runs = queryGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) =>
    (
      await ctx.db
        .query("runs")
        .withIndex("by_tag", (q) => q.eq("tag", tag))
        .collect()
    ).length,
});

export const job = queryGeneric({
  args: { id: v.id("_scheduled_functions") },
  handler: async (ctx, { id }) => ctx.db.system.get(id),
});
