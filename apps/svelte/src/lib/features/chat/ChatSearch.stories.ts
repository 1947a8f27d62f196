import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/ChatSearch";
import ChatSearch from "./ChatSearch.svelte";

const meta = {
  title: "Chat/ChatSearch",
  component: ChatSearch,
  args: stories.args,
} satisfies Meta<typeof ChatSearch>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Loading: Story = stories.Loading;
export const Results: Story = stories.Results;
export const Empty: Story = stories.Empty;
