import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import JoinByCode from "./JoinByCode.vue";

const meta = {
  title: "Lobby/JoinByCode",
  component: JoinByCode,
  args: { onJoin: fn(), onEdit: fn() },
} satisfies Meta<typeof JoinByCode>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole("textbox"), "K7Q2-M9XP{Enter}");
    await expect(args.onJoin).toHaveBeenCalled();
  },
};

export const Busy: Story = { args: { busy: true } };

export const Error: Story = { args: { error: "No room has this invite code." } };
