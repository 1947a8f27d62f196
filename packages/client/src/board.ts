// The whiteboard of one room (convex/boards.ts): its shapes live, the viewer's tool, style,
// selection and view, optimistic edits, gestures and per-user undo / redo. Both apps bind this
// and render SVG; every rule is here once.
//
// - Optimistic: each change (create / update / remove, `BoardChange` of @rooms/domain) shows at
//   once, applied over the server's shapes, until its mutation settles. ConvexClient resolves a
//   mutation only after the query results include it, so dropping the pending change then shows
//   the server's result without a flicker; a refused change is dropped (the shapes go back) and
//   `error` says why.
// - Gestures (drag to move, resize) preview locally on every pointer move and send the newest
//   state at most every GESTURE_SEND_MS, so others see them live within the rate limit; the
//   whole gesture is one undo step.
// - Undo / redo are the viewer's own: an undo sends the inverse of the viewer's change, setting
//   back only the fields that change set (`inverseBoardChange`), so others' later edits to other
//   fields stay. Shapes deleted by others meanwhile are skipped by the server.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  BOARD_BUCKETS,
  BOARD_COLORS,
  applyBoardChange,
  byZ,
  inverseBoardChange,
  isEmptyChange,
  sameShape,
  shapeAt,
  shapeError,
  shapesInMarquee,
  toBoard,
  zKeysOnTop,
  zOrderMove,
  zoomAbout,
  type BoardChange,
  type BoardTool,
  type Bounds,
  type IdentifiedPatch,
  type Point,
  type Shape,
  type ViewTransform,
  type ZMove,
} from "@rooms/domain";
import type { FunctionReturnType } from "convex/server";
import { messageOf, randomId, type ClientForData } from "./convex";
import { createRoomAccess } from "./room-access";
import { Store, type Readable } from "./store";

/**
 * How often a gesture in progress sends its newest state, in ms (20 Hz): two thirds of the
 * server's BOARD_UPDATES_PER_SECOND, the rest left for other edits during a drag.
 */
export const GESTURE_SEND_MS = 50;
/** How far (in screen px) from a shape a click still hits it. */
export const HIT_TOLERANCE_PX = 4;
/** How far duplicates are offset from their originals, in board units. */
export const DUPLICATE_OFFSET = 16;

export interface BoardStyle {
  color: string;
  strokeWidth: number;
}

export interface BoardSnapshot {
  /** Every shape in paint order (bottom first), with the viewer's pending changes applied. */
  shapes: Shape[];
  /** Until the first result: loading; then ready (or error: `loadError`). */
  status: "loading" | "ready" | "error";
  loadError: string | null;
  /** Why the viewer's last change was refused, or null. */
  error: string | null;
  tool: BoardTool;
  style: BoardStyle;
  /** Selected shape ids, in paint order. */
  selection: string[];
  view: ViewTransform;
  canUndo: boolean;
  canRedo: boolean;
}

/** A move or resize in progress: `update` previews at once; `end` makes it one undo step. */
export interface Gesture {
  update(patches: IdentifiedPatch[]): void;
  end(): void;
  /** Puts the shapes back as they were before the gesture; nothing to undo. */
  cancel(): void;
}

export interface Board extends Readable<BoardSnapshot> {
  setTool(tool: BoardTool): void;
  /** Changes the style of new shapes and of the selected ones (one undo step). */
  setStyle(style: Partial<BoardStyle>): void;
  /** Replaces the selection, or adds / toggles `ids` (shift-click). Unknown ids are ignored. */
  select(ids: readonly string[], mode?: "replace" | "add" | "toggle"): void;
  /** Selects the topmost shape under the screen point (none: clears, unless `additive`). */
  selectAt(screen: Point, additive?: boolean): string | null;
  /** Selects the shapes wholly inside a marquee given in board units. */
  selectInMarquee(marquee: Bounds, additive?: boolean): void;
  /**
   * Adds a shape of `fields.kind` in the current style on top of the board and selects it;
   * returns its id, or null (with `error`) when it is not a valid shape.
   */
  create(
    fields: Omit<Shape, "id" | "z" | "color" | "strokeWidth"> & Partial<BoardStyle>,
  ): string | null;
  /** Changes shapes (one undo step): e.g. a note's text. */
  update(patches: IdentifiedPatch[]): void;
  /** Starts moving / resizing `ids`. */
  gesture(ids: readonly string[]): Gesture;
  /** Moves the selection by (dx, dy) board units (arrow keys). */
  nudge(dx: number, dy: number): void;
  deleteSelection(): void;
  /** Copies the selection DUPLICATE_OFFSET down-right, on top, and selects the copies. */
  duplicateSelection(): void;
  zOrder(move: ZMove): void;
  undo(): void;
  redo(): void;
  /** Pans by a screen-space delta. */
  panBy(dx: number, dy: number): void;
  /** Zooms by `factor` about a screen point. */
  zoom(factor: number, anchor: Point): void;
  /** The board point under a screen point (relative to the canvas). */
  toBoard(screen: Point): Point;
  dispose(): void;
}

