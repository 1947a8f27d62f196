import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { documents } from "@/lib/stories/fixtures";
import DocumentList from "./DocumentList.vue";

const meta = {
  title: "Documents/DocumentList",
  component: DocumentList,
  args: { documents, onCreate: fn(async () => true), onEdit: fn() },
} satisfies Meta<typeof DocumentList>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Two documents, one locked by another member. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Locked by Alan Turing")).toBeVisible();
  },
};

export const Selected: Story = { args: { selectedId: "doc-notes" } };

export const Loading: Story = { args: { documents: undefined } };

export const Empty: Story = { args: { documents: [] } };

export const Creating: Story = { args: { creating: true } };

export const Error: Story = { args: { error: "Title is too long." } };
