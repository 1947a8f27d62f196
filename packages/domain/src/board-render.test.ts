import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOARD_COLORS, PEN_POINTS_MAX, shapeError } from "./board";
import {
  SHAPE_FONT_SIZE,
  arrowHeadPath,
  penFromStroke,
  penPath,
  shapeTextLines,
  wrapText,
} from "./board-render";

describe("board rendering", () => {
  it("outlines a pen stroke as one closed path in board units, none without points", () => {
    const pen = { x: 100, y: 50, strokeWidth: 2, points: [0, 0, 0.5, 40, 10, 0.5, 80, 0, 0.5] };
    const d = penPath(pen);
    expect(d).toMatch(/^M[\d.]+ [\d.]+Q.*Z$/);
    const numbers = d.match(/-?[\d.]+/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBeGreaterThan(90);
    expect(Math.max(...xs)).toBeLessThan(190);
    expect(penPath({ ...pen, points: [] })).toBe("");
  });

  it("draws an arrow's head at its end point, none for a zero-length arrow", () => {
    const arrow = { x: 0, y: 0, width: 100, height: 0, strokeWidth: 2 };
    const d = arrowHeadPath(arrow);
    expect(d).toContain("L100 0L");
    // Both barbs lie behind the tip, one on each side of the shaft.
    const [x1, y1, , , x2, y2] = d.match(/-?[\d.]+/g)!.map(Number);
    expect(x1).toBeLessThan(100);
    expect(x2).toBeLessThan(100);
    expect(Math.sign(y1!)).toBe(-Math.sign(y2!));
    expect(arrowHeadPath({ ...arrow, width: 0 })).toBe("");
  });

  it("wraps text to a width, keeps newlines, cuts words longer than a line", () => {
    const perLine = Math.floor(100 / (SHAPE_FONT_SIZE * 0.55));
    const lines = wrapText("one two three four five six\nseven", 100);
    expect(lines.every((line) => line.length <= perLine)).toBe(true);
    expect(lines.join(" ")).toBe("one two three four five six seven");
    expect(lines.at(-1)).toBe("seven");
    expect(wrapText("x".repeat(perLine * 2 + 1), 100)).toEqual([
      "x".repeat(perLine),
      "x".repeat(perLine),
      "x",
    ]);
  });

  it("keeps a note's lines inside its box", () => {
    const note = {
      kind: "note" as const,
      width: 120,
      height: 60,
      text: "a b c d e f g h i j k l m n o p",
    };
    expect(shapeTextLines(note).length).toBe(1);
    expect(shapeTextLines({ ...note, height: 400 }).length).toBeGreaterThan(1);
  });

  it("builds a valid pen shape from any stroke, thinned to the limit, points inside the box", () => {
    const point = fc.record({
      x: fc.double({ min: -5000, max: 5000, noNaN: true }),
      y: fc.double({ min: -5000, max: 5000, noNaN: true }),
      pressure: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 2, max: 400 }),
        (stroke, max) => {
          const pen = penFromStroke(stroke, max);
          expect(pen.points!.length / 3).toBeLessThanOrEqual(Math.min(max, PEN_POINTS_MAX));
          const shape = {
            kind: "pen" as const,
            ...pen,
            color: BOARD_COLORS[0],
            strokeWidth: 2,
            z: "a0",
          };
          expect(shapeError(shape)).toBeNull();
          // The last point is kept.
          const last = stroke.at(-1)!;
          expect(pen.x + pen.points!.at(-3)!).toBeCloseTo(last.x, 1);
        },
      ),
    );
  });
});
