import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/chat/Composer";
import Composer from "./Composer.vue";

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
