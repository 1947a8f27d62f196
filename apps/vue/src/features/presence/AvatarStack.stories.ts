import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, userEvent, within } from "storybook/test";
import { members, ownerId, viewerId } from "@/lib/stories/fixtures";
import AvatarStack from "./AvatarStack.vue";

const meta = {
  title: "Presence/AvatarStack",
  component: AvatarStack,
  args: { members: members.slice(0, 3), viewerId, ownerId },
} satisfies Meta<typeof AvatarStack>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

/** Seven members, cut at five with "+2"; online, away and offline shown. */
export const WithPresence: Story = {
  args: { members },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("+2")).toBeVisible();
  },
};

export const Empty: Story = { args: { members: [] } };

/** Presence not loaded yet. */
export const Loading: Story = { args: { members: null } };

/** The stack toggles the member list. */
export const Open: Story = {
  args: { members },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Members" }));
    await expect(canvas.getByText(/Ada Lovelace/, { selector: "li *, li" })).toBeVisible();
  },
};
