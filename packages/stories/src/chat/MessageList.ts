// Chat/MessageList: the stories of both apps' MessageList, written once (each app's
// MessageList.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { messages, viewerId } from "../fixtures";
import type { Message } from "@rooms/domain";
import type { Args as ItemArgs } from "./MessageItem";
import type { Story } from "../story";

export type Args = Pick<ItemArgs, "onEdit" | "onDelete" | "onReact"> & {
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
  onEdit: fn(async () => true),
  onDelete: fn(),
  onReact: fn(),
} satisfies Partial<Args>;

export const Default: Story<Args> = {};

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
