import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import Composer from "./Composer.vue";

const meta = {
  title: "Chat/Composer",
  component: Composer,
  args: { onSend: fn(async () => true), onFile: fn(async () => true), onTyping: fn() },
} satisfies Meta<typeof Composer>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Enter sends and clears the box. */
export const Default: Story = {
  play: async ({ args, canvasElement }) => {
    const box = within(canvasElement).getByRole("textbox");
    await userEvent.type(box, "Hello{Enter}");
    await expect(args.onSend).toHaveBeenCalledWith("Hello");
    await expect(box).toHaveValue("");
  },
};

export const Uploading: Story = { args: { uploading: "APP_SPEC.pdf" } };

export const Error: Story = { args: { error: "Messages are limited to 4000 characters." } };
