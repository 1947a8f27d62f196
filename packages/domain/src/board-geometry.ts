// Whiteboard geometry in board units (see Shape in ./board): bounds, hit-testing, marquee
// selection, the eight resize handles, resizing a shape into new bounds, moving, and the
// view transform (pan and zoom) between screen and board coordinates. Pure functions.
import { SEGMENT_KINDS, byZ, type Shape } from "./board";
import type { Point } from "./presence";

/** An axis-aligned box; width and height are ≥ 0. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The box from two corners in any order. */
export function boundsOf(a: Point, b: Point): Bounds {
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(b.x - a.x),
    height: Math.abs(b.y - a.y),
  };
}

/** The shape's geometric box (its stroke not included). */
export function shapeBounds(shape: Pick<Shape, "x" | "y" | "width" | "height">): Bounds {
  return boundsOf(
    { x: shape.x, y: shape.y },
    { x: shape.x + shape.width, y: shape.y + shape.height },
  );
}

/** The smallest box around every shape, or null for none. */
export function unionBounds(
  shapes: readonly Pick<Shape, "x" | "y" | "width" | "height">[],
): Bounds | null {
  if (shapes.length === 0) return null;
  const boxes = shapes.map(shapeBounds);
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** Distance from `p` to the segment a–b. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0
      ? 0
      : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * Whether `point` hits `shape`: within `tolerance` (board units; a few screen px divided by the
 * zoom) of its filled area (rectangle, note, text, ellipse) or of its stroke (line, arrow, pen,
 * widened by half the stroke width).
 */
export function hitsShape(shape: Shape, point: Point, tolerance = 4): boolean {
  const reach = tolerance + shape.strokeWidth / 2;
  if (SEGMENT_KINDS.includes(shape.kind)) {
    const end = { x: shape.x + shape.width, y: shape.y + shape.height };
    return distanceToSegment(point, shape, end) <= reach;
  }
  if (shape.kind === "pen") {
    const points = shape.points ?? [];
    if (points.length < 3) return false;
    const at = (i: number) => ({ x: shape.x + points[i]!, y: shape.y + points[i + 1]! });
    if (points.length === 3) return Math.hypot(point.x - at(0).x, point.y - at(0).y) <= reach;
    for (let i = 0; i + 3 < points.length; i += 3) {
      if (distanceToSegment(point, at(i), at(i + 3)) <= reach) return true;
    }
    return false;
  }
  const box = shapeBounds(shape);
  if (shape.kind === "ellipse") {
    const rx = box.width / 2 + reach;
    const ry = box.height / 2 + reach;
    const nx = (point.x - (box.x + box.width / 2)) / rx;
    const ny = (point.y - (box.y + box.height / 2)) / ry;
    return nx * nx + ny * ny <= 1;
  }
  return (
    point.x >= box.x - reach &&
    point.x <= box.x + box.width + reach &&
    point.y >= box.y - reach &&
    point.y <= box.y + box.height + reach
  );
}

/** The topmost shape `point` hits (highest z), or null. */
export function shapeAt(shapes: readonly Shape[], point: Point, tolerance = 4): Shape | null {
  const ordered = byZ(shapes);
  for (let i = ordered.length - 1; i >= 0; i--) {
    if (hitsShape(ordered[i]!, point, tolerance)) return ordered[i]!;
  }
  return null;
}

/** The shapes whose bounds lie wholly inside `marquee` (marquee selection), in paint order. */
export function shapesInMarquee(shapes: readonly Shape[], marquee: Bounds): Shape[] {
  return byZ(shapes).filter((shape) => {
    const box = shapeBounds(shape);
    return (
      box.x >= marquee.x &&
      box.y >= marquee.y &&
      box.x + box.width <= marquee.x + marquee.width &&
      box.y + box.height <= marquee.y + marquee.height
    );
  });
}

/** The resize handles of a selection box, clockwise from the top-left corner. */
export const RESIZE_HANDLES = ["nw", "n", "ne", "e", "se", "s", "sw", "w"] as const;
export type ResizeHandle = (typeof RESIZE_HANDLES)[number];

/** Where each handle of `box` sits. */
export function handlePositions(box: Bounds): Record<ResizeHandle, Point> {
  const [left, top] = [box.x, box.y];
  const [right, bottom] = [box.x + box.width, box.y + box.height];
  const [middleX, middleY] = [box.x + box.width / 2, box.y + box.height / 2];
  return {
    nw: { x: left, y: top },
    n: { x: middleX, y: top },
    ne: { x: right, y: top },
    e: { x: right, y: middleY },
    se: { x: right, y: bottom },
    s: { x: middleX, y: bottom },
    sw: { x: left, y: bottom },
    w: { x: left, y: middleY },
  };
}

/**
 * `box` with the edges `handle` names dragged to `to` (the opposite edges stay); dragging past
 * the opposite edge flips the box, which stays normalized.
 */
export function resizeBounds(box: Bounds, handle: ResizeHandle, to: Point): Bounds {
  let [left, top] = [box.x, box.y];
  let [right, bottom] = [box.x + box.width, box.y + box.height];
  if (handle.includes("w")) left = to.x;
  if (handle.includes("e")) right = to.x;
  if (handle.includes("n")) top = to.y;
  if (handle.includes("s")) bottom = to.y;
  return boundsOf({ x: left, y: top }, { x: right, y: bottom });
}

/**
 * The fields of `shape` after its bounds move from `from` to `to` (a resize of a selection
 * scales every shape in it this way): boxes take the mapped box, segments map both ends, pens
 * scale their points. A zero-size `from` axis keeps the shape's size on that axis.
 */
export function fitShape(
  shape: Shape,
  from: Bounds,
  to: Bounds,
): Pick<Shape, "x" | "y" | "width" | "height"> & { points?: number[] } {
  const sx = from.width === 0 ? 1 : to.width / from.width;
  const sy = from.height === 0 ? 1 : to.height / from.height;
  const mapX = (x: number) => to.x + (x - from.x) * sx;
  const mapY = (y: number) => to.y + (y - from.y) * sy;
  const x = mapX(shape.x);
  const y = mapY(shape.y);
  if (SEGMENT_KINDS.includes(shape.kind)) {
    return {
      x,
      y,
      width: mapX(shape.x + shape.width) - x,
      height: mapY(shape.y + shape.height) - y,
    };
  }
  const box = shapeBounds(shape);
  const moved = boundsOf(
    { x: mapX(box.x), y: mapY(box.y) },
    { x: mapX(box.x + box.width), y: mapY(box.y + box.height) },
  );
  if (shape.kind !== "pen" || shape.points === undefined) return moved;
  const points = shape.points.map((value, i) =>
    i % 3 === 0 ? value * Math.abs(sx) : i % 3 === 1 ? value * Math.abs(sy) : value,
  );
  // A flip mirrors the points inside the box.
  for (let i = 0; i < points.length; i += 3) {
    if (sx < 0) points[i] = moved.width - points[i]!;
    if (sy < 0) points[i + 1] = moved.height - points[i + 1]!;
  }
  return { ...moved, points };
}

/** The pan and zoom of one user's view: screen = (board − origin) × zoom. */
export interface ViewTransform {
  /** The board point at the view's top-left corner. */
  x: number;
  y: number;
  /** Screen px per board unit, ZOOM_MIN..ZOOM_MAX. */
  zoom: number;
}

export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 8;

/** The board point under the screen point `p` (relative to the canvas' top-left corner). */
export function toBoard(view: ViewTransform, p: Point): Point {
  return { x: view.x + p.x / view.zoom, y: view.y + p.y / view.zoom };
}

/** The screen point (relative to the canvas) of the board point `p`. */
export function toScreen(view: ViewTransform, p: Point): Point {
  return { x: (p.x - view.x) * view.zoom, y: (p.y - view.y) * view.zoom };
}

/** `view` zoomed by `factor` about the screen point `anchor`, which keeps its board point. */
export function zoomAbout(view: ViewTransform, factor: number, anchor: Point): ViewTransform {
  const zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, view.zoom * factor));
  const fixed = toBoard(view, anchor);
  return { x: fixed.x - anchor.x / zoom, y: fixed.y - anchor.y / zoom, zoom };
}
