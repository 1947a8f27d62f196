import type { Meta, StoryObj } from "@storybook/vue3-vite";
import { expect, fn, within } from "storybook/test";
import { snapshot, viewerId } from "@/lib/stories/fixtures";
import EditorView from "./EditorView.vue";

const meta = {
  title: "Documents/EditorView",
  component: EditorView,
  args: {
    doc: snapshot,
    me: viewerId,
    onChange: fn(),
    onSelect: fn(),
    onLock: fn(),
    onUnlock: fn(),
  },
} satisfies Meta<typeof EditorView>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox")).toHaveValue(snapshot.text);
    await expect(canvas.getByText("Saved")).toBeVisible();
  },
};

export const Loading: Story = {
  args: { doc: { ...snapshot, status: "loading", text: "", canEdit: false } },
};

export const Saving: Story = {
  args: { doc: { ...snapshot, status: "saving", saveState: "saving", pendingEdits: 1 } },
};

export const Offline: Story = {
  args: { doc: { ...snapshot, status: "offline", saveState: "offline", pendingEdits: 2 } },
};

/** Locked by another member: read-only. */
export const Locked: Story = {
  args: {
    doc: {
      ...snapshot,
      status: "locked",
      lockedBy: "user-alan",
      lockedByName: "Alan Turing",
      canEdit: false,
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText("Locked by Alan Turing")).toBeVisible();
    await expect(canvas.getByRole("textbox")).toHaveAttribute("readonly");
  },
};

export const LockedByMe: Story = {
  args: { doc: { ...snapshot, lockedBy: viewerId, lockedByName: "Ada Lovelace" } },
};

/** Two other members' carets, one with a selection. */
export const WithPresence: Story = {
  args: {
    doc: {
      ...snapshot,
      remoteCarets: [
        {
          sessionId: "session-alan",
          userId: "user-alan",
          name: "Alan Turing",
          color: "#1565C0",
          anchor: 7,
          head: 22,
        },
        {
          sessionId: "session-grace",
          userId: "user-grace",
          name: "Grace Hopper",
          color: "#2E7D32",
          anchor: 40,
          head: 40,
        },
      ],
    },
  },
};

export const Error: Story = {
  args: {
    doc: {
      ...snapshot,
      saveState: "error",
      error: { code: "DOCUMENT_LOCKED", message: "This document is locked by Alan Turing." },
    },
  },
};
