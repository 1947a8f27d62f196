// What the viewer's pointer and keys do on a whiteboard (`createBoard`): both apps forward
// pointer events (in px relative to the canvas) and key presses here and render the snapshot
// (the shape being drawn, the marquee, the note being edited); every rule is here once.
//
// Pointer, by tool:
// - select: on a resize handle of the selection, resize it; on a shape, select it (shift:
//   toggle) and drag to move the selection; on nothing, drag a marquee (shift adds to the
//   selection) or click to clear it. A drag starts past DRAG_THRESHOLD_PX.
// - rectangle, ellipse, note, text: drag a box (a click gives DEFAULT_SHAPE_SIZE); line,
//   arrow: drag from start to end; pen: draw a stroke with the pointer's pressure. Drawing a
//   shape selects it and goes back to the select tool (the pen stays); a new note or text
//   opens its text editor.
// - the middle button (any tool) pans; the wheel pans, Ctrl / Cmd + wheel zooms.
// Keys (apps call `keyDown` for keys outside text fields): see BOARD_SHORTCUTS.
import {
  BOARD_DRAFT_POINTS_MAX,
  BOARD_PRESENCE_SELECTION_MAX,
  BOARD_TOOL_KEYS,
  DEFAULT_SHAPE_SIZE,
  SEGMENT_KINDS,
  SHAPE_TEXT_MAX_LENGTH,
  TEXT_KINDS,
  boundsOf,
  fitShape,
  handlePositions,
  penFromStroke,
  resizeBounds,
  shapeAt,
  shapeBounds,
  unionBounds,
  type BoardDraft,
  type BoardPresence,
  type Bounds,
  type Point,
  type ResizeHandle,
  type Shape,
  type ShapeKind,
  type StrokePoint,
} from "@rooms/domain";
import { HIT_TOLERANCE_PX, type Board, type Gesture } from "./board";
import type { Presence } from "./presence";
import { Store, type Readable } from "./store";

/** How far (screen px) a pointer moves before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 3;
/** How far (screen px) from a resize handle's centre a press still grabs it. */
export const HANDLE_REACH_PX = 8;
/** How far an arrow key nudges the selection, in board units (Shift: NUDGE_FAR). */
export const NUDGE = 1;
export const NUDGE_FAR = 10;

/** The keyboard shortcuts, as the toolbar's "Keyboard shortcuts" list and APP_SPEC give them. */
export const BOARD_SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: "V R O L A P N T", action: "Select, rectangle, ellipse, line, arrow, pen, note, text" },
  { keys: "Delete / Backspace", action: "Delete the selection" },
  { keys: "Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z", action: "Undo, redo (your own changes)" },
  { keys: "Ctrl/Cmd+D", action: "Duplicate the selection" },
  { keys: "Ctrl/Cmd+A", action: "Select every shape" },
  { keys: "Arrows (Shift: ×10)", action: "Nudge the selection" },
  { keys: "] and [ (Ctrl/Cmd: to the end)", action: "Bring forward, send backward" },
  { keys: "Escape", action: "Cancel, clear the selection, back to select" },
];

export interface BoardInputSnapshot {
  /** The shape the viewer is drawing (not on the board yet), or null. */
  draft: Shape | null;
  /** The marquee being dragged, in board units, or null. */
  marquee: Bounds | null;
  /** The note or text whose editor is open, with the text typed so far. */
  editing: { id: string; text: string } | null;
}

export interface PointerInput extends Point {
  /** 0 primary, 1 middle (pans). */
  button?: number;
  shift?: boolean;
  /** 0..1; mice report 0.5 while pressed. */
  pressure?: number;
}

export interface KeyInput {
  key: string;
  shift?: boolean;
  /** Ctrl or Cmd. */
  mod?: boolean;
  alt?: boolean;
}

export interface BoardInput extends Readable<BoardInputSnapshot> {
  pointerDown(p: PointerInput): void;
  /** A move, pressed or not (others see the pointer on the board). */
  pointerMove(p: PointerInput): void;
  /** The pointer left the canvas. */
  pointerLeave(): void;
  pointerUp(p: PointerInput): void;
  /** The pointer was lost (pointercancel, blur): drops a draft, puts a gesture back. */
  cancel(): void;
  /** Opens the text editor of the note or text under `p`, if any. */
  doubleClick(p: Point): void;
  /** Whether the key was a board shortcut (then the app prevents its default). */
  keyDown(k: KeyInput): boolean;
  /** Wheel: pans by the delta, or zooms about `p` with Ctrl / Cmd. */
  wheel(p: Point, delta: Point, zoom: boolean): void;
  setEditingText(text: string): void;
  /** Closes the text editor, saving its text (or not, `save` false). */
  finishEditing(save?: boolean): void;
  dispose(): void;
}

