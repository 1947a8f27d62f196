// Board/BoardToolbar: the stories of both apps' BoardToolbar, written once (each app's
// BoardToolbar.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import type { BoardStyle } from "@rooms/client";
import { BOARD_COLORS, boardToolId, testIds, type BoardTool } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  tool: BoardTool;
  style: BoardStyle;
  canUndo?: boolean;
  canRedo?: boolean;
  hasSelection?: boolean;
  readOnly?: boolean;
  onTool?: (tool: BoardTool) => void;
  onStyle?: (style: Partial<BoardStyle>) => void;
  onUndo?: () => void;
  onRedo?: () => void;
  onDelete?: () => void;
  onDuplicate?: () => void;
  onZOrder?: (move: "forward" | "backward") => void;
  onExport?: (format: "png" | "svg") => void;
};

export const args = {
  tool: "select",
  style: { color: BOARD_COLORS[0], strokeWidth: 2 },
  onTool: fn(),
  onStyle: fn(),
  onUndo: fn(),
  onDelete: fn(),
  onExport: fn(),
} satisfies Partial<Args>;

/** Nothing selected, nothing to undo: the selection's commands are disabled. */
export const Default: Story<Args> = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("button", { name: "Select" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(canvas.getByTestId(testIds.boardDelete)).toBeDisabled();
    await expect(canvas.getByTestId(testIds.boardUndo)).toBeDisabled();
    await userEvent.click(canvas.getByRole("button", { name: "Sticky note" }));
    await expect(args.onTool).toHaveBeenCalledWith("note");
    await userEvent.click(canvas.getByRole("button", { name: "Colour Red" }));
    await expect(args.onStyle).toHaveBeenCalledWith({ color: BOARD_COLORS[1] });
    await userEvent.click(canvas.getByTestId(testIds.boardExportSvg));
    await expect(args.onExport).toHaveBeenCalledWith("svg");
    await userEvent.click(canvas.getByText("Keyboard shortcuts"));
    await expect(canvas.getByText("Delete the selection")).toBeVisible();
  },
};

/** The pen in blue, a selection and an undo step. */
export const WithSelection: Story<Args> = {
  args: {
    tool: "pen",
    style: { color: BOARD_COLORS[4], strokeWidth: 4 },
    hasSelection: true,
    canUndo: true,
  },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId(boardToolId("pen"))).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(canvas.getByTestId(testIds.boardDelete));
    await expect(args.onDelete).toHaveBeenCalled();
    await userEvent.click(canvas.getByTestId(testIds.boardUndo));
    await expect(args.onUndo).toHaveBeenCalled();
  },
};

/** While the board loads (or failed): only Select and export stay enabled. */
export const ReadOnly: Story<Args> = {
  args: { readOnly: true, hasSelection: true, canUndo: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByTestId(boardToolId("rectangle"))).toBeDisabled();
    await expect(canvas.getByTestId(boardToolId("select"))).toBeEnabled();
    await expect(canvas.getByTestId(testIds.boardDelete)).toBeDisabled();
    await expect(canvas.getByTestId(testIds.boardExportPng)).toBeEnabled();
  },
};
