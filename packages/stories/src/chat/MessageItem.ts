// Chat/MessageItem: the stories of both apps' MessageItem, written once (each app's
// MessageItem.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import {
  deletedMessage,
  fileMessage,
  ownMessage,
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
  /** Resolves true when saved (edit mode then ends). */
  onEdit: (id: string, body: string) => Promise<boolean>;
  onDelete: (id: string) => void;
  onReact: (id: string, emoji: string) => void;
};

export const args = {
  message: textMessage,
  viewerId,
  onEdit: fn(async () => true),
  onDelete: fn(),
  onReact: fn(),
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
