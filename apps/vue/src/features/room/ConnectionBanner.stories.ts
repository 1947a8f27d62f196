import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/room/ConnectionBanner";
import ConnectionBanner from "./ConnectionBanner.vue";

const meta = {
  title: "Room/ConnectionBanner",
  component: ConnectionBanner,
  args: stories.args,
} satisfies Meta<typeof ConnectionBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Offline: Story = stories.Offline;
export const Reconnecting: Story = stories.Reconnecting;
export const Connecting: Story = stories.Connecting;
export const Connected: Story = stories.Connected;
