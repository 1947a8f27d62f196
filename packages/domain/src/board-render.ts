// What the apps draw for each shape, as plain values both SVG templates and the exported file
// use: the pen's smoothed outline (`perfect-freehand`), an arrow's head, a note's wrapped
// lines, default sizes for a click without a drag, and a pen shape built from a stroke's
// points. Pure functions; board units throughout.
import { getStroke } from "perfect-freehand";
import { PEN_POINTS_MAX, type Shape, type ShapeKind } from "./board";
import type { Bounds } from "./board-geometry";
import type { Point } from "./presence";

/** A point of a stroke as drawn: board units and pen pressure 0..1 (0.5 for a mouse). */
export type StrokePoint = Point & { pressure: number };

/** The size a shape gets from a click without a drag, in board units. */
export const DEFAULT_SHAPE_SIZE: Readonly<Record<ShapeKind, { width: number; height: number }>> = {
  rectangle: { width: 160, height: 100 },
  ellipse: { width: 160, height: 100 },
  line: { width: 160, height: 0 },
  arrow: { width: 160, height: 0 },
  pen: { width: 0, height: 0 },
  note: { width: 180, height: 140 },
  text: { width: 200, height: 40 },
};

/** A remote member's pointer arrow on the board, in screen px from its tip (SVG path `d`). */
export const BOARD_POINTER_PATH = "M0 0L0 17L4.6 12.6L8 20L11 18.7L7.6 11.4L13 11.4Z";

/** Text size of notes and text shapes, in board units; lines are LINE_HEIGHT × this apart. */
export const SHAPE_FONT_SIZE = 16;
export const SHAPE_LINE_HEIGHT = 1.3;
/** Inner margin of a note's text, in board units. */
export const NOTE_PADDING = 12;
/** The note paper colour (the shape's `color` is its text and border). */
export const NOTE_FILL = "#fff8c5";

/**
 * The pen's outline as an SVG path `d` in board units (absolute), smoothed by perfect-freehand
 * with the stroke's pressures; "" for a pen without points.
 */
export function penPath(shape: Pick<Shape, "x" | "y" | "points" | "strokeWidth">): string {
  const flat = shape.points ?? [];
  const input: [number, number, number][] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    input.push([shape.x + flat[i]!, shape.y + flat[i + 1]!, flat[i + 2]!]);
  }
  if (input.length === 0) return "";
  const outline = getStroke(input, {
    size: shape.strokeWidth * 2 + 2,
    thinning: 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: false,
  });
  return outlinePath(outline);
}

/** A closed path through outline points, smoothed with quadratic curves through midpoints. */
function outlinePath(points: number[][]): string {
  if (points.length === 0) return "";
  const r = (n: number) => Math.round(n * 100) / 100;
  const [first] = points as [number[]];
  let d = `M${r(first[0]!)} ${r(first[1]!)}Q`;
  for (let i = 0; i < points.length; i++) {
    const [x0, y0] = points[i]!;
    const [x1, y1] = points[(i + 1) % points.length]!;
    d += `${r(x0!)} ${r(y0!)} ${r((x0! + x1!) / 2)} ${r((y0! + y1!) / 2)} `;
  }
  return `${d.trimEnd()}Z`;
}

/**
 * The two barbs of an arrow's head at its end point, as an SVG path `d` ("" for a zero-length
 * arrow): each 4 × stroke width + 8 long, 28° off the shaft.
 */
export function arrowHeadPath(
  shape: Pick<Shape, "x" | "y" | "width" | "height" | "strokeWidth">,
): string {
  const length = Math.hypot(shape.width, shape.height);
  if (length === 0) return "";
  const end = { x: shape.x + shape.width, y: shape.y + shape.height };
  const angle = Math.atan2(shape.height, shape.width);
  const barb = Math.min(length, shape.strokeWidth * 4 + 8);
  const spread = (28 * Math.PI) / 180;
  const at = (turn: number) => ({
    x: end.x - barb * Math.cos(angle + turn),
    y: end.y - barb * Math.sin(angle + turn),
  });
  const [left, right] = [at(spread), at(-spread)];
  const r = (n: number) => Math.round(n * 100) / 100;
  return `M${r(left.x)} ${r(left.y)}L${r(end.x)} ${r(end.y)}L${r(right.x)} ${r(right.y)}`;
}

/**
 * `text` broken into lines that fit `width` board units at SHAPE_FONT_SIZE (an average glyph
 * is taken as 0.55 em: SVG text does not wrap by itself, and the export must wrap alike).
 * Explicit newlines are kept; a word longer than a line is cut.
 */
export function wrapText(text: string, width: number): string[] {
  const perLine = Math.max(1, Math.floor(width / (SHAPE_FONT_SIZE * 0.55)));
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      let rest = word;
      while (rest.length > perLine) {
        if (line !== "") lines.push(line);
        lines.push(rest.slice(0, perLine));
        rest = rest.slice(perLine);
        line = "";
      }
      const next = line === "" ? rest : `${line} ${rest}`;
      if (next.length > perLine) {
        lines.push(line);
        line = rest;
      } else {
        line = next;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The lines of a note or text shape that fit its box (a note keeps NOTE_PADDING inside). */
export function shapeTextLines(shape: Pick<Shape, "kind" | "width" | "height" | "text">): string[] {
  const padding = shape.kind === "note" ? NOTE_PADDING : 0;
  const lines = wrapText(shape.text ?? "", shape.width - 2 * padding);
  const fit = Math.max(
    1,
    Math.floor((shape.height - 2 * padding) / (SHAPE_FONT_SIZE * SHAPE_LINE_HEIGHT)),
  );
  return lines.slice(0, fit);
}

/**
 * A pen shape's geometry from a stroke's points (board units): its box and the points relative
 * to it, rounded to 0.01 and thinned to at most `max` points (every n-th point kept, the last
 * one always).
 */
export function penFromStroke(
  stroke: readonly StrokePoint[],
  max = PEN_POINTS_MAX,
): Pick<Shape, "x" | "y" | "width" | "height" | "points"> {
  // Every step-th point and the last; with this step that is never more than `max`.
  const step = max < 2 ? stroke.length : Math.max(1, Math.ceil((stroke.length - 1) / (max - 1)));
  const kept = stroke.filter((_, i) => (i % step === 0 && max >= 2) || i === stroke.length - 1);
  const box = strokeBounds(kept);
  const r = (n: number) => Math.round(n * 100) / 100;
  const points = kept.flatMap((p) => [
    Math.min(box.width, Math.max(0, r(p.x - box.x))),
    Math.min(box.height, Math.max(0, r(p.y - box.y))),
    Math.min(1, Math.max(0, r(p.pressure))),
  ]);
  return { ...box, points };
}

function strokeBounds(points: readonly Point[]): Bounds {
  if (points.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}
