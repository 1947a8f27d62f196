import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/chat/MessageList";
import MessageList from "./MessageList.vue";

const meta = {
  title: "Chat/MessageList",
  component: MessageList,
  args: stories.args,
} satisfies Meta<typeof MessageList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Empty: Story = stories.Empty;
export const Loading: Story = stories.Loading;
export const Error: Story = stories.Error;
export const CanLoadOlder: Story = stories.CanLoadOlder;
export const LoadingOlder: Story = stories.LoadingOlder;
