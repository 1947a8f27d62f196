// Presence/CursorLayer: the stories of both apps' CursorLayer, written once (each app's
// CursorLayer.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, within } from "storybook/test";
import { pointers } from "../fixtures";
import type { DrawnPointer } from "@rooms/client";
import type { Story } from "../story";

export type Args = {
  pointers: DrawnPointer[];
  /** null when the pointer left the layer. */
  onMove?: (point: { x: number; y: number } | null) => void;
};

export const args = { pointers: [] } satisfies Partial<Args>;

export const parameters = { layout: "fullscreen" };

export const Empty: Story<Args> = {};

/** Two other sessions' pointers with their names. */
export const WithPresence: Story<Args> = {
  args: { pointers },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Grace Hopper")).toBeInTheDocument();
  },
};
