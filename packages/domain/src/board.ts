// The whiteboard's shapes: their kinds and fields, the limits a board keeps, validation, the
// per-field merge rule for concurrent edits, and z-order by fractional index keys (the
// `fractional-indexing` package: keys compare as plain strings, a key between any two exists).
// Geometry (bounds, hit-testing, resizing) is in ./board-geometry.
import { generateKeyBetween, generateNKeysBetween } from "fractional-indexing";
import { ErrorCode, roomsError, type RoomsErrorData } from "./errors";
import { fnv1a } from "./presence";

/** The kinds of shape, as in `data-kind` on each `board-shape` and `board-tool-<kind>`. */
export const SHAPE_KINDS = [
  "rectangle",
  "ellipse",
  "line",
  "arrow",
  "pen",
  "note",
  "text",
] as const;
export type ShapeKind = (typeof SHAPE_KINDS)[number];

/** What a pointer does on the board: select (and move / resize), or draw one kind of shape. */
export type BoardTool = "select" | ShapeKind;
export const BOARD_TOOLS: readonly BoardTool[] = ["select", ...SHAPE_KINDS];
/** Tool shortcuts (a key without modifiers, outside text fields): V R O L A P N T. */
export const BOARD_TOOL_KEYS: Readonly<Record<string, BoardTool>> = {
  v: "select",
  r: "rectangle",
  o: "ellipse",
  l: "line",
  a: "arrow",
  p: "pen",
  n: "note",
  t: "text",
};

/** The shortcut key of `tool`, upper case as shown on its button ("V" for select). */
export function boardToolKey(tool: BoardTool): string {
  const key = Object.keys(BOARD_TOOL_KEYS).find((k) => BOARD_TOOL_KEYS[k] === tool);
  return key?.toUpperCase() ?? "";
}

/** Kinds whose (x, y) is the start point and (x + width, y + height) the end point. */
export const SEGMENT_KINDS: readonly ShapeKind[] = ["line", "arrow"];
/** Kinds that carry `text`. */
export const TEXT_KINDS: readonly ShapeKind[] = ["note", "text"];

/**
 * One shape on a board. Coordinates are board units (CSS px at zoom 1), origin top left, y down.
 * - rectangle, ellipse, note, text: the box (x, y, width ≥ 0, height ≥ 0).
 * - line, arrow: from (x, y) to (x + width, y + height); width / height may be negative.
 * - pen: `points` relative to (x, y), flat `[x0, y0, pressure0, x1, y1, pressure1, …]` with
 *   pressure in 0..1, all within the box (x, y, width, height).
 */
export interface Shape {
  id: string;
  kind: ShapeKind;
  x: number;
  y: number;
  width: number;
  height: number;
  /** pen only. */
  points?: number[];
  /** note and text only. */
  text?: string;
  /** One of BOARD_COLORS. */
  color: string;
  /** Outline / stroke width in board units, STROKE_WIDTH_MIN..STROKE_WIDTH_MAX. */
  strokeWidth: number;
  /** Z-order key: shapes paint in ascending `z` (plain string order), later ones on top. */
  z: string;
}

/** The fields an edit may change: everything but the id and the kind. */
export type ShapeFields = Omit<Shape, "id" | "kind">;
/** A change to one shape: only the fields that changed. */
export type ShapePatch = Partial<ShapeFields>;

/** Most shapes one board holds. */
export const BOARD_SHAPES_MAX = 5000;
/** Most points in one pen stroke. */
export const PEN_POINTS_MAX = 4000;
/** Longest text of a note or text shape, in UTF-16 code units. */
export const SHAPE_TEXT_MAX_LENGTH = 2000;
/** |x|, |y|, |width|, |height| of every shape stay within this. */
export const BOARD_COORDINATE_MAX = 1_000_000;
export const STROKE_WIDTH_MIN = 1;
export const STROKE_WIDTH_MAX = 32;
/** The stroke widths the toolbar offers, in board units. */
export const BOARD_STROKE_WIDTHS = [1, 2, 4, 8, 16] as const;
/** Most shapes one batch (move, delete, duplicate, restyle) may touch. */
export const BOARD_BATCH_MAX = 500;
/** Board mutations per user per second (as many as cursor updates: a drag sends at 10–30 Hz). */
export const BOARD_UPDATES_PER_SECOND = 30;
/**
 * The board is read in BOARD_BUCKETS parts (`boards.list` by bucket), each shape in the bucket
 * `shapeBucket(id)`: a change re-runs and re-sends one part, not the whole board.
 */
