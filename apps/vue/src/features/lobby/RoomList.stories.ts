import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { rooms } from "@/lib/stories/fixtures";
import RoomList from "./RoomList.vue";

const meta = {
  title: "Lobby/RoomList",
  component: RoomList,
  args: { rooms, onJoin: fn(), onRetry: fn() },
} satisfies Meta<typeof RoomList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getAllByRole("listitem")).toHaveLength(rooms.length);
  },
};

export const Loading: Story = { args: { rooms: undefined } };

export const Empty: Story = { args: { rooms: [] } };

/** A search with no result. */
export const NoMatch: Story = { args: { rooms: [], query: "zebra" } };

export const Joining: Story = { args: { joiningId: "room-chat" } };

export const Error: Story = {
  args: { failed: true },
  play: async ({ args, canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Try again" }));
    await expect(args.onRetry).toHaveBeenCalled();
  },
};
