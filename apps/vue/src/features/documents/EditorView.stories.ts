import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/documents/EditorView";
import EditorView from "./EditorView.vue";

const meta = {
  title: "Documents/EditorView",
  component: EditorView,
  args: stories.args,
} satisfies Meta<typeof EditorView>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const Loading: Story = stories.Loading;
export const Saving: Story = stories.Saving;
export const Offline: Story = stories.Offline;
export const Locked: Story = stories.Locked;
export const LockedByMe: Story = stories.LockedByMe;
export const WithPresence: Story = stories.WithPresence;
export const Error: Story = stories.Error;
