// Lobby/CreateRoomDialog: the stories of both apps' CreateRoomDialog, written once (each app's
// CreateRoomDialog.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";

import type { NewRoom } from "@rooms/client";
import type { Story } from "../story";

export type Args = {
  open: boolean;
  busy?: boolean;
  error?: string | null;
  onCreate: (room: NewRoom) => void;
  onClose: () => void;
};

export const args = { open: true, onCreate: fn(), onClose: fn() } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement.ownerDocument.body).getByRole("dialog")).toBeVisible();
  },
};

export const Busy: Story<Args> = { args: { busy: true } };

export const Error: Story<Args> = { args: { error: "Name is required." } };

/** Closed: nothing is shown. */
export const Closed: Story<Args> = { args: { open: false } };