export const BOARD_BUCKETS = 16;

/** The bucket of a shape id, 0..BOARD_BUCKETS - 1 (`fnv1a` of presence.ts). */
export function shapeBucket(id: string): number {
  return fnv1a(id) % BOARD_BUCKETS;
}

/** A client-chosen shape id: 1..40 of A–Z a–z 0–9 _ -. */
export const SHAPE_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** The palette the toolbar offers, first the default. */
export const BOARD_COLORS = [
  "#1f2328",
  "#d1242f",
  "#bf8700",
  "#1a7f37",
  "#0969da",
  "#8250df",
  "#ffd33d",
] as const;

const isFiniteIn = (value: unknown, max: number): value is number =>
  typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= max;

/**
 * Why `shape` may not be stored, or null. Checks every field as the server must (the client
 * checks first, for a message without a round trip): INVALID_ARGUMENT (field `shape`) for a bad
 * kind, number, color, stroke width, z key or points; TOO_LONG (field `shapeText`) for text.
 */
export function shapeError(shape: Omit<Shape, "id">): RoomsErrorData | null {
  const invalid = roomsError(ErrorCode.INVALID_ARGUMENT, { field: "shape" });
  if (!(SHAPE_KINDS as readonly string[]).includes(shape.kind)) return invalid;
  for (const value of [shape.x, shape.y, shape.width, shape.height]) {
    if (!isFiniteIn(value, BOARD_COORDINATE_MAX)) return invalid;
  }
  const segment = SEGMENT_KINDS.includes(shape.kind);
  if (!segment && (shape.width < 0 || shape.height < 0)) return invalid;
  if (!(BOARD_COLORS as readonly string[]).includes(shape.color)) return invalid;
  if (
    !Number.isFinite(shape.strokeWidth) ||
    shape.strokeWidth < STROKE_WIDTH_MIN ||
    shape.strokeWidth > STROKE_WIDTH_MAX
  ) {
    return invalid;
  }
  if (typeof shape.z !== "string" || !isZKey(shape.z)) return invalid;
  if ((shape.kind === "pen") !== (shape.points !== undefined)) return invalid;
  if (shape.points !== undefined && penPointsError(shape.points, shape) !== null) return invalid;
  const texty = TEXT_KINDS.includes(shape.kind);
  if (!texty && shape.text !== undefined) return invalid;
  if (texty && typeof shape.text !== "string") return invalid;
  if (texty && (shape.text ?? "").length > SHAPE_TEXT_MAX_LENGTH) {
    return roomsError(ErrorCode.TOO_LONG, { field: "shapeText", limit: SHAPE_TEXT_MAX_LENGTH });
  }
  return null;
}

/** Why a pen's flat `points` are not valid for its box, or null (see Shape). */
function penPointsError(
  points: readonly number[],
  box: Pick<Shape, "width" | "height">,
): "length" | "value" | null {
  if (points.length === 0 || points.length % 3 !== 0 || points.length / 3 > PEN_POINTS_MAX) {
    return "length";
  }
  // Rounding in clients may put a point a hair outside its box.
  const slack = 0.5;
  for (let i = 0; i < points.length; i += 3) {
    const [x, y, pressure] = [points[i]!, points[i + 1]!, points[i + 2]!];
    if (!Number.isFinite(x) || x < -slack || x > box.width + slack) return "value";
    if (!Number.isFinite(y) || y < -slack || y > box.height + slack) return "value";
    if (!Number.isFinite(pressure) || pressure < 0 || pressure > 1) return "value";
  }
  return null;
}

/** Whether two shapes are equal field by field (a fresh copy of an unchanged shape is). */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a === b) return true;
  if (
    a.id !== b.id ||
    a.kind !== b.kind ||
    a.x !== b.x ||
    a.y !== b.y ||
    a.width !== b.width ||
    a.height !== b.height ||
    a.color !== b.color ||
    a.strokeWidth !== b.strokeWidth ||
    a.z !== b.z ||
    a.text !== b.text
  ) {
    return false;
  }
  if (a.points === b.points) return true;
  if (a.points === undefined || b.points === undefined || a.points.length !== b.points.length) {
    return false;
  }
  return a.points.every((value, i) => value === b.points![i]);
}

