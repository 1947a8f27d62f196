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

/** The id of the scheduled `jobs:<fn>` call with `tag` in `state`, or null. */
export const findJob = queryGeneric({
  args: { fn: v.string(), tag: v.string(), state: v.string() },
  handler: async (ctx, { fn, tag, state }) => {
    const jobs = await ctx.db.system.query("_scheduled_functions").collect();
    const mine = jobs.find(
      (j) =>
        j.name.endsWith(`:${fn}`) &&
        j.state.kind === state &&
        (j.args[0] as { tag?: string }).tag === tag,
    );
    return mine?._id ?? null;
  },
});

/** Scheduled: finds its own job, cancels it, and records a run (the run commits). */
export const cancelSelf = internalMutationGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    const jobs = await ctx.db.system.query("_scheduled_functions").collect();
    const mine = jobs.find(
      (j) => j.name.endsWith(":cancelSelf") && (j.args[0] as { tag?: string }).tag === tag,
    );
    if (mine) await ctx.scheduler.cancel(mine._id);
    await ctx.db.insert("runs", { tag });
  },
});

/** Scheduled action: cancels its own (running) job, then records a run. */
export const cancelSelfAction = actionGeneric({
  args: { tag: v.string() },
  handler: async (ctx, { tag }) => {
    const id = await ctx.runQuery(
      "jobs:findJob" as never,
      {
        fn: "cancelSelfAction",
        tag,
        state: "inProgress",
      } as never,
    );
    if (id) await ctx.scheduler.cancel(id as never);
    await ctx.runMutation("jobs:record" as never, { tag });
  },
});

export const scheduleSelfCancel = mutationGeneric({
  args: { tag: v.string(), action: v.boolean() },
  handler: async (ctx, { tag, action }) =>
    ctx.scheduler.runAfter(0, (action ? "jobs:cancelSelfAction" : "jobs:cancelSelf") as never, {
      tag,
    }),
});
