// Action fixtures: actions composing mutations and queries, errors, fetch, environment variables.
import { actionGeneric, mutationGeneric, queryGeneric } from "convex/server";
import { ConvexError, v } from "convex/values";

export const add = mutationGeneric({
  args: { text: v.string() },
  handler: async (ctx, { text }) => ctx.db.insert("notes", { text }),
});

export const list = queryGeneric({
  args: {},
  handler: async (ctx) => (await ctx.db.query("notes").collect()).map((n) => n.text),
});

/** Writes through a mutation, then reads through a query: each is its own transaction. */
export const addThenList = actionGeneric({
  args: { text: v.string() },
  handler: async (ctx, { text }): Promise<{ id: string; texts: string[] }> => {
    const id = (await ctx.runMutation("notes:add" as never, { text } as never)) as string;
    const texts = (await ctx.runQuery("notes:list" as never, {} as never)) as string[];
    return { id, texts };
  },
});

export const fail = actionGeneric({
  args: {},
  handler: async () => {
    throw new Error("action failed on purpose");
  },
});

export const failWithData = actionGeneric({
  args: {},
  handler: async () => {
    throw new ConvexError({ code: "E_ACTION", detail: 42 });
  },
});

/** A mutation's ConvexError passes through ctx.runMutation to the action's caller. */
export const failInMutation = mutationGeneric({
  args: {},
  handler: async () => {
    throw new ConvexError({ code: "E_MUTATION" });
  },
});

export const callFailingMutation = actionGeneric({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation("notes:failInMutation" as never, {} as never);
  },
});

export const fetchText = actionGeneric({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => {
    const res = await fetch(url, { method: "POST", body: "ping" });
    return { status: res.status, text: await res.text(), header: res.headers.get("x-test") };
  },
});

export const fetchInQuery = queryGeneric({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => {
    const res = await fetch(url);
    return await res.text();
  },
});

export const fetchInMutation = mutationGeneric({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => {
    const res = await fetch(url);
    return await res.text();
  },
});

export const greetingQuery = queryGeneric({
  args: {},
  handler: async () => process.env.GREETING ?? null,
});

export const greetingAction = actionGeneric({
  args: {},
  handler: async () => ({
    greeting: process.env.GREETING ?? null,
    cloudUrl: process.env.CONVEX_CLOUD_URL ?? null,
  }),
});

/** console.time / timeLog / timeEnd, and a timer started twice and one never started. */
export const timed = actionGeneric({
  args: {},
  handler: async () => {
    console.time();
    console.timeLog(undefined, "extra");
    console.timeEnd();
    console.time("t");
    console.time("t");
    console.timeEnd("t");
    console.timeEnd("never");
  },
});
