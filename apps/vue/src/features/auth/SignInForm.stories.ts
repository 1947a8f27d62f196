import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/auth/SignInForm";
import SignInForm from "./SignInForm.vue";

const meta = {
  title: "Auth/SignInForm",
  component: SignInForm,
  args: stories.args,
} satisfies Meta<typeof SignInForm>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const SignUp: Story = stories.SignUp;
export const Loading: Story = stories.Loading;
export const GuestLoading: Story = stories.GuestLoading;
export const Error: Story = stories.Error;
