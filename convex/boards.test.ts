import {
  BOARD_BATCH_MAX,
  BOARD_BUCKETS,
  BOARD_COLORS,
  BOARD_SHAPES_MAX,
  BOARD_UPDATES_PER_SECOND,
  ErrorCode,
  SHAPE_TEXT_MAX_LENGTH,
  byZ,
  shapeBucket,
  zKeysOnTop,
} from "@rooms/domain";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { expectError, setup, signIn, type Client } from "./test.setup";

type NewShape = (typeof api.boards.create)["_args"]["shapes"][number];

const rect = (id: string, fields: Partial<NewShape> = {}): NewShape => ({
  id,
  kind: "rectangle",
  x: 0,
  y: 0,
  width: 40,
  height: 30,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
  ...fields,
});

async function boardRoom(): Promise<{ ada: Client; bo: Client; cy: Client; roomId: Id<"rooms"> }> {
  const t = setup();
  const ada = await signIn(t, "Ada");
  const bo = await signIn(t, "Bo");
  const cy = await signIn(t, "Cy");
  const roomId = await ada.mutation(api.rooms.create, {
    name: "Sketches",
    type: "whiteboard",
    isPrivate: false,
  });
  await bo.mutation(api.rooms.join, { roomId });
  return { ada, bo, cy, roomId };
}

const shapesOf = async (client: Client, roomId: Id<"rooms">) =>
  byZ(await client.query(api.boards.list, { roomId }));

