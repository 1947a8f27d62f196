import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { messages, viewerId } from "@/lib/stories/fixtures";
import MessageList from "./MessageList.vue";

const meta = {
  title: "Chat/MessageList",
  component: MessageList,
  args: {
    messages,
    viewerId,
    canDelete: (message) => message.authorId === viewerId,
    onLoadOlder: fn(),
    onEdit: fn(async () => true),
    onDelete: fn(),
    onReact: fn(),
  },
} satisfies Meta<typeof MessageList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Empty: Story = {
  args: { messages: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("No messages yet. Say hello!")).toBeVisible();
  },
};

export const Loading: Story = { args: { messages: [], loading: true } };

export const Error: Story = { args: { messages: [], error: "Could not load messages." } };

/** More history on the server: the "Load older messages" button. */
export const CanLoadOlder: Story = { args: { canLoadOlder: true } };

export const LoadingOlder: Story = { args: { loadingOlder: true } };
