// Chat/ChatSearch: the stories of both apps' ChatSearch, written once (each app's
// ChatSearch.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, userEvent, within } from "storybook/test";
import { textMessage } from "../fixtures";
import type { Message } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  query?: string;
  /** undefined while loading. */
  results: Message[] | undefined;
  /** A (debounced) non-blank query is being searched: show the results. */
  active?: boolean;
  /** A result was picked (click or Enter): its message id. */
  onSelect: (messageId: string) => void;
};

export const args = {
  query: "",
  results: undefined,
  active: false,
  onSelect: fn(),
} satisfies Partial<Args>;

/** Nothing typed. */
export const Default: Story<Args> = {};

export const Loading: Story<Args> = { args: { query: "lobby", active: true } };

export const Results: Story<Args> = {
  args: { query: "lobby", active: true, results: [textMessage] },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(textMessage.body)).toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: new RegExp(textMessage.authorName) }));
    await expect(args.onSelect).toHaveBeenCalledWith(textMessage.id);
  },
};

export const Empty: Story<Args> = { args: { query: "zebra", active: true, results: [] } };
