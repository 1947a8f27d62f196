// Auth/SignInForm: the stories of both apps' SignInForm, written once (each app's
// SignInForm.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";

import type { Story } from "../story";

export type SignInMode = "signIn" | "signUp";

export type Args = {
  mode?: SignInMode;
  /** Which button is working, or null. */
  busy?: "submit" | "guest" | null;
  error?: string | null;
  onSubmit: (values: { email: string; password: string; name: string }) => void;
  onGuest: () => void;
  onToggleMode: () => void;
  /** Any field changed (clears the error). */
  onEdit: () => void;
};

export const args = {
  onSubmit: fn(),
  onGuest: fn(),
  onToggleMode: fn(),
  onEdit: fn(),
} satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Sign in" })).toBeEnabled();
  },
};

export const SignUp: Story<Args> = { args: { mode: "signUp" } };

export const Loading: Story<Args> = { args: { busy: "submit" } };

export const GuestLoading: Story<Args> = { args: { busy: "guest" } };

export const Error: Story<Args> = { args: { error: "Invalid email or password." } };
