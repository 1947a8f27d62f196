// Presence/TypingIndicator: the stories of both apps' TypingIndicator, written once (each app's
// TypingIndicator.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, within } from "storybook/test";

import type { Story } from "../story";

export type Args = { label: string | null };

export const args = { label: "Alan Turing is typing…" } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Alan Turing is typing…")).toBeInTheDocument();
  },
};

export const Several: Story<Args> = { args: { label: "Alan Turing and Grace Hopper are typing…" } };

/** Nobody typing: the live region is still there, empty. */
export const Empty: Story<Args> = { args: { label: null } };
