import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/chat/MessageItem";
import MessageItem from "./MessageItem.vue";

const meta = {
  title: "Chat/MessageItem",
  component: MessageItem,
  args: stories.args,
} satisfies Meta<typeof MessageItem>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Own: Story = stories.Own;
export const Editing: Story = stories.Editing;
export const Deleted: Story = stories.Deleted;
export const File: Story = stories.File;
export const System: Story = stories.System;
