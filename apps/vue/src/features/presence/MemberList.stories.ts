import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, within } from "storybook/test";
import { members, ownerId, viewerId } from "@/lib/stories/fixtures";
import MemberList from "./MemberList.vue";

const meta = {
  title: "Presence/MemberList",
  component: MemberList,
  args: { members: members.slice(0, 3), viewerId, ownerId },
} satisfies Meta<typeof MemberList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(/\(you\)/)).toBeVisible();
  },
};

/** Every status word: online, away, offline. */
export const WithPresence: Story = { args: { members } };

export const Empty: Story = { args: { members: [] } };
