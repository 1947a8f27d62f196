// Documents/HistoryPanel: the stories of both apps' HistoryPanel, written once (each app's
// HistoryPanel.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { T0 } from "../fixtures";
import type { snapshotReasonLabel } from "@rooms/client";
import type { Story } from "../story";

/** One saved version as the panel shows it (a subset of `documents.history`'s rows). */
export type HistoryEntry = {
  id: string;
  documentId: string;
  revision: number;
  reason: keyof typeof snapshotReasonLabel;
  createdAt: number;
  userName: string;
  preview: string;
};

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

export type Args = {
  open?: boolean;
  /** undefined while loading. */
  entries: HistoryEntry[] | undefined;
  disabled?: boolean;
  error?: string | null;
  onRestore: (id: string) => void;
};

export const args = { open: true, entries, onRestore: fn() } satisfies Partial<Args>;

export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getAllByRole("button", { name: /Restore revision/ }),
    ).toHaveLength(3);
  },
};

/** Collapsed: the entries are loaded only when opened. */
export const Closed: Story<Args> = { args: { open: false, entries: undefined } };

export const Loading: Story<Args> = { args: { entries: undefined } };

export const Empty: Story<Args> = { args: { entries: [] } };

/** Restore is disabled (e.g. while someone else holds the lock). */
export const Locked: Story<Args> = { args: { disabled: true } };

export const Error: Story<Args> = { args: { error: "Could not load the history." } };
