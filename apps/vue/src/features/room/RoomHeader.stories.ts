import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/room/RoomHeader";
import RoomHeader from "./RoomHeader.vue";

const meta = {
  title: "Room/RoomHeader",
  component: RoomHeader,
  args: stories.args,
} satisfies Meta<typeof RoomHeader>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Member: Story = stories.Member;
export const Private: Story = stories.Private;
export const WithPresence: Story = stories.WithPresence;
export const Loading: Story = stories.Loading;
