import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOARD_COLORS, type Shape } from "./board";
import { applyBoardChange, inverseBoardChange, type BoardChange } from "./board-changes";

const shape = (id: string, x = 0): Shape => ({
  id,
  kind: "rectangle",
  x,
  y: 0,
  width: 10,
  height: 10,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
});
const board = (...shapes: Shape[]) => new Map(shapes.map((s) => [s.id, s]));

describe("board changes", () => {
  it("applies creates, updates and removes, skipping what is already there or gone", () => {
    const start = board(shape("a"), shape("b"));
    const created = applyBoardChange(start, {
      type: "create",
      shapes: [shape("a", 99), shape("c")],
    });
    expect(created.get("a")!.x).toBe(0);
    expect([...created.keys()]).toEqual(["a", "b", "c"]);
    const updated = applyBoardChange(created, {
      type: "update",
      patches: [
        { id: "b", x: 5 },
        { id: "gone", x: 1 },
      ],
    });
    expect(updated.get("b")!.x).toBe(5);
    expect(applyBoardChange(updated, { type: "remove", ids: ["a", "gone"] }).has("a")).toBe(false);
    expect(applyBoardChange(start, { type: "remove", ids: ["gone"] })).toBe(start);
  });

  it("undoes an update by restoring only the fields it set", () => {
    const before = board(shape("a"));
    const move: BoardChange = { type: "update", patches: [{ id: "a", x: 50 }] };
    const undo = inverseBoardChange(before, move);
    // Someone else recolors after the move; undoing the move keeps their color.
    const after = applyBoardChange(applyBoardChange(before, move), {
      type: "update",
      patches: [{ id: "a", color: BOARD_COLORS[2] }],
    });
    expect(applyBoardChange(after, undo).get("a")).toMatchObject({ x: 0, color: BOARD_COLORS[2] });
  });

  it("inverts any change exactly when nothing else happens in between (property)", () => {
    const ids = ["a", "b", "c", "d"];
    const change = fc.oneof(
      fc.record({
        type: fc.constant("create" as const),
        shapes: fc
          .uniqueArray(fc.constantFrom(...ids), { maxLength: 4 })
          .map((list) => list.map((id) => shape(id, 7))),
      }),
      fc.record({
        type: fc.constant("update" as const),
        patches: fc.array(
          fc.record({ id: fc.constantFrom(...ids), x: fc.integer({ min: -50, max: 50 }) }),
          { maxLength: 4 },
        ),
      }),
      fc.record({
        type: fc.constant("remove" as const),
        ids: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(fc.subarray(ids), change, (present, applied) => {
        const before = board(...present.map((id) => shape(id)));
        const after = applyBoardChange(before, applied);
        const restored = applyBoardChange(after, inverseBoardChange(before, applied));
        expect(Object.fromEntries(restored)).toEqual(Object.fromEntries(before));
      }),
    );
  });
});