type Drag =
  | { type: "pending"; start: PointerInput; hit: string | null; wasSelected: boolean }
  | { type: "move"; start: Point; gesture: Gesture; origin: Map<string, Shape> }
  | { type: "resize"; handle: ResizeHandle; from: Bounds; gesture: Gesture; origin: Shape[] }
  | { type: "marquee"; start: Point; additive: boolean }
  | { type: "draw"; kind: ShapeKind; start: Point; stroke: StrokePoint[] }
  | { type: "pan"; last: Point };

/**
 * The viewer's input on `board`; `readOnly()` true ignores everything but pan and zoom. With
 * `presence`, others see the viewer's pointer (board units), selection and draft (throttled by
 * the presence model; a pen draft thinned to BOARD_DRAFT_POINTS_MAX).
 */
export function createBoardInput(
  board: Board,
  options: { readOnly?: () => boolean; presence?: Pick<Presence, "moveOnBoard"> } = {},
): BoardInput {
  const readOnly = options.readOnly ?? (() => false);
  const store = new Store<BoardInputSnapshot>({ draft: null, marquee: null, editing: null });
  let drag: Drag | null = null;

  // What others see of us; sent when any part changes.
  let pointer: Point | null = null;
  let shared = "";
  function share(): void {
    if (options.presence === undefined) return;
    const draft = store.getSnapshot().draft;
    const next: BoardPresence = {
      pointer,
      selection: board.getSnapshot().selection.slice(0, BOARD_PRESENCE_SELECTION_MAX),
      draft: draft && toDraft(draft, drag?.type === "draw" ? drag.stroke : []),
    };
    const key = JSON.stringify(next);
    if (key === shared) return;
    shared = key;
    options.presence.moveOnBoard(next);
  }
  const stopBoard = board.subscribe(share);
  const stopStore = store.subscribe(share);

  const shapesById = () => new Map(board.getSnapshot().shapes.map((s) => [s.id, s]));
  const selectedShapes = () => {
    const shapes = shapesById();
    return board.getSnapshot().selection.flatMap((id) => shapes.get(id) ?? []);
  };

  /** The resize handle of the selection under the screen point, or null. */
  function handleAt(screen: Point): ResizeHandle | null {
    const box = unionBounds(selectedShapes());
    if (box === null) return null;
    const { view } = board.getSnapshot();
    const reach = HANDLE_REACH_PX / view.zoom;
    const at = board.toBoard(screen);
    for (const [handle, p] of Object.entries(handlePositions(box))) {
      if (Math.abs(p.x - at.x) <= reach && Math.abs(p.y - at.y) <= reach) {
        return handle as ResizeHandle;
      }
    }
    return null;
  }

  function draftOf(kind: ShapeKind, start: Point, end: Point, stroke: StrokePoint[]): Shape {
    const { style } = board.getSnapshot();
    const base = { id: "draft", kind, z: "a0", color: style.color, strokeWidth: style.strokeWidth };
    if (kind === "pen") return { ...base, ...penFromStroke(stroke) };
    if (SEGMENT_KINDS.includes(kind)) {
      return { ...base, x: start.x, y: start.y, width: end.x - start.x, height: end.y - start.y };
    }
    return { ...base, ...boundsOf(start, end), ...(TEXT_KINDS.includes(kind) ? { text: "" } : {}) };
  }

  const farEnough = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y) > DRAG_THRESHOLD_PX;

  /** Creates the drawn shape (a click: the kind's default size) and selects it. */
  function finishDraw(
    { kind, start, stroke }: Extract<Drag, { type: "draw" }>,
    p: PointerInput,
  ): void {
    let draft = draftOf(kind, start, board.toBoard(p), stroke);
    if (kind !== "pen" && !farEnough(screenStart, p)) {
      const size = DEFAULT_SHAPE_SIZE[kind];
      draft = { ...draft, x: start.x, y: start.y, ...size };
    }
    const { id: _, z: __, ...fields } = draft;
    const id = board.create(fields);
    if (id === null) return;
    if (kind !== "pen") board.setTool("select");
    board.select([id]);
    if (TEXT_KINDS.includes(kind)) store.patch({ editing: { id, text: "" } });
  }

  let screenStart: Point = { x: 0, y: 0 };

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    pointerDown(p) {
      if (drag !== null) return;
      if (store.getSnapshot().editing) this.finishEditing(true);
      screenStart = p;
      if (p.button === 1) {
        drag = { type: "pan", last: p };
        return;
      }
      if (readOnly()) return;
      const { tool } = board.getSnapshot();
      const at = board.toBoard(p);
      if (tool !== "select") {
        const stroke = [{ ...at, pressure: p.pressure ?? 0.5 }];
        drag = { type: "draw", kind: tool, start: at, stroke };
        store.patch({ draft: draftOf(tool, at, at, stroke) });
        return;
      }
      const handle = handleAt(p);
      if (handle !== null) {
        const origin = selectedShapes();
        const gesture = board.gesture(origin.map((s) => s.id));
        drag = { type: "resize", handle, from: unionBounds(origin)!, gesture, origin };
        return;
      }
      const { selection, view } = board.getSnapshot();
      const hit = shapeAt(board.getSnapshot().shapes, at, HIT_TOLERANCE_PX / view.zoom)?.id ?? null;
      const wasSelected = hit !== null && selection.includes(hit);
      if (hit !== null && !wasSelected) board.select([hit], p.shift ? "add" : "replace");
      drag = { type: "pending", start: p, hit, wasSelected };
    },
    pointerMove(p) {
      pointer = board.toBoard(p);
      share();
      if (drag === null) return;
      if (drag.type === "pan") {
        board.panBy(p.x - drag.last.x, p.y - drag.last.y);
        drag = { type: "pan", last: p };
        return;
      }
      const at = board.toBoard(p);
      if (drag.type === "pending") {
        if (!farEnough(drag.start, p)) return;
        const start = board.toBoard(drag.start);
        if (drag.hit === null) {
          drag = { type: "marquee", start, additive: drag.start.shift === true };
        } else {
          const origin = new Map(selectedShapes().map((s) => [s.id, s]));
          drag = { type: "move", start, gesture: board.gesture([...origin.keys()]), origin };
        }
      }
      if (drag.type === "marquee") {
        store.patch({ marquee: boundsOf(drag.start, at) });
      } else if (drag.type === "move") {
        const [dx, dy] = [at.x - drag.start.x, at.y - drag.start.y];
        drag.gesture.update(
          [...drag.origin.values()].map((s) => ({ id: s.id, x: s.x + dx, y: s.y + dy })),
        );
      } else if (drag.type === "resize") {
        const to = resizeBounds(drag.from, drag.handle, at);
        const from = drag.from;
        drag.gesture.update(drag.origin.map((s) => ({ id: s.id, ...fitShape(s, from, to) })));
      } else if (drag.type === "draw") {
        if (drag.kind === "pen") drag.stroke.push({ ...at, pressure: p.pressure ?? 0.5 });
        store.patch({ draft: draftOf(drag.kind, drag.start, at, drag.stroke) });
      }
    },
    pointerUp(p) {
      const ended = drag;
      drag = null;
      if (ended === null) return;
      if (ended.type === "pending") {
        // A click on a shape already selected: shift toggles it off, else it alone is kept;
        // on nothing: clears the selection (not with shift).
        const { hit, start, wasSelected } = ended;
        if (hit !== null && wasSelected) board.select([hit], start.shift ? "toggle" : "replace");
        else if (hit === null && !start.shift) board.select([]);
      } else if (ended.type === "marquee") {
        const marquee = store.getSnapshot().marquee;
        store.patch({ marquee: null });
        if (marquee !== null) board.selectInMarquee(marquee, ended.additive);
      } else if (ended.type === "move" || ended.type === "resize") {
        ended.gesture.end();
      } else if (ended.type === "draw") {
        store.patch({ draft: null });
        finishDraw(ended, p);
      }
    },
    pointerLeave() {
      pointer = null;
      share();
    },
    cancel() {
      const ended = drag;
      drag = null;
      if (ended?.type === "move" || ended?.type === "resize") ended.gesture.cancel();
      store.patch({ draft: null, marquee: null });
    },
    doubleClick(p) {
      if (readOnly()) return;
      const hit = board.selectAt(p);
      const shape = hit === null ? undefined : shapesById().get(hit);
      if (shape && TEXT_KINDS.includes(shape.kind)) {
        store.patch({ editing: { id: shape.id, text: shape.text ?? "" } });
      }
    },
    keyDown({ key, shift = false, mod = false, alt = false }) {
      const lower = key.toLowerCase();
      if (key === "Escape") {
        if (drag !== null) this.cancel();
        else if (board.getSnapshot().selection.length > 0) board.select([]);
        else board.setTool("select");
        return true;
      }
      if (readOnly() || alt) return false;
      if (mod && lower === "z") {
        if (shift) board.redo();
        else board.undo();
        return true;
      }
      if (mod && lower === "y") return (board.redo(), true);
      if (mod && lower === "d") return (board.duplicateSelection(), true);
      if (mod && lower === "a") {
        board.select(board.getSnapshot().shapes.map((s) => s.id));
        return true;
      }
      if (key === "]" || key === "[") {
        const up = key === "]";
        board.zOrder(mod ? (up ? "front" : "back") : up ? "forward" : "backward");
        return true;
      }
      if (mod) return false;
      if (key === "Delete" || key === "Backspace") return (board.deleteSelection(), true);
      const arrows: Record<string, Point> = {
        ArrowLeft: { x: -1, y: 0 },
        ArrowRight: { x: 1, y: 0 },
        ArrowUp: { x: 0, y: -1 },
        ArrowDown: { x: 0, y: 1 },
      };
      const arrow = arrows[key];
      if (arrow !== undefined) {
        if (board.getSnapshot().selection.length === 0) return false;
        const step = shift ? NUDGE_FAR : NUDGE;
        board.nudge(arrow.x * step, arrow.y * step);
        return true;
      }
      const tool = shift ? undefined : BOARD_TOOL_KEYS[lower];
      if (tool === undefined) return false;
      board.setTool(tool);
      return true;
    },
    wheel(p, delta, zoom) {
      if (zoom) board.zoom(Math.exp(-delta.y / 300), p);
      else board.panBy(-delta.x, -delta.y);
    },
    setEditingText(text) {
      const editing = store.getSnapshot().editing;
      if (editing)
        store.patch({ editing: { ...editing, text: text.slice(0, SHAPE_TEXT_MAX_LENGTH) } });
    },
    finishEditing(save = true) {
      const editing = store.getSnapshot().editing;
      if (editing === null) return;
      store.patch({ editing: null });
      const shape = shapesById().get(editing.id);
      if (save && shape && (shape.text ?? "") !== editing.text) {
        board.update([{ id: editing.id, text: editing.text }]);
      }
    },
    dispose() {
      drag = null;
      stopBoard();
      stopStore();
      store.clear();
      options.presence?.moveOnBoard(null);
    },
  };
}

