// What pointer and keys do on a board (createBoardInput over createBoard and a fake client):
// drawing each kind, moving, resizing, marquee and shift selection, shortcuts, note text, and
// the board presence others see.
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  BOARD_COLORS,
  BOARD_DRAFT_POINTS_MAX,
  DEFAULT_SHAPE_SIZE,
  type BoardPresence,
  type Shape,
} from "@rooms/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createBoard } from "./board";
import { createBoardInput } from "./board-input";
import type { ClientForData } from "./convex";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;
let fake: FakeClient;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
});
afterEach(() => vi.useRealTimers());

const rectangle = (id: string, fields: Partial<Shape> = {}): Shape => ({
  id,
  kind: "rectangle",
  x: 0,
  y: 0,
  width: 100,
  height: 50,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
  ...fields,
});

function setup(shapes: Shape[] = [], options: { readOnly?: boolean } = {}) {
  let n = 0;
  const board = createBoard(fake.asClient<ClientForData>(), roomId, { newId: () => `new${++n}` });
  fake.emit(
    "boards:list",
    shapes.map((s) => ({ ...s, updatedBy: "u1" })),
  );
  const shared: (BoardPresence | null)[] = [];
  const input = createBoardInput(board, {
    readOnly: () => options.readOnly ?? false,
    presence: { moveOnBoard: (update) => shared.push(update) },
  });
  const drag = (from: { x: number; y: number }, to: { x: number; y: number }, shift = false) => {
    input.pointerDown({ ...from, shift });
    for (let i = 1; i <= 4; i++) {
      input.pointerMove({
        x: from.x + ((to.x - from.x) * i) / 4,
        y: from.y + ((to.y - from.y) * i) / 4,
        shift,
      });
    }
    input.pointerUp({ ...to, shift });
  };
  const shape = (id: string) => board.getSnapshot().shapes.find((s) => s.id === id);
  return { board, input, drag, shape, shared };
}

