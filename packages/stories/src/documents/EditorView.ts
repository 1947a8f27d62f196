// Documents/EditorView: the stories of both apps' EditorView, written once (each app's
// EditorView.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { snapshot, viewerId } from "../fixtures";
import type { DocumentSnapshot } from "@rooms/client";
import type { Story } from "../story";

export type Args = {
  doc: DocumentSnapshot;
  me: string;
  canForceUnlock?: boolean;
  /** The textarea showed `before`, now shows `after`, caret at `caret`. */
  onChange: (before: string, after: string, caret: number) => void;
  onSelect: (selection: { anchor: number; head: number } | null) => void;
  onLock: () => void;
  onUnlock: () => void;
};

export const args = {
  doc: snapshot,
  me: viewerId,
  onChange: fn(),
  onSelect: fn(),
  onLock: fn(),
  onUnlock: fn(),
} satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox")).toHaveValue(snapshot.text);
    await expect(canvas.getByText("Saved")).toBeVisible();
  },
};

export const Loading: Story<Args> = {
  args: { doc: { ...snapshot, status: "loading", text: "", canEdit: false } },
};

export const Saving: Story<Args> = {
  args: { doc: { ...snapshot, status: "saving", saveState: "saving", pendingEdits: 1 } },
};

export const Offline: Story<Args> = {
  args: { doc: { ...snapshot, status: "offline", saveState: "offline", pendingEdits: 2 } },
};

/** Locked by another member: read-only. */
export const Locked: Story<Args> = {
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

export const LockedByMe: Story<Args> = {
  args: { doc: { ...snapshot, lockedBy: viewerId, lockedByName: "Ada Lovelace" } },
};

/** Two other members' carets, one with a selection. */
export const WithPresence: Story<Args> = {
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

export const Error: Story<Args> = {
  args: {
    doc: {
      ...snapshot,
      saveState: "error",
      error: { code: "DOCUMENT_LOCKED", message: "This document is locked by Alan Turing." },
    },
  },
};
