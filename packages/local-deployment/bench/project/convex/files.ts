// File-storage benchmark functions: the upload URL, and the download URL of a stored file.
import { mutationGeneric as mutation, queryGeneric as query } from "convex/server";
import { v } from "convex/values";

export const generateUploadUrl = mutation({
  args: {},
  handler: async (ctx) => await ctx.storage.generateUploadUrl(),
});

export const getUrl = query({
  args: { storageId: v.string() },
  handler: async (ctx, { storageId }) => await ctx.storage.getUrl(storageId),
});
