import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/documents/HistoryPanel";
import HistoryPanel from "./HistoryPanel.vue";

const meta = {
  title: "Documents/HistoryPanel",
  component: HistoryPanel,
  args: stories.args,
} satisfies Meta<typeof HistoryPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Closed: Story = stories.Closed;
export const Loading: Story = stories.Loading;
export const Empty: Story = stories.Empty;
export const Locked: Story = stories.Locked;
export const Error: Story = stories.Error;
