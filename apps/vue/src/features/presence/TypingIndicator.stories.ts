import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, within } from "storybook/test";
import TypingIndicator from "./TypingIndicator.vue";

const meta = {
  title: "Presence/TypingIndicator",
  component: TypingIndicator,
  args: { label: "Alan Turing is typing…" },
} satisfies Meta<typeof TypingIndicator>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Alan Turing is typing…")).toBeInTheDocument();
  },
};

export const Several: Story = { args: { label: "Alan Turing and Grace Hopper are typing…" } };

/** Nobody typing: the live region is still there, empty. */
export const Empty: Story = { args: { label: null } };
