import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import CreateRoomDialog from "./CreateRoomDialog.vue";

const meta = {
  title: "Lobby/CreateRoomDialog",
  component: CreateRoomDialog,
  args: { open: true, onCreate: fn(), onClose: fn() },
} satisfies Meta<typeof CreateRoomDialog>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement.ownerDocument.body).getByRole("dialog")).toBeVisible();
  },
};

export const Busy: Story = { args: { busy: true } };

export const Error: Story = { args: { error: "Name is required." } };

/** Closed: nothing is shown. */
export const Closed: Story = { args: { open: false } };
