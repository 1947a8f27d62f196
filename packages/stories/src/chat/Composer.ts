// Chat/Composer: the stories of both apps' Composer, written once (each app's
// Composer.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";

import type { Story } from "../story";

export type Args = {
  /** The name of the file being uploaded, or null. */
  uploading?: string | null;
  error?: string | null;
  /** True when the text is valid and on its way (the box is then cleared at once). */
  onSend: (body: string) => boolean;
  /** Resolves true when sent (the caption is then cleared). */
  onFile: (file: File, caption: string) => Promise<boolean>;
  onTyping: (typing: boolean) => void;
};

export const args = {
  onSend: fn(() => true),
  onFile: fn(async () => true),
  onTyping: fn(),
} satisfies Partial<Args>;

/** Enter sends and clears the box. */
export const Default: Story<Args> = {
  play: async ({ args, canvasElement }) => {
    const box = within(canvasElement).getByRole("textbox");
    await userEvent.type(box, "Hello{Enter}");
    await expect(args.onSend).toHaveBeenCalledWith("Hello");
    await expect(box).toHaveValue("");
  },
};

export const Uploading: Story<Args> = { args: { uploading: "APP_SPEC.pdf" } };

export const Error: Story<Args> = { args: { error: "Messages are limited to 4000 characters." } };
