// A room's whiteboard: its shapes, one row each (schema `shapes`), so edits of different shapes
// never conflict and a move of 50 selected shapes is one mutation of 50 small writes.
//
// Merge rule for concurrent edits of the same shape: per-field last writer wins in commit order
// (`applyShapePatches` of @rooms/domain). Convex runs mutations serially, so a patch sets only
// the fields it names: one user's move and another's recolor of the same shape both survive; two
// moves leave the one committed last. A patch or delete of a shape deleted meanwhile is skipped
// and reported (`missing`), never an error: the other shapes of the batch still apply.
//
// Reading: `list` returns one bucket of the board (`shapeBucket` of @rooms/domain, 16 buckets)
// so that a change re-runs one bucket's query and re-sends a sixteenth of the board to each
// member, not the whole board; clients subscribe to every bucket (createBoard). Without a
// bucket it returns the whole board (tools, tests). The shape count lives in the room's
// `boards` row, so adding a shape reads no other shape (and conflicts with no move).
//
// Access: every function requires a signed-in member of the room (UNAUTHENTICATED,
// ROOM_NOT_FOUND, NOT_A_MEMBER); `list` also takes the room's shared read key (lib/roomKeys.ts).
// Shapes are validated as a whole after every change (`shapeError`: INVALID_ARGUMENT field
// `shape`, TOO_LONG field `shapeText`); a board holds at most BOARD_SHAPES_MAX shapes; a batch
// at most BOARD_BATCH_MAX; writes count against BOARD_UPDATES_PER_SECOND per user
// (RATE_LIMITED). Deleting a room deletes its shapes (lib/purge.ts).
import {
  BOARD_BATCH_MAX,
  BOARD_BUCKETS,
  BOARD_SHAPES_MAX,
  BOARD_UPDATES_PER_SECOND,
  ErrorCode,
  SHAPE_ID_PATTERN,
  applyShapePatches,
  shapeBucket,
  shapeError,
  type Shape,
  type ShapeFields,
} from "@rooms/domain";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx } from "./_generated/server";
import { fail, requireMember, requireRoomReader } from "./lib/access";
import { consumeRateLimit } from "./lib/rateLimit";
import { shapeFields, shapeKind } from "./schema";

const shapeInput = v.object({ id: v.string(), kind: shapeKind, ...shapeFields });
const shapeView = v.object({
  id: v.string(),
  kind: shapeKind,
  ...shapeFields,
  updatedBy: v.id("users"),
});
const shapePatch = v.object({
  id: v.string(),
  x: v.optional(v.number()),
  y: v.optional(v.number()),
  width: v.optional(v.number()),
  height: v.optional(v.number()),
  points: v.optional(v.array(v.number())),
  text: v.optional(v.string()),
  color: v.optional(v.string()),
  strokeWidth: v.optional(v.number()),
  z: v.optional(v.string()),
});

function viewOf(row: Doc<"shapes">): Shape & { updatedBy: Id<"users"> } {
  return {
    id: row.shapeId,
    kind: row.kind,
    x: row.x,
    y: row.y,
    width: row.width,
    height: row.height,
    ...(row.points !== undefined ? { points: row.points } : {}),
    ...(row.text !== undefined ? { text: row.text } : {}),
    color: row.color,
    strokeWidth: row.strokeWidth,
    z: row.z,
    updatedBy: row.updatedBy,
  };
}

/**
 * The shapes of one bucket of the board (0..BOARD_BUCKETS - 1), or of the whole board without
 * `bucket` (at most BOARD_SHAPES_MAX), in no particular order: clients sort by z. Throws
 * INVALID_ARGUMENT for a bucket out of range.
 */
export const list = query({
  args: { roomId: v.id("rooms"), bucket: v.optional(v.number()), key: v.optional(v.string()) },
  returns: v.array(shapeView),
  handler: async (ctx, { roomId, bucket, key }) => {
    await requireRoomReader(ctx, roomId, key);
    if (
      bucket !== undefined &&
      !(Number.isInteger(bucket) && bucket >= 0 && bucket < BOARD_BUCKETS)
    ) {
      fail(ErrorCode.INVALID_ARGUMENT, {
        detail: `bucket must be an integer in [0, ${BOARD_BUCKETS})`,
      });
    }
    const rows = await ctx.db
      .query("shapes")
      .withIndex("by_roomId_bucket_shapeId", (q) =>
        bucket === undefined ? q.eq("roomId", roomId) : q.eq("roomId", roomId).eq("bucket", bucket),
      )
      .take(BOARD_SHAPES_MAX);
    return rows.map(viewOf);
  },
});

