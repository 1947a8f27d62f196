// Lobby/RoomList: the stories of both apps' RoomList, written once (each app's
// RoomList.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import { rooms } from "../fixtures";
import type { RoomSummary } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  /** undefined while loading; already filtered by `query`. */
  rooms: RoomSummary[] | undefined;
  query?: string;
  failed?: boolean;
  joiningId?: string | null;
  /** A failed Join, by room id. */
  errors?: Record<string, string>;
  onJoin: (room: RoomSummary) => void;
  onRetry: () => void;
};

export const args = { rooms, onJoin: fn(), onRetry: fn() } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getAllByRole("listitem")).toHaveLength(rooms.length);
  },
};

export const Loading: Story<Args> = { args: { rooms: undefined } };

export const Empty: Story<Args> = { args: { rooms: [] } };

/** A search with no result. */
export const NoMatch: Story<Args> = { args: { rooms: [], query: "zebra" } };

export const Joining: Story<Args> = { args: { joiningId: "room-chat" } };

export const Error: Story<Args> = {
  args: { failed: true },
  play: async ({ args, canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Try again" }));
    await expect(args.onRetry).toHaveBeenCalled();
  },
};
