// Board/BoardCanvas: the stories of both apps' BoardCanvas, written once (each app's
// BoardCanvas.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import type { BoardInputSnapshot, PointerInput } from "@rooms/client";
import {
  SHAPE_KINDS,
  testAttributes,
  testIds,
  type Point,
  type RemoteBoardOverlay,
  type Shape,
  type ViewTransform,
} from "@rooms/domain";
import type { Story } from "../story";
import { everyKind, remoteOverlays, thousandShapes } from "./shapes";

export type Args = {
  shapes: Shape[];
  selection?: string[];
  view?: ViewTransform;
  draft?: BoardInputSnapshot["draft"];
  marquee?: BoardInputSnapshot["marquee"];
  editing?: BoardInputSnapshot["editing"];
  readOnly?: boolean;
  remote?: RemoteBoardOverlay[];
  onPointerDown?: (p: PointerInput) => void;
  onPointerMove?: (p: PointerInput) => void;
  onPointerLeave?: () => void;
  onPointerUp?: (p: PointerInput) => void;
  onPointerCancel?: () => void;
  onDoubleClick?: (p: Point) => void;
  onWheel?: (p: Point, delta: Point, zoom: boolean) => void;
  onEditText?: (text: string) => void;
  onFinishEditing?: (save: boolean) => void;
};

export const args = {
  shapes: everyKind,
  onPointerDown: fn(),
  onPointerUp: fn(),
  onEditText: fn(),
  onFinishEditing: fn(),
} satisfies Partial<Args>;

export const parameters = { layout: "fullscreen" };

const shapesIn = (canvasElement: HTMLElement) =>
  within(canvasElement)
    .getByTestId(testIds.boardCanvas)
    .querySelectorAll(`[data-testid="${testIds.boardShape}"]`);

export const Empty: Story<Args> = {
  args: { shapes: [] },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByRole("application", { name: "Whiteboard" }),
    ).toBeInTheDocument();
    await expect(shapesIn(canvasElement)).toHaveLength(0);
  },
};

/** One shape of every kind; a press reaches the handler in canvas px. */
export const EveryKind: Story<Args> = {
  play: async ({ canvasElement, args }) => {
    const kinds = [...shapesIn(canvasElement)].map((e) => e.getAttribute(testAttributes.kind));
    await expect(kinds).toEqual([...SHAPE_KINDS]);
    await expect(within(canvasElement).getByText("Sprint 12 — retro")).toBeInTheDocument();
    const canvas = within(canvasElement).getByTestId(testIds.boardCanvas);
    const box = canvas.getBoundingClientRect();
    canvas.dispatchEvent(
      new PointerEvent("pointerdown", {
        bubbles: true,
        button: 0,
        clientX: box.left + 50,
        clientY: box.top + 60,
        pointerId: 1,
      }),
    );
    await expect(args.onPointerDown).toHaveBeenCalledWith(
      expect.objectContaining({ x: 50, y: 60, button: 0 }),
    );
  },
};

export const ThousandShapes: Story<Args> = {
  args: { shapes: thousandShapes },
  play: async ({ canvasElement }) => {
    await expect(shapesIn(canvasElement)).toHaveLength(1000);
  },
};

/** Two shapes selected: one box with eight resize handles; zoomed out, panned. */
export const Selected: Story<Args> = {
  args: { selection: ["rect", "oval"], view: { x: -20, y: -20, zoom: 0.8 } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByTestId(testIds.boardHandle)).toHaveLength(8);
    const selected = [...shapesIn(canvasElement)].filter(
      (e) => e.getAttribute(testAttributes.selected) === "true",
    );
    await expect(selected).toHaveLength(2);
  },
};

/** Others on the board: Grace's selection and pointer, Alan's stroke in progress. */
export const RemoteSelectionsAndDrafts: Story<Args> = {
  args: { remote: remoteOverlays },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getAllByTestId(testIds.boardRemoteSelection)).toHaveLength(1);
    await expect(canvas.getAllByTestId(testIds.boardRemoteDraft)).toHaveLength(1);
    await expect(canvas.getByText("Grace Hopper")).toBeInTheDocument();
  },
};

/** Loading or failed: no handles, named read only. */
export const ReadOnly: Story<Args> = {
  args: { readOnly: true, selection: ["note"] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      canvas.getByRole("application", { name: "Whiteboard (read only)" }),
    ).toBeInTheDocument();
    await expect(canvas.queryAllByTestId(testIds.boardHandle)).toHaveLength(0);
  },
};

/** A note's text being edited in place; Escape saves. */
export const EditingNote: Story<Args> = {
  args: { selection: ["note"], editing: { id: "note", text: "Ship the board on Friday" } },
  play: async ({ canvasElement, args }) => {
    const editor = within(canvasElement).getByTestId(testIds.boardTextEditor);
    await expect(editor).toHaveFocus();
    editor.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await expect(args.onFinishEditing).toHaveBeenCalledWith(true);
  },
};

/** A marquee and a rectangle being drawn. */
export const Drawing: Story<Args> = {
  args: {
    shapes: everyKind.slice(0, 3),
    marquee: { x: 20, y: 20, width: 420, height: 140 },
    draft: { ...everyKind[0]!, id: "draft", x: 100, y: 240, width: 120, height: 60 },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId(testIds.boardMarquee)).toBeInTheDocument();
    await expect(canvas.getByTestId(testIds.boardDraft)).toBeInTheDocument();
  },
};
