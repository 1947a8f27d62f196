import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/presence/AvatarStack";
import AvatarStack from "./AvatarStack.svelte";

const meta = {
  title: "Presence/AvatarStack",
  component: AvatarStack,
  args: stories.args,
} satisfies Meta<typeof AvatarStack>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const WithPresence: Story = stories.WithPresence;
export const Empty: Story = stories.Empty;
export const Loading: Story = stories.Loading;
export const Open: Story = stories.Open;
