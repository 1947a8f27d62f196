// Presence/AvatarStack: the stories of both apps' AvatarStack, written once (each app's
// AvatarStack.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, userEvent, within } from "storybook/test";
import { members, ownerId, viewerId } from "../fixtures";
import type { Member } from "@rooms/domain";
import type { Story } from "../story";

export type Args = { members: Member[] | null; viewerId: string; ownerId: string; max?: number };

export const args = { members: members.slice(0, 3), viewerId, ownerId } satisfies Partial<Args>;

export const Default: Story<Args> = {};

/** Seven members, cut at five with "+2"; online, away and offline shown. */
export const WithPresence: Story<Args> = {
  args: { members },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("+2")).toBeVisible();
  },
};

export const Empty: Story<Args> = { args: { members: [] } };

/** Presence not loaded yet. */
export const Loading: Story<Args> = { args: { members: null } };

/** The stack toggles the member list. */
export const Open: Story<Args> = {
  args: { members },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Members" }));
    await expect(canvas.getByText(/Ada Lovelace/, { selector: "li *, li" })).toBeVisible();
  },
};
