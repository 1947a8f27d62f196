import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, within } from "storybook/test";
import { pointers } from "@/lib/stories/fixtures";
import CursorLayer from "./CursorLayer.vue";

const meta = {
  title: "Presence/CursorLayer",
  component: CursorLayer,
  parameters: { layout: "fullscreen" },
  args: { pointers: [] },
} satisfies Meta<typeof CursorLayer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};

/** Two other sessions' pointers with their names. */
export const WithPresence: Story = {
  args: { pointers },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Grace Hopper")).toBeInTheDocument();
  },
};