interface Pending {
  change: BoardChange;
}

interface UndoEntry {
  undo: BoardChange;
  redo: BoardChange;
}

/** The board of `roomId` until `dispose()`. */
export function createBoard(
  client: ClientForData,
  roomId: Id<"rooms">,
  options: { newId?: () => string } = {},
): Board {
  const newId = options.newId ?? (() => randomId(8));
  // The board in BOARD_BUCKETS parts (`boards.list` by bucket), each with the room's access key:
  // a change re-runs one shared bucket query and re-sends a sixteenth of the board.
  const access = createRoomAccess(client, roomId);
  /** Per bucket: its shapes (undefined until it first arrives). */
  const buckets: (ReadonlyMap<string, Shape> | undefined)[] = new Array(BOARD_BUCKETS).fill(
    undefined,
  );
  /** Per bucket: why it could not be read, if it could not. */
  const loadErrors: (Error | undefined)[] = new Array(BOARD_BUCKETS).fill(undefined);
  const pending: Pending[] = [];
  let preview = new Map<string, IdentifiedPatch>();
  let undoStack: UndoEntry[] = [];
  let redoStack: UndoEntry[] = [];
  let disposed = false;

  let serverShapes: ReadonlyMap<string, Shape> = new Map();
  let serverStale = false;
  const current = (): ReadonlyMap<string, Shape> => {
    if (serverStale) {
      serverStale = false;
      const merged = new Map<string, Shape>();
      for (const bucket of buckets) for (const [id, shape] of bucket ?? []) merged.set(id, shape);
      serverShapes = merged;
    }
    let shapes = serverShapes;
    for (const { change } of pending) shapes = applyBoardChange(shapes, change);
    if (preview.size > 0)
      shapes = applyBoardChange(shapes, { type: "update", patches: [...preview.values()] });
    return shapes;
  };

  const snapshotOf = (previous?: BoardSnapshot): BoardSnapshot => {
    const shapes = current();
    const loadError = loadErrors.find((error) => error !== undefined);
    const selection = (previous?.selection ?? []).filter((id) => shapes.has(id));
    return {
      shapes: byZ([...shapes.values()]),
      status: loadError ? "error" : buckets.includes(undefined) ? "loading" : "ready",
      loadError: loadError ? messageOf(loadError, "Could not load the board.") : null,
      error: previous?.error ?? null,
      tool: previous?.tool ?? "select",
      style: previous?.style ?? { color: BOARD_COLORS[0], strokeWidth: 2 },
      selection: byZ(selection.map((id) => shapes.get(id)!)).map((s) => s.id),
      view: previous?.view ?? { x: 0, y: 0, zoom: 1 },
      canUndo: undoStack.length > 0,
      canRedo: redoStack.length > 0,
    };
  };
  const store = new Store<BoardSnapshot>(snapshotOf());
  const refresh = () => store.set(snapshotOf(store.getSnapshot()));
  /** A bucket's new rows: a shape that did not change keeps its object (renders are skipped). */
  function onBucket(bucket: number, rows: FunctionReturnType<typeof api.boards.list>): void {
    const previous = buckets[bucket];
    const next = new Map<string, Shape>();
    for (const { updatedBy: _, ...shape } of rows) {
      const old = previous?.get(shape.id);
      next.set(shape.id, old !== undefined && sameShape(old, shape) ? old : shape);
    }
    buckets[bucket] = next;
    loadErrors[bucket] = undefined;
    serverStale = true;
    refresh();
  }
  for (let bucket = 0; bucket < BOARD_BUCKETS; bucket++) {
    access.subscribe(
      api.boards.list,
      { roomId, bucket },
      (rows) => onBucket(bucket, rows),
      (error) => {
        loadErrors[bucket] = error;
        refresh();
      },
    );
  }

  /** Sends `change`; shown at once, dropped when settled. */
  function send(change: BoardChange): void {
    if (isEmptyChange(change)) return;
    const entry = { change };
    pending.push(entry);
    store.patch({ error: null });
    refresh();
    const call =
      change.type === "create"
        ? client.mutation(api.boards.create, { roomId, shapes: change.shapes })
        : change.type === "update"
          ? client.mutation(api.boards.update, { roomId, patches: change.patches })
          : client.mutation(api.boards.remove, { roomId, ids: change.ids });
    call
      .catch((error: unknown) => {
        if (!disposed) store.patch({ error: messageOf(error) });
      })
      .finally(() => {
        pending.splice(pending.indexOf(entry), 1);
        if (!disposed) refresh();
      });
  }

  /** Sends `change` as one undo step of the viewer. */
  function commit(change: BoardChange, before = current()): void {
    if (isEmptyChange(change)) return;
    undoStack = [...undoStack, { undo: inverseBoardChange(before, change), redo: change }];
    redoStack = [];
    send(change);
    refresh();
  }

  const selected = () => store.getSnapshot().selection;
  const select = (ids: string[]) => {
    store.patch({ selection: ids });
    refresh();
  };
  function selectIds(ids: readonly string[], mode: "replace" | "add" | "toggle"): void {
    const shapes = current();
    const now = new Set(mode === "replace" ? [] : selected());
    for (const id of ids.filter((known) => shapes.has(known))) {
      if (mode === "toggle" && now.has(id)) now.delete(id);
      else now.add(id);
    }
    select([...now]);
  }

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    setTool(tool) {
      store.patch({ tool, ...(tool !== "select" ? { selection: [] } : {}) });
    },
    setStyle(style) {
      store.patch({ style: { ...store.getSnapshot().style, ...style } });
      commit({ type: "update", patches: selected().map((id) => ({ id, ...style })) });
    },
    select: (ids, mode = "replace") => selectIds(ids, mode),
    selectAt(screen, additive = false) {
      const { view } = store.getSnapshot();
      const hit = shapeAt(
        [...current().values()],
        toBoard(view, screen),
        HIT_TOLERANCE_PX / view.zoom,
      );
      if (hit === null) {
        if (!additive) select([]);
        return null;
      }
      selectIds([hit.id], additive ? "toggle" : "replace");
      return hit.id;
    },
    selectInMarquee(marquee, additive = false) {
      const inside = shapesInMarquee([...current().values()], marquee).map((s) => s.id);
      selectIds(inside, additive ? "add" : "replace");
    },
    create(fields) {
      const { style } = store.getSnapshot();
      const shapes = [...current().values()];
      const shape: Shape = {
        color: style.color,
        strokeWidth: style.strokeWidth,
        ...fields,
        id: newId(),
        z: zKeysOnTop(shapes)[0]!,
      };
      const invalid = shapeError(shape);
      if (invalid !== null) {
        store.patch({ error: invalid.message });
        return null;
      }
      commit({ type: "create", shapes: [shape] });
      select([shape.id]);
      return shape.id;
    },
    update: (patches) => commit({ type: "update", patches }),
    gesture(ids) {
      const before = current();
      let latest: IdentifiedPatch[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      let sentAt = 0;
      const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        sentAt = Date.now();
        send({ type: "update", patches: latest });
      };
      const stopPreview = () => {
        for (const id of ids) preview.delete(id);
        preview = new Map(preview);
      };
      return {
        update(patches) {
          latest = patches.filter((patch) => ids.includes(patch.id));
          preview = new Map(preview);
          for (const patch of latest) preview.set(patch.id, patch);
          refresh();
          const wait = GESTURE_SEND_MS - (Date.now() - sentAt);
          if (wait <= 0) flush();
          else timer ??= setTimeout(flush, wait);
        },
        end() {
          clearTimeout(timer);
          stopPreview();
          if (latest.length === 0) return refresh();
          const change: BoardChange = { type: "update", patches: latest };
          undoStack = [...undoStack, { undo: inverseBoardChange(before, change), redo: change }];
          redoStack = [];
          send(change);
        },
        cancel() {
          clearTimeout(timer);
          stopPreview();
          if (latest.length === 0) return refresh();
          // Others may have seen the gesture: put the shapes back for them too.
          send(inverseBoardChange(before, { type: "update", patches: latest }));
        },
      };
    },
    nudge(dx, dy) {
      const shapes = current();
      commit({
        type: "update",
        patches: selected().map((id) => {
          const shape = shapes.get(id)!;
          return { id, x: shape.x + dx, y: shape.y + dy };
        }),
      });
    },
    deleteSelection() {
      const ids = selected();
      commit({ type: "remove", ids });
      select([]);
    },
    duplicateSelection() {
      const shapes = current();
      const originals = selected().map((id) => shapes.get(id)!);
      const keys = zKeysOnTop([...shapes.values()], originals.length);
      const copies = originals.map((shape, i) => ({
        ...shape,
        id: newId(),
        x: shape.x + DUPLICATE_OFFSET,
        y: shape.y + DUPLICATE_OFFSET,
        z: keys[i]!,
      }));
      commit({ type: "create", shapes: copies });
      select(copies.map((s) => s.id));
    },
    zOrder(move) {
      const keys = zOrderMove([...current().values()], new Set(selected()), move);
      commit({ type: "update", patches: [...keys].map(([id, z]) => ({ id, z })) });
    },
    undo() {
      const entry = undoStack.at(-1);
      if (entry === undefined) return;
      undoStack = undoStack.slice(0, -1);
      redoStack = [...redoStack, entry];
      send(entry.undo);
      refresh();
    },
    redo() {
      const entry = redoStack.at(-1);
      if (entry === undefined) return;
      redoStack = redoStack.slice(0, -1);
      undoStack = [...undoStack, entry];
      send(entry.redo);
      refresh();
    },
    panBy(dx, dy) {
      const { view } = store.getSnapshot();
      store.patch({ view: { ...view, x: view.x - dx / view.zoom, y: view.y - dy / view.zoom } });
    },
    zoom(factor, anchor) {
      store.patch({ view: zoomAbout(store.getSnapshot().view, factor, anchor) });
    },
    toBoard: (screen) => toBoard(store.getSnapshot().view, screen),
    dispose() {
      disposed = true;
      access.dispose();
      store.clear();
    },
  };
}
