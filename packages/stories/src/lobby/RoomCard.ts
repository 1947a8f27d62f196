// Lobby/RoomCard: the stories of both apps' RoomCard, written once (each app's
// RoomCard.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { fullRoom, room, rooms } from "../fixtures";
import type { RoomSummary } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  room: RoomSummary;
  joining?: boolean;
  error?: string | null;
  onJoin: (room: RoomSummary) => void;
};

export const args = { room, onJoin: fn() } satisfies Partial<Args>;

/** A room the viewer is a member of: Open. */
export const Default: Story<Args> = {};

/** Not a member yet: Join. */
export const Joinable: Story<Args> = {
  args: { room: rooms[1]! },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Join" })).toBeEnabled();
  },
};

export const Private: Story<Args> = { args: { room: rooms[2]! } };

/** At capacity: Full, disabled, with the reason. */
export const Full: Story<Args> = {
  args: { room: fullRoom },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Full" })).toBeDisabled();
  },
};

export const Joining: Story<Args> = { args: { room: rooms[1]!, joining: true } };

export const Error: Story<Args> = {
  args: { room: rooms[1]!, error: "You were removed from this room." },
};
