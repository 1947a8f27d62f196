// Chat/MessageItem: the stories of both apps' MessageItem, written once (each app's
// MessageItem.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import {
  deletedMessage,
  failedMessage,
  fileMessage,
  ownMessage,
  sendingMessage,
  systemMessage,
  textMessage,
  viewerId,
} from "../fixtures";
import type { Message } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  message: Message;
  viewerId: string;
  canDelete?: boolean;
  /** The list's one tab stop: the item and its controls take Tab only when active. */
  active?: boolean;
  /** True when the edit is valid and on its way (edit mode then ends). */
  onEdit: (id: string, body: string) => boolean;
  onDelete: (id: string) => void;
  onReact: (id: string, emoji: string) => void;
  /** A refused message (delivery "failed"): send it again / drop it. */
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
};

export const args = {
  message: textMessage,
  viewerId,
  onEdit: fn(() => true),
  onDelete: fn(),
  onReact: fn(),
  onRetry: fn(),
  onDiscard: fn(),
} satisfies Partial<Args>;

/** Someone else's message with a reaction. */
export const Default: Story<Args> = {};

/** The viewer's own (edited) message: Edit and Delete. */
export const Own: Story<Args> = { args: { message: ownMessage, canDelete: true } };

/** Editing the viewer's message. */
export const Editing: Story<Args> = {
  args: { message: ownMessage, canDelete: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Edit" }));
    await expect(canvas.getByRole("textbox")).toHaveFocus();
  },
};

export const Deleted: Story<Args> = {
  args: { message: deletedMessage },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Message deleted")).toBeVisible();
  },
};

export const File: Story<Args> = { args: { message: fileMessage } };

export const System: Story<Args> = { args: { message: systemMessage } };

/** The viewer's message on its way: "Sending…", no actions until stored. */
export const Sending: Story<Args> = {
  args: { message: sendingMessage },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText("Sending…")).toBeVisible();
    await expect(canvas.queryAllByRole("button")).toHaveLength(0);
  },
};

/** A refused message: why, with Retry and Discard. */
export const Failed: Story<Args> = {
  args: { message: failedMessage },
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("alert")).toHaveTextContent("Not sent:");
    await userEvent.click(canvas.getByRole("button", { name: "Retry" }));
    await expect(args.onRetry).toHaveBeenCalledWith(failedMessage.id);
  },
};

/** Not the list's active item: nothing in it takes Tab. */
export const Inactive: Story<Args> = {
  args: { message: ownMessage, canDelete: true, active: false },
  play: async ({ canvasElement }) => {
    for (const button of within(canvasElement).getAllByRole("button"))
      await expect(button).toHaveAttribute("tabindex", "-1");
  },
};
