import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, within } from "storybook/test";
import { textMessage } from "@/lib/stories/fixtures";
import ChatSearch from "./ChatSearch.vue";

const meta = {
  title: "Chat/ChatSearch",
  component: ChatSearch,
  args: { query: "", results: undefined, active: false },
} satisfies Meta<typeof ChatSearch>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Nothing typed. */
export const Default: Story = {};

export const Loading: Story = { args: { query: "lobby", active: true } };

export const Results: Story = {
  args: { query: "lobby", active: true, results: [textMessage] },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText(textMessage.body)).toBeVisible();
  },
};

export const Empty: Story = { args: { query: "zebra", active: true, results: [] } };