/**
 * The board's view of a key press, or null for keys typed into a text field (the note editor,
 * the stroke width select, the chat): those are not shortcuts.
 */
export function keyInputOf(event: KeyboardEvent): KeyInput | null {
  const target = event.target as HTMLElement | null;
  if (target?.closest?.("input, textarea, select, [contenteditable]")) return null;
  return {
    key: event.key,
    shift: event.shiftKey,
    mod: event.ctrlKey || event.metaKey,
    alt: event.altKey,
  };
}

/** A draft as board presence carries it: no id or z key, a pen thinned for the wire. */
function toDraft({ id: _, z: __, ...draft }: Shape, stroke: readonly StrokePoint[]): BoardDraft {
  const thin = draft.kind === "pen" && (draft.points?.length ?? 0) / 3 > BOARD_DRAFT_POINTS_MAX;
  return thin ? { ...draft, ...penFromStroke(stroke, BOARD_DRAFT_POINTS_MAX) } : draft;
}

/** The screen box of a shape (for the text editor over a note), in px relative to the canvas. */
export function screenBox(board: Board, shape: Shape): Bounds {
  const { view } = board.getSnapshot();
  const box = shapeBounds(shape);
  return {
    x: (box.x - view.x) * view.zoom,
    y: (box.y - view.y) * view.zoom,
    width: box.width * view.zoom,
    height: box.height * view.zoom,
  };
}
