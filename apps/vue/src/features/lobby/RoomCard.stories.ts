import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { fullRoom, room, rooms } from "@/lib/stories/fixtures";
import RoomCard from "./RoomCard.vue";

const meta = {
  title: "Lobby/RoomCard",
  component: RoomCard,
  args: { room, onJoin: fn() },
} satisfies Meta<typeof RoomCard>;
export default meta;
type Story = StoryObj<typeof meta>;

/** A room the viewer is a member of: Open. */
export const Default: Story = {};

/** Not a member yet: Join. */
export const Joinable: Story = {
  args: { room: rooms[1]! },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Join" })).toBeEnabled();
  },
};

export const Private: Story = { args: { room: rooms[2]! } };

/** At capacity: Full, disabled, with the reason. */
export const Full: Story = {
  args: { room: fullRoom },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Full" })).toBeDisabled();
  },
};

export const Joining: Story = { args: { room: rooms[1]!, joining: true } };

export const Error: Story = {
  args: { room: rooms[1]!, error: "You were removed from this room." },
};
