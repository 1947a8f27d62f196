import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/Composer";
import Composer from "./Composer.svelte";

const meta = {
  title: "Chat/Composer",
  component: Composer,
  args: stories.args,
} satisfies Meta<typeof Composer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Uploading: Story = stories.Uploading;
export const Error: Story = stories.Error;
