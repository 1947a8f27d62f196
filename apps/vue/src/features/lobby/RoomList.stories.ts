import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/lobby/RoomList";
import RoomList from "./RoomList.vue";

const meta = {
  title: "Lobby/RoomList",
  component: RoomList,
  args: stories.args,
} satisfies Meta<typeof RoomList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Loading: Story = stories.Loading;
export const Empty: Story = stories.Empty;
export const NoMatch: Story = stories.NoMatch;
export const Joining: Story = stories.Joining;
export const Error: Story = stories.Error;
