import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import SignInForm from "./SignInForm.vue";

const meta = {
  title: "Auth/SignInForm",
  component: SignInForm,
  args: { onSubmit: fn(), onGuest: fn(), onToggleMode: fn(), onEdit: fn() },
} satisfies Meta<typeof SignInForm>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("button", { name: "Sign in" })).toBeEnabled();
  },
};

export const SignUp: Story = { args: { mode: "signUp" } };

export const Loading: Story = { args: { busy: "submit" } };

export const GuestLoading: Story = { args: { busy: "guest" } };

export const Error: Story = { args: { error: "Invalid email or password." } };