describe("board input", () => {
  it("draws a box by dragging, selects it and goes back to select; a click gives the default size", () => {
    const { board, drag, shape } = setup();
    board.setTool("ellipse");
    drag({ x: 50, y: 40 }, { x: 10, y: 100 });
    expect(shape("new1")).toMatchObject({ kind: "ellipse", x: 10, y: 40, width: 40, height: 60 });
    expect(board.getSnapshot()).toMatchObject({ tool: "select", selection: ["new1"] });

    board.setTool("rectangle");
    drag({ x: 200, y: 200 }, { x: 201, y: 201 });
    expect(shape("new2")).toMatchObject({ x: 200, y: 200, ...DEFAULT_SHAPE_SIZE.rectangle });
  });

  it("draws lines from start to end, and pen strokes inside their box; the pen stays", () => {
    const { board, drag, shape } = setup();
    board.setTool("arrow");
    drag({ x: 100, y: 100 }, { x: 40, y: 160 });
    expect(shape("new1")).toMatchObject({ kind: "arrow", x: 100, y: 100, width: -60, height: 60 });
    board.setTool("pen");
    drag({ x: 10, y: 10 }, { x: 50, y: 30 });
    const pen = shape("new2")!;
    expect(pen).toMatchObject({ kind: "pen", x: 10, y: 10, width: 40, height: 20 });
    expect(pen.points).toHaveLength(5 * 3);
    expect(pen.points!.slice(-3)).toEqual([40, 20, 0.5]);
    expect(board.getSnapshot().tool).toBe("pen");
  });

  it("drags the selection as one gesture (one undo step) and resizes it by a handle", async () => {
    const { board, drag, shape } = setup([rectangle("a"), rectangle("b", { x: 200 })]);
    board.select(["a", "b"]);
    drag({ x: 50, y: 25 }, { x: 80, y: 45 });
    expect(shape("a")).toMatchObject({ x: 30, y: 20 });
    expect(shape("b")).toMatchObject({ x: 230, y: 20 });
    await vi.advanceTimersByTimeAsync(200);
    board.undo();
    expect(fake.callsTo("boards:update").at(-1)!.args.patches).toEqual([
      { id: "a", x: 0, y: 0 },
      { id: "b", x: 200, y: 0 },
    ]);

    board.select(["a"]);
    // a is back at (0, 0, 100, 50) optimistically: its south-east handle is at (100, 50).
    drag({ x: 101, y: 49 }, { x: 200, y: 100 });
    expect(shape("a")).toMatchObject({ x: 0, y: 0, width: 200, height: 100 });
  });

  it("clicks select, shift-click toggles, a marquee selects what it encloses, a click on nothing clears", () => {
    const { board, input, drag } = setup([rectangle("a"), rectangle("b", { x: 200 })]);
    const click = (x: number, y: number, shift = false) => {
      input.pointerDown({ x, y, shift });
      input.pointerUp({ x, y, shift });
    };
    click(50, 25);
    expect(board.getSnapshot().selection).toEqual(["a"]);
    click(250, 25, true);
    expect(board.getSnapshot().selection).toEqual(["a", "b"]);
    click(50, 25, true);
    expect(board.getSnapshot().selection).toEqual(["b"]);
    click(500, 500);
    expect(board.getSnapshot().selection).toEqual([]);
    drag({ x: -10, y: -10 }, { x: 150, y: 80 });
    expect(board.getSnapshot().selection).toEqual(["a"]);
    drag({ x: 190, y: -10 }, { x: 400, y: 80 }, true);
    expect(board.getSnapshot().selection).toEqual(["a", "b"]);
  });

  it("keys: tools, delete, undo / redo, nudge, select all, escape; read only takes none", () => {
    const { board, input, shape } = setup([rectangle("a")]);
    expect(input.keyDown({ key: "o" })).toBe(true);
    expect(board.getSnapshot().tool).toBe("ellipse");
    input.keyDown({ key: "Escape" });
    expect(board.getSnapshot().tool).toBe("select");
    input.keyDown({ key: "a", mod: true });
    expect(board.getSnapshot().selection).toEqual(["a"]);
    input.keyDown({ key: "ArrowRight", shift: true });
    input.keyDown({ key: "ArrowDown" });
    expect(shape("a")).toMatchObject({ x: 10, y: 1 });
    input.keyDown({ key: "z", mod: true });
    expect(shape("a")).toMatchObject({ x: 10, y: 0 });
    input.keyDown({ key: "Z", mod: true, shift: true });
    expect(shape("a")).toMatchObject({ x: 10, y: 1 });
    expect(input.keyDown({ key: "Delete" })).toBe(true);
    expect(shape("a")).toBeUndefined();
    expect(input.keyDown({ key: "q" })).toBe(false);

    const viewer = setup([rectangle("b")], { readOnly: true });
    expect(viewer.input.keyDown({ key: "r" })).toBe(false);
    viewer.board.select(["b"]);
    expect(viewer.input.keyDown({ key: "Delete" })).toBe(false);
    expect(viewer.shape("b")).toBeDefined();
  });

  it("a new note opens its text editor; the text is saved when it closes, not when cancelled", () => {
    const { board, input, drag, shape } = setup();
    board.setTool("note");
    drag({ x: 10, y: 10 }, { x: 10, y: 10 });
    expect(input.getSnapshot().editing).toEqual({ id: "new1", text: "" });
    input.setEditingText("Ship it");
    input.finishEditing();
    expect(shape("new1")!.text).toBe("Ship it");
    input.doubleClick({ x: 20, y: 20 });
    input.setEditingText("Never mind");
    input.finishEditing(false);
    expect(shape("new1")!.text).toBe("Ship it");
  });

  it("shares the pointer in board units, the selection and the draft (thinned pen)", () => {
    const { board, input, shared } = setup([rectangle("a")]);
    board.zoom(2, { x: 0, y: 0 });
    input.pointerMove({ x: 100, y: 40 });
    expect(shared.at(-1)).toEqual({ pointer: { x: 50, y: 20 }, selection: [], draft: null });
    board.select(["a"]);
    expect(shared.at(-1)!.selection).toEqual(["a"]);
    board.select([]);
    board.setTool("pen");
    input.pointerDown({ x: 0, y: 0 });
    // Past the limit, so the shared draft must be thinned (each move re-shares the whole draft).
    for (let i = 1; i <= BOARD_DRAFT_POINTS_MAX + 50; i++) input.pointerMove({ x: i / 10, y: 0 });
    const draft = shared.at(-1)!.draft!;
    expect(draft.kind).toBe("pen");
    expect(draft.points!.length / 3).toBeLessThanOrEqual(BOARD_DRAFT_POINTS_MAX);
    input.pointerUp({ x: BOARD_DRAFT_POINTS_MAX / 5, y: 0 });
    expect(shared.at(-1)!.draft).toBeNull();
    input.pointerLeave();
    expect(shared.at(-1)!.pointer).toBeNull();
    input.dispose();
    expect(shared.at(-1)).toBeNull();
    // A liveness bound for a loaded CI machine (the loop is quadratic in the stroke), not a
    // speed claim.
  }, 30_000);
});
