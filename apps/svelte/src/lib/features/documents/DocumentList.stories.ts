import type { Meta, StoryObj } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/documents/DocumentList";
import DocumentList from "./DocumentList.svelte";

const meta = {
  title: "Documents/DocumentList",
  component: DocumentList,
  args: stories.args,
} satisfies Meta<typeof DocumentList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Selected: Story = stories.Selected;
export const Loading: Story = stories.Loading;
export const Empty: Story = stories.Empty;
export const Creating: Story = stories.Creating;
export const Error: Story = stories.Error;