/** The caller as a member, after counting one board write against the rate limit. */
async function boardWriter(ctx: MutationCtx, roomId: Id<"rooms">, batch: number) {
  const access = await requireMember(ctx, roomId);
  if (batch < 1 || batch > BOARD_BATCH_MAX) {
    fail(ErrorCode.INVALID_ARGUMENT, { field: "shape", limit: BOARD_BATCH_MAX });
  }
  await consumeRateLimit(ctx, `board:${access.user._id}`, BOARD_UPDATES_PER_SECOND);
  return access;
}

const findShape = (ctx: MutationCtx, roomId: Id<"rooms">, shapeId: string) =>
  ctx.db
    .query("shapes")
    .withIndex("by_roomId_bucket_shapeId", (q) =>
      q.eq("roomId", roomId).eq("bucket", shapeBucket(shapeId)).eq("shapeId", shapeId),
    )
    .unique();

/** Adds `delta` to the board's shape count (creating its row); returns the new count. */
async function countShapes(ctx: MutationCtx, roomId: Id<"rooms">, delta: number): Promise<number> {
  const row = await ctx.db
    .query("boards")
    .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
    .unique();
  const shapeCount = Math.max(0, (row?.shapeCount ?? 0) + delta);
  if (row === null) await ctx.db.insert("boards", { roomId, shapeCount });
  else await ctx.db.patch("boards", row._id, { shapeCount });
  return shapeCount;
}

function checkShape(shape: Omit<Shape, "id">): void {
  const error = shapeError(shape);
  if (error !== null) fail(error.code, error);
}

/**
 * Adds shapes (new ids, chosen by the client) to the board. Throws INVALID_ARGUMENT (a bad
 * shape, a malformed or taken id, more than BOARD_SHAPES_MAX on the board), TOO_LONG,
 * RATE_LIMITED.
 */
export const create = mutation({
  args: { roomId: v.id("rooms"), shapes: v.array(shapeInput) },
  returns: v.null(),
  handler: async (ctx, { roomId, shapes }) => {
    const { user } = await boardWriter(ctx, roomId, shapes.length);
    const ids = new Set(shapes.map((shape) => shape.id));
    if (ids.size !== shapes.length) fail(ErrorCode.INVALID_ARGUMENT, { field: "shape" });
    if ((await countShapes(ctx, roomId, shapes.length)) > BOARD_SHAPES_MAX) {
      fail(ErrorCode.INVALID_ARGUMENT, { field: "shape", limit: BOARD_SHAPES_MAX });
    }
    for (const { id, ...shape } of shapes) {
      if (!SHAPE_ID_PATTERN.test(id) || (await findShape(ctx, roomId, id)) !== null) {
        fail(ErrorCode.INVALID_ARGUMENT, { field: "shape" });
      }
      checkShape(shape);
      await ctx.db.insert("shapes", {
        roomId,
        shapeId: id,
        bucket: shapeBucket(id),
        ...shape,
        createdBy: user._id,
        updatedBy: user._id,
      });
    }
    return null;
  },
});

/**
 * Changes the named fields of each shape (per-field last writer wins). Returns the ids that
 * no longer exist (skipped). Throws INVALID_ARGUMENT when a result is not a valid shape,
 * TOO_LONG, RATE_LIMITED.
 */
export const update = mutation({
  args: { roomId: v.id("rooms"), patches: v.array(shapePatch) },
  returns: v.object({ missing: v.array(v.string()) }),
  handler: async (ctx, { roomId, patches }) => {
    const { user } = await boardWriter(ctx, roomId, patches.length);
    const missing: string[] = [];
    for (const { id, ...patch } of patches) {
      const row = await findShape(ctx, roomId, id);
      if (row === null) {
        missing.push(id);
        continue;
      }
      const current: ShapeFields & Pick<Shape, "kind"> = viewOf(row);
      const next = applyShapePatches(current, patch);
      checkShape(next);
      await ctx.db.patch("shapes", row._id, { ...patch, updatedBy: user._id });
    }
    return { missing };
  },
});

/** Deletes shapes; returns the ids that were already gone. Throws RATE_LIMITED. */
export const remove = mutation({
  args: { roomId: v.id("rooms"), ids: v.array(v.string()) },
  returns: v.object({ missing: v.array(v.string()) }),
  handler: async (ctx, { roomId, ids }) => {
    await boardWriter(ctx, roomId, ids.length);
    const missing: string[] = [];
    for (const id of ids) {
      const row = await findShape(ctx, roomId, id);
      if (row === null) missing.push(id);
      else await ctx.db.delete("shapes", row._id);
    }
    if (missing.length < ids.length) await countShapes(ctx, roomId, missing.length - ids.length);
    return { missing };
  },
});
