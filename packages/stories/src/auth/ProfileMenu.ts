// Auth/ProfileMenu: the stories of both apps' ProfileMenu, written once (each app's
// ProfileMenu.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";

import type { Story } from "../story";

export type Args = {
  name: string;
  color: string;
  isGuest?: boolean;
  saving?: boolean;
  error?: string | null;
  /** Resolves true when saved (the menu then closes). */
  onSave: (profile: { name: string; color: string }) => Promise<boolean>;
  onSignOut: () => void;
};

export const args = {
  name: "Ada Lovelace",
  color: "#C62828",
  onSave: fn(async () => true),
  onSignOut: fn(),
} satisfies Partial<Args>;

export const Default: Story<Args> = {};

export const Guest: Story<Args> = { args: { name: "Guest 4821", isGuest: true } };

/** The popover with the name field and the color swatches. */
export const Open: Story<Args> = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: /Ada Lovelace/ }));
    await expect(canvas.getByRole("dialog", { name: "Profile" })).toBeVisible();
    await expect(canvas.getByRole("textbox")).toHaveValue("Ada Lovelace");
  },
};

export const Saving: Story<Args> = { args: { saving: true }, play: Open.play };

export const Error: Story<Args> = { args: { error: "Display name is required." }, play: Open.play };
