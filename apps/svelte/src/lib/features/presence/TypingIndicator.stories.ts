import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/presence/TypingIndicator";
import TypingIndicator from "./TypingIndicator.svelte";

const meta = {
  title: "Presence/TypingIndicator",
  component: TypingIndicator,
  args: stories.args,
} satisfies Meta<typeof TypingIndicator>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Several: Story = stories.Several;
export const Empty: Story = stories.Empty;
