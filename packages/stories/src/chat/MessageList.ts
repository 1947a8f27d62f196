// Chat/MessageList: the stories of both apps' MessageList, written once (each app's
// MessageList.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import { failedMessage, messages, sendingMessage, viewerId } from "../fixtures";
import type { Message } from "@rooms/domain";
import type { Args as ItemArgs } from "./MessageItem";
import type { Story } from "../story";

export type Args = Pick<ItemArgs, "onEdit" | "onDelete" | "onReact" | "onRetry" | "onDiscard"> & {
  /** Oldest first. */
  messages: Message[];
  viewerId: string;
  canDelete: (message: Message) => boolean;
  canLoadOlder?: boolean;
  loadingOlder?: boolean;
  loading?: boolean;
  error?: string | null;
  highlightedId?: string | null;
  onLoadOlder: () => void;
};

export const args = {
  messages,
  viewerId,
  canDelete: (message) => message.authorId === viewerId,
  onLoadOlder: fn(),
  onEdit: fn(() => true),
  onDelete: fn(),
  onReact: fn(),
  onRetry: fn(),
  onDiscard: fn(),
} satisfies Partial<Args>;

/** One Tab stop: Tab reaches the newest message; arrows move between messages. */
export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    const items = [...canvasElement.querySelectorAll<HTMLElement>("[data-message-id]")];
    await userEvent.tab();
    await expect(items.at(-1)).toHaveFocus();
    await userEvent.keyboard("{ArrowUp}");
    await expect(items.at(-2)).toHaveFocus();
    await userEvent.keyboard("{Home}");
    await expect(items[0]).toHaveFocus();
  },
};

/** The viewer's messages on their way: one sending, one refused. */
export const OnItsWay: Story<Args> = {
  args: { messages: [...messages, sendingMessage, failedMessage] },
};

export const Empty: Story<Args> = {
  args: { messages: [] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("No messages yet. Say hello!")).toBeVisible();
  },
};

export const Loading: Story<Args> = { args: { messages: [], loading: true } };

export const Error: Story<Args> = { args: { messages: [], error: "Could not load messages." } };

/** More history on the server: the "Load older messages" button. */
export const CanLoadOlder: Story<Args> = { args: { canLoadOlder: true } };

export const LoadingOlder: Story<Args> = { args: { loadingOlder: true } };
