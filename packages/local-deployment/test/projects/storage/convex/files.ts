// File storage fixtures: upload URLs, serving URLs, metadata, _storage, delete, store/get in actions.
import { actionGeneric, mutationGeneric, queryGeneric } from "convex/server";
import { v } from "convex/values";

export const generateUploadUrl = mutationGeneric({
  args: {},
  handler: async (ctx) => await ctx.storage.generateUploadUrl(),
});

export const getUrl = queryGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => await ctx.storage.getUrl(storageId),
});

export const metadata = queryGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => await ctx.storage.getMetadata(storageId),
});

/** `getMetadata` of any string (Convex throws for one that is no storage id). */
export const metadataOfString = queryGeneric({
  args: { storageId: v.string() },
  handler: async (ctx, { storageId }) => await ctx.storage.getMetadata(storageId as never),
});

/** Every `_storage` document, as the system table shows it. */
export const listFiles = queryGeneric({
  args: {},
  handler: async (ctx) => await ctx.db.system.query("_storage").collect(),
});

export const systemGet = queryGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => await ctx.db.system.get(storageId),
});

/** A system-table id through `ctx.db.get` (user tables): Convex refuses it. */
export const userGet = queryGeneric({
  args: { id: v.string() },
  handler: async (ctx, { id }) => await ctx.db.get(id as never),
});

export const addUpload = mutationGeneric({
  args: { storageId: v.id("_storage"), name: v.string() },
  handler: async (ctx, args) => await ctx.db.insert("uploads", args),
});

/** A user-table id through `ctx.db.system.get`: Convex refuses it. */
export const systemGetAny = queryGeneric({
  args: { id: v.string() },
  handler: async (ctx, { id }) => await ctx.db.system.get(id as never),
});

/** `storage.delete` of any string (Convex throws for one that is no storage id). */
export const removeString = mutationGeneric({
  args: { storageId: v.string() },
  handler: async (ctx, { storageId }) => {
    await ctx.storage.delete(storageId as never);
  },
});

export const remove = mutationGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => {
    await ctx.storage.delete(storageId);
  },
});

/** Deletes, then throws: the deletion must not happen. */
export const removeThenThrow = mutationGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => {
    await ctx.storage.delete(storageId);
    throw new Error("changed my mind");
  },
});

/** Stores a Blob, reads it back, and reports what it got. */
export const storeAndGet = actionGeneric({
  args: { text: v.string(), contentType: v.string() },
  handler: async (ctx, { text, contentType }) => {
    const storageId = await ctx.storage.store(new Blob([text], { type: contentType }));
    const blob = await ctx.storage.get(storageId);
    return {
      storageId,
      text: blob === null ? null : await blob.text(),
      type: blob?.type ?? null,
      url: await ctx.storage.getUrl(storageId),
    };
  },
});

export const getInAction = actionGeneric({
  args: { storageId: v.id("_storage") },
  handler: async (ctx, { storageId }) => {
    const blob = await ctx.storage.get(storageId);
    return blob === null ? null : await blob.text();
  },
});
