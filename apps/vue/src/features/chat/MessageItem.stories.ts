import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import {
  deletedMessage,
  fileMessage,
  ownMessage,
  systemMessage,
  textMessage,
  viewerId,
} from "@/lib/stories/fixtures";
import MessageItem from "./MessageItem.vue";

const meta = {
  title: "Chat/MessageItem",
  component: MessageItem,
  args: {
    message: textMessage,
    viewerId,
    onEdit: fn(async () => true),
    onDelete: fn(),
    onReact: fn(),
  },
} satisfies Meta<typeof MessageItem>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Someone else's message with a reaction. */
export const Default: Story = {};

/** The viewer's own (edited) message: Edit and Delete. */
export const Own: Story = { args: { message: ownMessage, canDelete: true } };

/** Editing the viewer's message. */
export const Editing: Story = {
  args: { message: ownMessage, canDelete: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Edit" }));
    await expect(canvas.getByRole("textbox")).toHaveFocus();
  },
};

export const Deleted: Story = {
  args: { message: deletedMessage },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Message deleted")).toBeVisible();
  },
};

export const File: Story = { args: { message: fileMessage } };

export const System: Story = { args: { message: systemMessage } };
