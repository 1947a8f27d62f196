import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BOARD_BUCKETS,
  BOARD_COLORS,
  PEN_POINTS_MAX,
  SHAPE_TEXT_MAX_LENGTH,
  applyShapePatches,
  byZ,
  isZKey,
  sameShape,
  shapeBucket,
  shapeError,
  zOrderMove,
  zKeysOnTop,
  type Shape,
  type ZMove,
} from "./board";
import { ErrorCode } from "./errors";

const base: Shape = {
  id: "s1",
  kind: "rectangle",
  x: 10,
  y: 20,
  width: 100,
  height: 50,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
};

describe("shapeError", () => {
  it("accepts every kind with its own fields", () => {
    expect(shapeError(base)).toBeNull();
    expect(shapeError({ ...base, kind: "line", width: -30, height: -5 })).toBeNull();
    expect(shapeError({ ...base, kind: "note", text: "Hello" })).toBeNull();
    expect(
      shapeError({ ...base, kind: "pen", width: 10, height: 10, points: [0, 0, 0.5, 10, 10, 1] }),
    ).toBeNull();
  });

  it("refuses bad numbers, colors, widths, keys and fields of other kinds", () => {
    const invalid = { code: ErrorCode.INVALID_ARGUMENT, field: "shape" };
    for (const bad of [
      { ...base, kind: "hexagon" as Shape["kind"] },
      { ...base, x: Number.NaN },
      { ...base, y: Infinity },
      { ...base, width: -1 },
      { ...base, color: "red" },
      { ...base, strokeWidth: 0 },
      { ...base, strokeWidth: 33 },
      { ...base, z: "" },
      { ...base, z: "a0 " },
      { ...base, text: "not on a rectangle" },
      { ...base, points: [0, 0, 1] },
      { ...base, kind: "note" as const },
      { ...base, kind: "pen" as const },
      { ...base, kind: "pen" as const, points: [0, 0] },
      { ...base, kind: "pen" as const, points: [0, 0, 2] },
      { ...base, kind: "pen" as const, points: [500, 0, 1] },
      { ...base, kind: "pen" as const, points: new Array((PEN_POINTS_MAX + 1) * 3).fill(0) },
    ]) {
      expect(shapeError(bad), JSON.stringify(bad).slice(0, 80)).toMatchObject(invalid);
    }
  });

  it("refuses text over SHAPE_TEXT_MAX_LENGTH with TOO_LONG", () => {
    const text = "x".repeat(SHAPE_TEXT_MAX_LENGTH + 1);
    expect(shapeError({ ...base, kind: "text", text })).toMatchObject({
      code: ErrorCode.TOO_LONG,
      field: "shapeText",
      limit: SHAPE_TEXT_MAX_LENGTH,
    });
  });
});

describe("applyShapePatches", () => {
  it("keeps the last value of each field: a move and a recolor both survive", () => {
    const moved = { x: 50, y: 60 };
    const recolored = { color: BOARD_COLORS[1] };
    const later = { x: 70 };
    expect(applyShapePatches(base, moved, recolored, later)).toEqual({
      ...base,
      x: 70,
      y: 60,
      color: BOARD_COLORS[1],
    });
    expect(applyShapePatches(base, { x: undefined })).toBe(base);
  });
});

describe("z-order", () => {
  const shapes = (keys: string[]) => keys.map((z, i) => ({ id: `s${i}`, z }));

  it("puts new shapes on top with valid, increasing keys", () => {
    const keys = zKeysOnTop(shapes(["a0", "a5", "a2"]), 3);
    expect(keys.every(isZKey)).toBe(true);
    expect(keys[0]! > "a5").toBe(true);
    expect([...keys].sort()).toEqual(keys);
    expect(zKeysOnTop([], 1)).toEqual(["a0"]);
  });

  it("is a no-op when the selection is already there", () => {
    const board = shapes(zKeysOnTop([], 3));
    expect(zOrderMove(board, new Set(["s2"]), "forward").size).toBe(0);
    expect(zOrderMove(board, new Set(["s2"]), "front").size).toBe(0);
    expect(zOrderMove(board, new Set(["s0"]), "back").size).toBe(0);
    expect(zOrderMove(board, new Set(["s0", "s1", "s2"]), "front").size).toBe(0);
  });

  it("moves one step past the next unselected shape, or to the end", () => {
    const board = shapes(zKeysOnTop([], 4)); // s0 < s1 < s2 < s3
    const after = (ids: string[], move: ZMove) => {
      const keys = zOrderMove(board, new Set(ids), move);
      return byZ(board.map((s) => ({ ...s, z: keys.get(s.id) ?? s.z }))).map((s) => s.id);
    };
    expect(after(["s0"], "forward")).toEqual(["s1", "s0", "s2", "s3"]);
    expect(after(["s0"], "front")).toEqual(["s1", "s2", "s3", "s0"]);
    expect(after(["s3"], "backward")).toEqual(["s0", "s1", "s3", "s2"]);
    expect(after(["s1", "s3"], "back")).toEqual(["s1", "s3", "s0", "s2"]);
  });

  it("keeps the selection's own order and all keys distinct and valid (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.constantFrom<ZMove>("forward", "backward", "front", "back"),
        (n, picks, move) => {
          const board = shapes(zKeysOnTop([], n));
          const ids = new Set(picks.map((p) => `s${p % n}`));
          const keys = zOrderMove(board, ids, move);
          const next = board.map((s) => ({ ...s, z: keys.get(s.id) ?? s.z }));
          expect(next.every((s) => isZKey(s.z))).toBe(true);
          expect(new Set(next.map((s) => s.z)).size).toBe(n);
          const order = byZ(next).map((s) => s.id);
          const selectedBefore = board.map((s) => s.id).filter((id) => ids.has(id));
          expect(order.filter((id) => ids.has(id))).toEqual(selectedBefore);
          const unselected = order.filter((id) => !ids.has(id));
          expect(unselected).toEqual(board.map((s) => s.id).filter((id) => !ids.has(id)));
          if (move === "front" && unselected.length > 0) {
            expect(order.slice(-ids.size).every((id) => ids.has(id))).toBe(true);
          }
          if (move === "back" && unselected.length > 0) {
            expect(order.slice(0, ids.size).every((id) => ids.has(id))).toBe(true);
          }
        },
      ),
    );
  });
});

describe("buckets and equality", () => {
  it("puts every id in one bucket in range, always the same, and spreads ids over all buckets", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), (id) => {
        const bucket = shapeBucket(id);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket < BOARD_BUCKETS).toBe(true);
        expect(shapeBucket(id)).toBe(bucket);
      }),
    );
    const used = new Set(Array.from({ length: 400 }, (_, i) => shapeBucket(`shape${i}`)));
    expect(used.size).toBe(BOARD_BUCKETS);
  });

  it("compares shapes field by field, points included", () => {
    const pen: Shape = { ...base, kind: "pen", points: [0, 0, 0.5, 1, 1, 0.5] };
    expect(sameShape(pen, { ...pen, points: [...pen.points!] })).toBe(true);
    expect(sameShape(pen, { ...pen, points: [0, 0, 0.5, 1, 2, 0.5] })).toBe(false);
    expect(sameShape(base, { ...base, z: "a1" })).toBe(false);
    expect(sameShape(base, { ...base, text: "" })).toBe(false);
  });
});