describe("boards", () => {
  afterEach(() => vi.useRealTimers());

  it("members create shapes every member sees; others and signed-out callers are refused", async () => {
    const { ada, bo, cy, roomId } = await boardRoom();
    const [low, high] = zKeysOnTop([], 2);
    await ada.mutation(api.boards.create, {
      roomId,
      shapes: [rect("r1", { z: high }), { ...rect("n1", { z: low }), kind: "note", text: "Hi" }],
    });
    const seen = await shapesOf(bo, roomId);
    expect(seen.map((s) => [s.id, s.kind])).toEqual([
      ["n1", "note"],
      ["r1", "rectangle"],
    ]);
    expect(seen[0]).toMatchObject({ text: "Hi", updatedBy: expect.any(String) });

    await expectError(cy.query(api.boards.list, { roomId }), ErrorCode.NOT_A_MEMBER);
    await expectError(
      cy.mutation(api.boards.create, { roomId, shapes: [rect("x")] }),
      ErrorCode.NOT_A_MEMBER,
    );
    await expectError(
      cy.mutation(api.boards.update, { roomId, patches: [{ id: "r1", x: 5 }] }),
      ErrorCode.NOT_A_MEMBER,
    );
    await expectError(
      cy.mutation(api.boards.remove, { roomId, ids: ["r1"] }),
      ErrorCode.NOT_A_MEMBER,
    );
  });

  it("refuses invalid shapes, taken or malformed ids, long text and oversized batches", async () => {
    const { ada, roomId } = await boardRoom();
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("r1")] });
    const invalid = { field: "shape" };
    for (const shapes of [
      [rect("r1")],
      [rect("dup"), rect("dup")],
      [rect("has space")],
      [rect("r2", { color: "pink" })],
      [rect("r2", { width: -5 })],
      [rect("r2", { z: "not a key!" })],
    ]) {
      await expectError(
        ada.mutation(api.boards.create, { roomId, shapes }),
        ErrorCode.INVALID_ARGUMENT,
        invalid,
      );
    }
    await expectError(
      ada.mutation(api.boards.create, {
        roomId,
        shapes: [{ ...rect("t1"), kind: "text", text: "x".repeat(SHAPE_TEXT_MAX_LENGTH + 1) }],
      }),
      ErrorCode.TOO_LONG,
      { field: "shapeText" },
    );
    await expectError(
      ada.mutation(api.boards.update, {
        roomId,
        patches: Array.from({ length: BOARD_BATCH_MAX + 1 }, () => ({ id: "r1", x: 1 })),
      }),
      ErrorCode.INVALID_ARGUMENT,
    );
    // A patch that would make the shape invalid changes nothing.
    await expectError(
      ada.mutation(api.boards.update, { roomId, patches: [{ id: "r1", strokeWidth: 99 }] }),
      ErrorCode.INVALID_ARGUMENT,
    );
    expect((await shapesOf(ada, roomId)).map((s) => s.strokeWidth)).toEqual([2]);
  });

  it("merges concurrent edits of one shape field by field, last writer wins", async () => {
    const { ada, bo, roomId } = await boardRoom();
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("r1")] });
    await ada.mutation(api.boards.update, { roomId, patches: [{ id: "r1", x: 100, y: 50 }] });
    await bo.mutation(api.boards.update, {
      roomId,
      patches: [{ id: "r1", color: BOARD_COLORS[3] }],
    });
    await bo.mutation(api.boards.update, { roomId, patches: [{ id: "r1", x: 200 }] });
    const [shape] = await shapesOf(ada, roomId);
    expect(shape).toMatchObject({ x: 200, y: 50, color: BOARD_COLORS[3], width: 40 });
  });

  it("moves 50 shapes in one mutation and skips shapes deleted meanwhile", async () => {
    const { ada, bo, roomId } = await boardRoom();
    const keys = zKeysOnTop([], 50);
    const shapes = keys.map((z, i) => rect(`s${i}`, { x: i, z }));
    await ada.mutation(api.boards.create, { roomId, shapes });
    expect(await bo.mutation(api.boards.remove, { roomId, ids: ["s7"] })).toEqual({
      missing: [],
    });
    const result = await ada.mutation(api.boards.update, {
      roomId,
      patches: shapes.map((s) => ({ id: s.id, x: s.x + 10, y: 5 })),
    });
    expect(result).toEqual({ missing: ["s7"] });
    const after = await shapesOf(bo, roomId);
    expect(after).toHaveLength(49);
    expect(after.every((s) => s.y === 5 && s.x === Number(s.id.slice(1)) + 10)).toBe(true);
    expect(await bo.mutation(api.boards.remove, { roomId, ids: ["s7", "s8"] })).toEqual({
      missing: ["s7"],
    });
  });

  it("limits board writes per user per second", async () => {
    // The clock stands still, so every write falls in one window however slow the machine.
    vi.useFakeTimers();
    const { ada, bo, roomId } = await boardRoom();
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("r1")] });
    for (let i = 1; i < BOARD_UPDATES_PER_SECOND; i++) {
      await ada.mutation(api.boards.update, { roomId, patches: [{ id: "r1", x: i }] });
    }
    await expectError(
      ada.mutation(api.boards.update, { roomId, patches: [{ id: "r1", x: 0 }] }),
      ErrorCode.RATE_LIMITED,
    );
    // Per user: another member is not slowed down.
    await bo.mutation(api.boards.update, { roomId, patches: [{ id: "r1", y: 9 }] });
  });

  it("reads the board in buckets that partition it", async () => {
    const { ada, bo, roomId } = await boardRoom();
    const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
    await ada.mutation(api.boards.create, { roomId, shapes: ids.map((id) => rect(id)) });
    const buckets = await Promise.all(
      Array.from({ length: BOARD_BUCKETS }, (_, bucket) =>
        bo.query(api.boards.list, { roomId, bucket }),
      ),
    );
    buckets.forEach((rows, bucket) => {
      for (const row of rows) expect(shapeBucket(row.id)).toBe(bucket);
    });
    expect(
      buckets
        .flat()
        .map((row) => row.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(buckets.filter((rows) => rows.length > 0).length).toBeGreaterThan(1);
    for (const bucket of [-1, BOARD_BUCKETS, 1.5]) {
      await expectError(bo.query(api.boards.list, { roomId, bucket }), ErrorCode.INVALID_ARGUMENT);
    }
  });

  it("counts shapes to BOARD_SHAPES_MAX in the board's row; deletes free room", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    const roomId = await ada.mutation(api.rooms.create, {
      name: "Full",
      type: "whiteboard",
      isPrivate: false,
    });
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("a"), rect("b")] });
    const count = () =>
      t.run(async (ctx) => {
        const row = await ctx.db
          .query("boards")
          .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
          .unique();
        return row?.shapeCount;
      });
    expect(await count()).toBe(2);
    // As if the board held BOARD_SHAPES_MAX - 1 shapes (creating 5,000 here takes too long).
    await t.run(async (ctx) => {
      const row = await ctx.db
        .query("boards")
        .withIndex("by_roomId", (q) => q.eq("roomId", roomId))
        .unique();
      await ctx.db.patch("boards", row!._id, { shapeCount: BOARD_SHAPES_MAX - 1 });
    });
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("c")] });
    await expectError(
      ada.mutation(api.boards.create, { roomId, shapes: [rect("d")] }),
      ErrorCode.INVALID_ARGUMENT,
    );
    expect(await count()).toBe(BOARD_SHAPES_MAX);
    await ada.mutation(api.boards.remove, { roomId, ids: ["a", "gone"] });
    expect(await count()).toBe(BOARD_SHAPES_MAX - 1);
    await ada.mutation(api.boards.create, { roomId, shapes: [rect("d")] });
    // A taken id is refused (found by its bucket and id, not by reading the board).
    await ada.mutation(api.boards.remove, { roomId, ids: ["d"] });
    await expectError(
      ada.mutation(api.boards.create, { roomId, shapes: [rect("b")] }),
      ErrorCode.INVALID_ARGUMENT,
    );
  });
});
