import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/presence/CursorLayer";
import CursorLayer from "./CursorLayer.vue";

const meta = {
  title: "Presence/CursorLayer",
  component: CursorLayer,
  args: stories.args,
  parameters: stories.parameters,
} satisfies Meta<typeof CursorLayer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = stories.Empty;
export const WithPresence: Story = stories.WithPresence;
