import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { members, room, viewerId } from "@/lib/stories/fixtures";
import RoomHeader from "./RoomHeader.vue";

const meta = {
  title: "Room/RoomHeader",
  component: RoomHeader,
  args: { room, members: members.slice(0, 3), viewerId, onLeave: fn(), onDelete: fn() },
} satisfies Meta<typeof RoomHeader>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The owner's view: Delete room. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Delete room" })).toBeVisible();
  },
};

/** A member's view: Leave room. */
export const Member: Story = { args: { viewerId: "user-alan" } };

/** A private room: the owner sees the invite code. */
export const Private: Story = {
  args: { room: { ...room, isPrivate: true, inviteCode: "K7Q2-M9XP" } },
};

export const WithPresence: Story = { args: { members } };

/** Presence not loaded yet. */
export const Loading: Story = { args: { members: null } };
