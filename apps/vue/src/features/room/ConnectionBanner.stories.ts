import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, within } from "storybook/test";
import ConnectionBanner from "./ConnectionBanner.vue";

const meta = {
  title: "Room/ConnectionBanner",
  component: ConnectionBanner,
  args: { connection: "offline" },
} satisfies Meta<typeof ConnectionBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Offline: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("You are offline");
  },
};

export const Reconnecting: Story = { args: { connection: "reconnecting" } };

/** Shown only after the first second, so a normal start does not flash it. */
export const Connecting: Story = {
  args: { connection: "connecting" },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText("Connecting…", {}, { timeout: 3000 }),
    ).toBeVisible();
  },
};

/** Connected: renders nothing. */
export const Connected: Story = {
  args: { connection: "connected" },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("status")).toBeNull();
  },
};
