// The board model over a fake client: optimistic changes and their reconciliation, gestures
// sent at most every GESTURE_SEND_MS as one undo step, undo of one's own fields only, selection.
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  BOARD_BUCKETS,
  BOARD_COLORS,
  ErrorCode,
  roomsError,
  shapeBucket,
  type Shape,
} from "@rooms/domain";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GESTURE_SEND_MS, createBoard } from "./board";
import type { ClientForData } from "./convex";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;
let fake: FakeClient;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
});
afterEach(() => vi.useRealTimers());

const shape = (id: string, fields: Partial<Shape> = {}): Shape & { updatedBy: string } => ({
  id,
  kind: "rectangle",
  x: 0,
  y: 0,
  width: 10,
  height: 10,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
  updatedBy: "u1",
  ...fields,
});

function boardWith(...shapes: Shape[]) {
  let n = 0;
  const board = createBoard(fake.asClient<ClientForData>(), roomId, {
    newId: () => `new${++n}`,
  });
  fake.emit("boards:list", shapes);
  return board;
}

const ids = (board: ReturnType<typeof createBoard>) => board.getSnapshot().shapes.map((s) => s.id);

describe("board", () => {
  it("loads, then shows the shapes in z order", () => {
    const board = createBoard(fake.asClient<ClientForData>(), roomId);
    expect(board.getSnapshot().status).toBe("loading");
    fake.emit("boards:list", [shape("top", { z: "a2" }), shape("bottom", { z: "a1" })]);
    expect(board.getSnapshot().status).toBe("ready");
    expect(ids(board)).toEqual(["bottom", "top"]);
  });

  it("shows a created shape at once, on top, selected; a refusal takes it away with the reason", async () => {
    const board = boardWith(shape("a", { z: "a5" }));
    const id = board.create({ kind: "ellipse", x: 5, y: 5, width: 20, height: 20 });
    expect(id).toBe("new1");
    expect(ids(board)).toEqual(["a", "new1"]);
    expect(board.getSnapshot().selection).toEqual(["new1"]);
    const [call] = fake.callsTo("boards:create");
    expect(call!.args.shapes).toMatchObject([
      { id: "new1", kind: "ellipse", color: BOARD_COLORS[0] },
    ]);
    call!.reject(new ConvexError(roomsError(ErrorCode.RATE_LIMITED)));
    await vi.advanceTimersByTimeAsync(0);
    expect(ids(board)).toEqual(["a"]);
    expect(board.getSnapshot().selection).toEqual([]);
    expect(board.getSnapshot().error).toBe(roomsError(ErrorCode.RATE_LIMITED).message);
    // An invalid shape is refused before any call.
    expect(board.create({ kind: "rectangle", x: 0, y: 0, width: -1, height: 1 })).toBeNull();
    expect(fake.callsTo("boards:create")).toHaveLength(1);
  });

  it("sends a gesture at most every GESTURE_SEND_MS and makes it one undo step", async () => {
    const board = boardWith(shape("a"));
    const drag = board.gesture(["a"]);
    for (let i = 1; i <= 10; i++) {
      drag.update([{ id: "a", x: i * 3, y: i }]);
      expect(board.getSnapshot().shapes[0]).toMatchObject({ x: i * 3, y: i });
      await vi.advanceTimersByTimeAsync(GESTURE_SEND_MS / 5);
    }
    // 10 moves over 2 × GESTURE_SEND_MS: the first at once, then one per interval.
    expect(fake.callsTo("boards:update").length).toBeLessThanOrEqual(3);
    drag.end();
    const updates = fake.callsTo("boards:update");
    expect(updates.at(-1)!.args.patches).toEqual([{ id: "a", x: 30, y: 10 }]);
    expect(board.getSnapshot().canUndo).toBe(true);
    board.undo();
    expect(fake.callsTo("boards:update").at(-1)!.args.patches).toEqual([{ id: "a", x: 0, y: 0 }]);
    expect(board.getSnapshot()).toMatchObject({ canUndo: false, canRedo: true });
  });

  it("undoes only the fields the viewer changed: another user's later recolor stays", () => {
    const board = boardWith(shape("a"));
    board.select(["a"]);
    board.nudge(5, 0);
    fake.emit("boards:list", [shape("a", { x: 5, color: BOARD_COLORS[4] })]);
    board.undo();
    expect(fake.callsTo("boards:update").at(-1)!.args.patches).toEqual([{ id: "a", x: 0, y: 0 }]);
    expect(board.getSnapshot().shapes[0]).toMatchObject({ x: 0, color: BOARD_COLORS[4] });
    board.redo();
    expect(fake.callsTo("boards:update").at(-1)!.args.patches).toEqual([{ id: "a", x: 5, y: 0 }]);
  });

  it("deletes, duplicates (offset, on top, selected) and reorders the selection", () => {
    const board = boardWith(shape("a", { z: "a1" }), shape("b", { z: "a2", x: 50 }));
    board.select(["a"]);
    board.duplicateSelection();
    expect(ids(board)).toEqual(["a", "b", "new1"]);
    expect(board.getSnapshot().shapes[2]).toMatchObject({ x: 16, y: 16 });
    expect(board.getSnapshot().selection).toEqual(["new1"]);
    board.zOrder("back");
    expect(ids(board)).toEqual(["new1", "a", "b"]);
    board.deleteSelection();
    expect(ids(board)).toEqual(["a", "b"]);
    expect(fake.callsTo("boards:remove")[0]!.args.ids).toEqual(["new1"]);
    board.undo();
    expect(fake.callsTo("boards:create").at(-1)!.args.shapes).toMatchObject([{ id: "new1" }]);
  });

  it("selects by click (tolerance in screen px at any zoom), shift-click and marquee", () => {
    const board = boardWith(shape("a", { x: 0, width: 10 }), shape("b", { x: 100, width: 10 }));
    board.zoom(2, { x: 0, y: 0 });
    // Screen (26, 10) is board (13, 5): within 4 screen px (2 board units) of a's edge at 10.
    expect(board.selectAt({ x: 26, y: 10 })).toBe("a");
    expect(board.selectAt({ x: 28, y: 10 })).toBeNull();
    expect(board.getSnapshot().selection).toEqual([]);
    board.selectAt({ x: 10, y: 10 });
    board.selectAt({ x: 210, y: 10 }, true);
    expect(board.getSnapshot().selection).toEqual(["a", "b"]);
    board.selectInMarquee({ x: 90, y: -5, width: 40, height: 40 });
    expect(board.getSnapshot().selection).toEqual(["b"]);
  });

  it("reads the board by bucket: ready once every bucket arrived; unchanged shapes keep their objects", () => {
    const board = createBoard(fake.asClient<ClientForData>(), roomId);
    const rows = ["a", "b", "c", "d", "e", "f"].map((id) => shape(id));
    const bucketOf = (bucket: number) => rows.filter((row) => shapeBucket(row.id) === bucket);
    for (let bucket = 0; bucket < BOARD_BUCKETS - 1; bucket++) {
      fake.emit("boards:list", bucketOf(bucket), { roomId, bucket });
    }
    expect(board.getSnapshot().status).toBe("loading");
    fake.emit("boards:list", bucketOf(BOARD_BUCKETS - 1), { roomId, bucket: BOARD_BUCKETS - 1 });
    expect(board.getSnapshot().status).toBe("ready");
    expect(ids(board).sort()).toEqual(["a", "b", "c", "d", "e", "f"]);

    const before = new Map(board.getSnapshot().shapes.map((s) => [s.id, s]));
    const moved = shapeBucket("a");
    // The bucket of "a" again, as fresh objects, with only "a" moved.
    fake.emit(
      "boards:list",
      bucketOf(moved).map((row) => (row.id === "a" ? { ...row, x: 99 } : { ...row })),
      { roomId, bucket: moved },
    );
    for (const after of board.getSnapshot().shapes) {
      if (after.id === "a") expect(after).toMatchObject({ x: 99 });
      else expect(after).toBe(before.get(after.id));
    }
    fake.fail("boards:list", new Error("boom"));
    expect(board.getSnapshot()).toMatchObject({
      status: "error",
      loadError: "Could not load the board.",
    });
  });
});
