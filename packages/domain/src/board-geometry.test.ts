import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOARD_COLORS, type Shape } from "./board";
import {
  fitShape,
  handlePositions,
  hitsShape,
  resizeBounds,
  shapeAt,
  shapeBounds,
  shapesInMarquee,
  toBoard,
  toScreen,
  unionBounds,
  zoomAbout,
} from "./board-geometry";

const shape = (fields: Partial<Shape> & Pick<Shape, "id" | "kind">): Shape => ({
  x: 0,
  y: 0,
  width: 100,
  height: 100,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
  ...fields,
});

describe("bounds", () => {
  it("normalizes segments drawn up and left, and unions boxes", () => {
    const line = shape({ id: "l", kind: "line", x: 50, y: 40, width: -30, height: -20 });
    expect(shapeBounds(line)).toEqual({ x: 20, y: 20, width: 30, height: 20 });
    const box = shape({ id: "r", kind: "rectangle", x: 100, y: 0, width: 10, height: 10 });
    expect(unionBounds([line, box])).toEqual({ x: 20, y: 0, width: 90, height: 40 });
    expect(unionBounds([])).toBeNull();
  });
});

describe("hit-testing", () => {
  it("hits filled areas, ellipses by their curve, and strokes within reach", () => {
    const rect = shape({ id: "r", kind: "rectangle" });
    expect(hitsShape(rect, { x: 50, y: 50 })).toBe(true);
    expect(hitsShape(rect, { x: 106, y: 50 })).toBe(false);
    const ellipse = shape({ id: "e", kind: "ellipse" });
    expect(hitsShape(ellipse, { x: 50, y: 50 })).toBe(true);
    // The box's corner is outside the ellipse.
    expect(hitsShape(ellipse, { x: 3, y: 3 })).toBe(false);
    const line = shape({ id: "l", kind: "line", width: 100, height: 0, strokeWidth: 4 });
    expect(hitsShape(line, { x: 50, y: 5 }, 4)).toBe(true);
    expect(hitsShape(line, { x: 50, y: 7 }, 4)).toBe(false);
    const pen = shape({
      id: "p",
      kind: "pen",
      width: 100,
      height: 100,
      points: [0, 0, 0.5, 100, 100, 0.5],
    });
    expect(hitsShape(pen, { x: 50, y: 51 })).toBe(true);
    expect(hitsShape(pen, { x: 90, y: 10 })).toBe(false);
  });

  it("picks the topmost shape", () => {
    const low = shape({ id: "low", kind: "rectangle", z: "a0" });
    const high = shape({ id: "high", kind: "rectangle", z: "a1" });
    expect(shapeAt([high, low], { x: 10, y: 10 })?.id).toBe("high");
    expect(shapeAt([high, low], { x: 500, y: 10 })).toBeNull();
  });

  it("selects with a marquee only what lies wholly inside", () => {
    const inside = shape({ id: "in", kind: "rectangle", x: 10, y: 10, width: 20, height: 20 });
    const across = shape({ id: "across", kind: "rectangle", x: 40, y: 10, width: 50, height: 20 });
    const marquee = { x: 0, y: 0, width: 60, height: 60 };
    expect(shapesInMarquee([inside, across], marquee).map((s) => s.id)).toEqual(["in"]);
  });
});

describe("resizing", () => {
  const box = { x: 10, y: 10, width: 100, height: 50 };

  it("moves the edges a handle names and flips past the opposite edge", () => {
    expect(handlePositions(box).se).toEqual({ x: 110, y: 60 });
    expect(resizeBounds(box, "se", { x: 210, y: 110 })).toEqual({
      x: 10,
      y: 10,
      width: 200,
      height: 100,
    });
    expect(resizeBounds(box, "n", { x: 999, y: 0 })).toEqual({
      x: 10,
      y: 0,
      width: 100,
      height: 60,
    });
    expect(resizeBounds(box, "w", { x: 130, y: 0 })).toEqual({
      x: 110,
      y: 10,
      width: 20,
      height: 50,
    });
  });

  it("fits boxes, segment ends and pen points into the new bounds", () => {
    const to = { x: 10, y: 10, width: 200, height: 100 };
    const rect = shape({ id: "r", kind: "rectangle", x: 60, y: 10, width: 50, height: 50 });
    expect(fitShape(rect, box, to)).toEqual({ x: 110, y: 10, width: 100, height: 100 });
    const arrow = shape({ id: "a", kind: "arrow", x: 110, y: 60, width: -100, height: -50 });
    expect(fitShape(arrow, box, to)).toEqual({ x: 210, y: 110, width: -200, height: -100 });
    const pen = shape({
      id: "p",
      kind: "pen",
      x: 10,
      y: 10,
      width: 100,
      height: 50,
      points: [0, 0, 1, 100, 50, 1],
    });
    expect(fitShape(pen, box, to).points).toEqual([0, 0, 1, 200, 100, 1]);
  });

  it("keeps every pen point inside its fitted box (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 100, noNaN: true }),
            fc.double({ min: 0, max: 50, noNaN: true }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        fc.double({ min: -300, max: 300, noNaN: true }),
        fc.double({ min: -300, max: 300, noNaN: true }),
        (pairs, toX, toY) => {
          const pen = shape({
            id: "p",
            kind: "pen",
            x: 10,
            y: 10,
            width: 100,
            height: 50,
            points: pairs.flatMap(([x, y]) => [x, y, 0.5]),
          });
          const to = resizeBounds(box, "se", { x: toX, y: toY });
          const fitted = fitShape(pen, box, to);
          for (let i = 0; i < fitted.points!.length; i += 3) {
            expect(fitted.points![i]!).toBeGreaterThanOrEqual(-1e-9);
            expect(fitted.points![i]!).toBeLessThanOrEqual(fitted.width + 1e-9);
            expect(fitted.points![i + 1]!).toBeGreaterThanOrEqual(-1e-9);
            expect(fitted.points![i + 1]!).toBeLessThanOrEqual(fitted.height + 1e-9);
          }
        },
      ),
    );
  });
});

describe("view transform", () => {
  it("maps screen and board points both ways and zooms about a fixed point", () => {
    const view = { x: 100, y: 50, zoom: 2 };
    expect(toBoard(view, { x: 20, y: 10 })).toEqual({ x: 110, y: 55 });
    expect(toScreen(view, { x: 110, y: 55 })).toEqual({ x: 20, y: 10 });
    const zoomed = zoomAbout(view, 2, { x: 20, y: 10 });
    expect(zoomed.zoom).toBe(4);
    expect(toBoard(zoomed, { x: 20, y: 10 })).toEqual({ x: 110, y: 55 });
    expect(zoomAbout(view, 1000, { x: 0, y: 0 }).zoom).toBe(8);
  });
});
