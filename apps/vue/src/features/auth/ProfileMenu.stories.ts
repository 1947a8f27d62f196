import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/auth/ProfileMenu";
import ProfileMenu from "./ProfileMenu.vue";

const meta = {
  title: "Auth/ProfileMenu",
  component: ProfileMenu,
  args: stories.args,
} satisfies Meta<typeof ProfileMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Guest: Story = stories.Guest;
export const Open: Story = stories.Open;
export const Saving: Story = stories.Saving;
export const Error: Story = stories.Error;
