import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { T0 } from "@/lib/stories/fixtures";
import HistoryPanel, { type HistoryEntry } from "./HistoryPanel.vue";

const entries: HistoryEntry[] = [
  {
    id: "snap-3",
    documentId: "doc-notes",
    revision: 40,
    reason: "lock",
    createdAt: T0 + 3_600_000,
    userName: "Alan Turing",
    preview: "Agenda 1. Lobby review 2. Presence polish",
  },
  {
    id: "snap-2",
    documentId: "doc-notes",
    revision: 20,
    reason: "periodic",
    createdAt: T0 + 1_800_000,
    userName: "Ada Lovelace",
    preview: "Agenda 1. Lobby review",
  },
  {
    id: "snap-1",
    documentId: "doc-notes",
    revision: 0,
    reason: "created",
    createdAt: T0,
    userName: "Ada Lovelace",
    preview: "",
  },
];

const meta = {
  title: "Documents/HistoryPanel",
  component: HistoryPanel,
  args: { open: true, entries, onRestore: fn() },
} satisfies Meta<typeof HistoryPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getAllByRole("button", { name: /Restore revision/ }),
    ).toHaveLength(3);
  },
};

/** Collapsed: the entries are loaded only when opened. */
export const Closed: Story = { args: { open: false, entries: undefined } };

export const Loading: Story = { args: { entries: undefined } };

export const Empty: Story = { args: { entries: [] } };

/** Restore is disabled (e.g. while someone else holds the lock). */
export const Locked: Story = { args: { disabled: true } };

export const Error: Story = { args: { error: "Could not load the history." } };
