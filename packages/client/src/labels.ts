// Display words APP_SPEC fixes for enum values, sizes and times, shared by both apps.
import type { BoardTool, PresenceStatus, RoomType } from "@rooms/domain";

export const roomTypeLabel: Record<RoomType, string> = {
  document: "Document",
  whiteboard: "Whiteboard",
  chat: "Chat",
};

export const statusLabel: Record<PresenceStatus, string> = {
  online: "Online",
  away: "Away",
  offline: "Offline",
};

/** History reasons as the spec words them (backend `snapshotReason`). */
export const snapshotReasonLabel: Record<"created" | "periodic" | "lock" | "restore", string> = {
  created: "Created",
  periodic: "Autosave",
  lock: "Locked",
  restore: "Restored",
};

/** A file size as the chat shows it: `12 KB`, `1.5 MB` (1 KB = 1024 bytes). */
export function fileSizeLabel(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${Number((bytes / MB).toFixed(1))} MB`;
}

/**
 * A time of day as every time in the apps is shown (chat and history): the user's locale's short
 * time, e.g. `3:07 PM` (en-US) or `15:07` (en-GB). `locale`: the browser's by default.
 */
export function clockTime(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(at);
}

/** A date and time (history): the locale's medium date and `clockTime`'s time. */
export function dateTimeLabel(at: number, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(at);
}

/** Whiteboard tools: the accessible name, and the glyph on the button. */
export const boardToolLabel: Record<BoardTool, { name: string; glyph: string }> = {
  select: { name: "Select", glyph: "↖" },
  rectangle: { name: "Rectangle", glyph: "▭" },
  ellipse: { name: "Ellipse", glyph: "◯" },
  line: { name: "Line", glyph: "╱" },
  arrow: { name: "Arrow", glyph: "→" },
  pen: { name: "Pen", glyph: "✎" },
  note: { name: "Sticky note", glyph: "▤" },
  text: { name: "Text", glyph: "T" },
};

/** Names of the board's palette (BOARD_COLORS), for the swatches' accessible names. */
export const boardColorName: Record<string, string> = {
  "#1f2328": "Black",
  "#d1242f": "Red",
  "#bf8700": "Amber",
  "#1a7f37": "Green",
  "#0969da": "Blue",
  "#8250df": "Purple",
  "#ffd33d": "Yellow",
};
