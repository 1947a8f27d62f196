// Documents/DocumentList: the stories of both apps' DocumentList, written once (each app's
// DocumentList.stories.ts binds them). `Args` is the props contract both components implement.
import { expect, fn, within } from "storybook/test";
import { documents } from "../fixtures";
import type { DocumentSummary } from "@rooms/domain";
import type { Story } from "../story";

export type Args = {
  /** undefined while loading. */
  documents: DocumentSummary[] | undefined;
  selectedId?: string | null;
  creating?: boolean;
  /** The create form's error. */
  error?: string | null;
  /** Resolves true when created (the field is then cleared). */
  onCreate: (title: string) => Promise<boolean>;
  /** The title changed (clears the error). */
  onEdit?: () => void;
};

export const args = {
  documents,
  onCreate: fn(async () => true),
  onEdit: fn(),
} satisfies Partial<Args>;

/** Two documents, one locked by another member. */
export const Default: Story<Args> = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Locked by Alan Turing")).toBeVisible();
  },
};

export const Selected: Story<Args> = { args: { selectedId: "doc-notes" } };

export const Loading: Story<Args> = { args: { documents: undefined } };

export const Empty: Story<Args> = { args: { documents: [] } };

export const Creating: Story<Args> = { args: { creating: true } };

export const Error: Story<Args> = { args: { error: "Title is too long." } };
