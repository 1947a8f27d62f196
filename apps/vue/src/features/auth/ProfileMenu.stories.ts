import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import ProfileMenu from "./ProfileMenu.vue";

const meta = {
  title: "Auth/ProfileMenu",
  component: ProfileMenu,
  args: {
    name: "Ada Lovelace",
    color: "#C62828",
    onSave: fn(async () => true),
    onSignOut: fn(),
  },
} satisfies Meta<typeof ProfileMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Guest: Story = { args: { name: "Guest 4821", isGuest: true } };

/** The popover with the name field and the color swatches. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: /Ada Lovelace/ }));
    await expect(canvas.getByRole("dialog", { name: "Profile" })).toBeVisible();
    await expect(canvas.getByRole("textbox")).toHaveValue("Ada Lovelace");
  },
};

export const Saving: Story = { args: { saving: true }, play: Open.play };

export const Error: Story = { args: { error: "Display name is required." }, play: Open.play };
