// Lobby/JoinByCode: the stories of both apps' JoinByCode, written once (each app's
// JoinByCode.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";

import type { Story } from "../story";

export type Args = {
  busy?: boolean;
  error?: string | null;
  onJoin: (code: string) => void;
  onEdit: () => void;
};

export const args = { onJoin: fn(), onEdit: fn() } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole("textbox"), "K7Q2-M9XP{Enter}");
    await expect(args.onJoin).toHaveBeenCalled();
  },
};

export const Busy: Story<Args> = { args: { busy: true } };

export const Error: Story<Args> = { args: { error: "No room has this invite code." } };
