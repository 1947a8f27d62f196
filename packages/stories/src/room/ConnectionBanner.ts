// Room/ConnectionBanner: the stories of both apps' ConnectionBanner, written once (each app's
// ConnectionBanner.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, within } from "storybook/test";

import type { ConnectionState } from "@rooms/domain";
import type { Story } from "../story";

export type Args = { connection: ConnectionState };

export const args = { connection: "offline" } satisfies Partial<Args>;

export const Offline: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("You are offline");
  },
};

export const Reconnecting: Story<Args> = { args: { connection: "reconnecting" } };

/** Shown only after the first second, so a normal start does not flash it. */
export const Connecting: Story<Args> = {
  args: { connection: "connecting" },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText("Connecting…", {}, { timeout: 3000 }),
    ).toBeVisible();
  },
};

/** Connected: renders nothing. */
export const Connected: Story<Args> = {
  args: { connection: "connected" },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("status")).toBeNull();
  },
};
