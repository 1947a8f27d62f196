// Display words APP_SPEC fixes for enum values, sizes and times, shared by both apps.
import type { PresenceStatus, RoomType } from "@rooms/domain";

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

/** Local `HH:MM`, 24-hour (APP_SPEC "Message item"). */
export function clockTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