/**
 * The shape after `patches`, applied in commit order: each field takes the value of the last
 * patch that set it (per-field last writer wins), so one user's move and another's recolor of
 * the same shape both survive. This is the merge rule of the server and of optimistic clients.
 */
export function applyShapePatches<T extends ShapeFields>(shape: T, ...patches: ShapePatch[]): T {
  let next = shape;
  for (const patch of patches) {
    const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
    if (defined.length > 0) next = { ...next, ...Object.fromEntries(defined) };
  }
  return next;
}

// ——— Z-order ———

/**
 * Whether `z` is a fractional index key the library accepts (its own validation runs when a key
 * above it is generated). A stored invalid key would break every later z-order command.
 */
export function isZKey(z: string): boolean {
  if (z.length === 0 || z.length > 64 || !/^[0-9A-Za-z]+$/.test(z)) return false;
  try {
    generateKeyBetween(z, null);
    return true;
  } catch {
    return false;
  }
}

/** Compares shapes by z (then id, so equal keys from concurrent inserts still order alike). */
export function compareZ(a: Pick<Shape, "z" | "id">, b: Pick<Shape, "z" | "id">): number {
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** `shapes` in paint order, bottom first (a new array). */
export function byZ<T extends Pick<Shape, "z" | "id">>(shapes: readonly T[]): T[] {
  return [...shapes].sort(compareZ);
}

/** `n` keys above every shape of the board, in order (for new or duplicated shapes). */
export function zKeysOnTop(shapes: readonly Pick<Shape, "z">[], n = 1): string[] {
  const top = shapes.reduce<string | null>(
    (max, s) => (max === null || s.z > max ? s.z : max),
    null,
  );
  return generateNKeysBetween(top, null, n);
}

/** Where a z-order command moves the selection: one step, or to the end. */
export type ZMove = "forward" | "backward" | "front" | "back";

/**
 * New z keys for the selected shapes (`ids`) after `move`, keeping their order among
 * themselves; other shapes keep their keys. "forward" puts the selection just above the first
 * unselected shape above its top member, "backward" just below the first unselected shape
 * below its bottom member; "front" / "back" above / below every unselected shape. Returns only
 * the new keys: empty when the selection is already there.
 */
export function zOrderMove(
  shapes: readonly Pick<Shape, "id" | "z">[],
  ids: ReadonlySet<string>,
  move: ZMove,
): Map<string, string> {
  const ordered = byZ(shapes);
  const selected = ordered.filter((s) => ids.has(s.id));
  const others = ordered.filter((s) => !ids.has(s.id));
  if (selected.length === 0 || others.length === 0) return new Map();
  const top = selected.at(-1)!;
  const bottom = selected[0]!;
  let pivot: Pick<Shape, "id" | "z"> | undefined;
  if (move === "front") pivot = compareZ(others.at(-1)!, bottom) > 0 ? others.at(-1) : undefined;
  else if (move === "forward") pivot = others.find((s) => compareZ(s, top) > 0);
  else if (move === "back") pivot = compareZ(others[0]!, top) < 0 ? others[0] : undefined;
  else pivot = others.findLast((s) => compareZ(s, bottom) < 0);
  if (pivot === undefined) return new Map();
  const at = others.indexOf(pivot);
  const up = move === "front" || move === "forward";
  const below = up ? pivot.z : (others[at - 1]?.z ?? null);
  const above = up ? (others[at + 1]?.z ?? null) : pivot.z;
  const keys = keysBetween(below, above, selected.length);
  return new Map(selected.map((s, i) => [s.id, keys[i]!]));
}

/**
 * `n` keys strictly between `below` and `above` (null for either end). Equal neighbours (two
 * shapes inserted concurrently with one key) leave no room between them: the keys then go just
 * above `below`, which `compareZ` orders by id among equals.
 */
function keysBetween(below: string | null, above: string | null, n: number): string[] {
  const room = below === null || above === null || below < above;
  return generateNKeysBetween(below, room ? above : null, n);
}

/** One key between `below` and `above` (null for either end). */
export const zBetween = (below: string | null, above: string | null): string =>
  generateKeyBetween(below, above);
