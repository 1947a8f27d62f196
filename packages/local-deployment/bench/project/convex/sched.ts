// Scheduler-lag benchmark functions (generic builders: the bench pushes with `--codegen disable`).
import {
  internalMutationGeneric as internalMutation,
  makeFunctionReference,
  mutationGeneric as mutation,
  queryGeneric as query,
} from "convex/server";
import { v } from "convex/values";

const recordRef = makeFunctionReference<"mutation", { run: string; i: number; due: number }, null>(
  "sched:record",
);

/**
 * Schedules `count` runs of `record`, due `startInMs` from now and then every `spreadMs / count`
 * ms (`runAt`, so each job knows its exact due time).
 */
export const start = mutation({
  args: { run: v.string(), count: v.number(), startInMs: v.number(), spreadMs: v.number() },
  handler: async (ctx, { run, count, startInMs, spreadMs }) => {
    const first = Date.now() + startInMs;
    for (let i = 0; i < count; i++) {
      const due = Math.round(first + (i * spreadMs) / count);
      await ctx.scheduler.runAt(due, recordRef, { run, i, due });
    }
    return first;
  },
});

/** The job: `Date.now()` is the mutation's start time (fixed for the execution). */
export const record = internalMutation({
  args: { run: v.string(), i: v.number(), due: v.number() },
  handler: async (ctx, { run, i, due }) => {
    await ctx.db.insert("lags", { run, i, due, started: Date.now() });
    return null;
  },
});

/** Every job of `run` that has started so far. */
export const lags = query({
  args: { run: v.string() },
  handler: async (ctx, { run }) =>
    (
      await ctx.db
        .query("lags")
        .withIndex("by_run", (q) => q.eq("run", run))
        .collect()
    ).map((l) => ({ i: l.i, due: l.due, started: l.started })),
});
