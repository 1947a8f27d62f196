// Presence/MemberList: the stories of both apps' MemberList, written once (each app's
// MemberList.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, within } from "storybook/test";
import { members, ownerId, viewerId } from "../fixtures";
import type { Member } from "@rooms/domain";
import type { Story } from "../story";

export type Args = { members: Member[]; viewerId: string; ownerId: string };

export const args = { members: members.slice(0, 3), viewerId, ownerId } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/\(you\)/)).toBeVisible();
  },
};

/** Every status word: online, away, offline. */
export const WithPresence: Story<Args> = { args: { members } };

export const Empty: Story<Args> = { args: { members: [] } };
