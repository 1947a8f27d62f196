// Room/RoomHeader: the stories of both apps' RoomHeader, written once (each app's
// RoomHeader.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { members, room, viewerId } from "../fixtures";
import type { Member as RoomMember, RoomSummary } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  room: RoomSummary & { inviteCode?: string };
  members: RoomMember[] | null;
  viewerId: string;
  onLeave: () => void;
  onDelete: () => void;
};

export const args = {
  room,
  members: members.slice(0, 3),
  viewerId,
  onLeave: fn(),
  onDelete: fn(),
} satisfies Partial<Args>;

/** The owner's view: Delete room. */
export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Delete room" })).toBeVisible();
  },
};

/** A member's view: Leave room. */
export const Member: Story<Args> = { args: { viewerId: "user-alan" } };

/** A private room: the owner sees the invite code. */
export const Private: Story<Args> = {
  args: { room: { ...room, isPrivate: true, inviteCode: "K7Q2-M9XP" } },
};

export const WithPresence: Story<Args> = { args: { members } };

/** Presence not loaded yet. */
export const Loading: Story<Args> = { args: { members: null } };
