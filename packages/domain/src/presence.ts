// Presence rules: a member's status from timestamps, a user's color, initials, the typing line,
// and cursor smoothing. Everything takes `now` as an argument: no clock, no timers, so the
// backend, the client core and tests all get the same answer for the same inputs.

import { AWAY_AFTER_MS, CURSOR_THROTTLE_MS, PRESENCE_TIMEOUT_MS, TYPING_EXPIRY_MS } from "./limits";

export type PresenceStatus = "online" | "away" | "offline";

/** The timestamps (ms since the epoch) presence is computed from. */
export type PresenceTimes = {
  /** When the last heartbeat arrived. */
  lastHeartbeat: number;
  /**
   * When the session goes offline unless another heartbeat arrives (see `disconnectDeadline`).
   * `null` means disconnected explicitly (left, signed out, swept); omitted means
   * `lastHeartbeat + PRESENCE_TIMEOUT_MS`.
   */
  disconnectDeadline?: number | null;
  /** Last keyboard or pointer input; defaults to `lastHeartbeat`. */
  lastInput?: number;
  /** The user chose "away". */
  explicitAway?: boolean;
};

/** The deadline a heartbeat received at `now` sets. */
export function disconnectDeadline(now: number): number {
  return now + PRESENCE_TIMEOUT_MS;
}

function deadlineOf(times: PresenceTimes): number | null {
  return times.disconnectDeadline === undefined
    ? times.lastHeartbeat + PRESENCE_TIMEOUT_MS
    : times.disconnectDeadline;
}

/**
 * offline: disconnected, or `now` is at or past the disconnect deadline;
 * away: chose away, or no input for AWAY_AFTER_MS;
 * online: otherwise.
 */
export function statusOf(times: PresenceTimes, now: number): PresenceStatus {
  const deadline = deadlineOf(times);
  if (deadline === null || now >= deadline) return "offline";
  if (times.explicitAway) return "away";
  if (now - (times.lastInput ?? times.lastHeartbeat) >= AWAY_AFTER_MS) return "away";
  return "online";
}

/**
 * When `statusOf` would next change if no new event arrives, or null if never (offline). A view
 * re-evaluates status at that time instead of polling.
 */
export function nextStatusChangeAt(times: PresenceTimes, now: number): number | null {
  const deadline = deadlineOf(times);
  if (deadline === null || now >= deadline) return null;
  const awayAt = times.explicitAway
    ? Infinity
    : (times.lastInput ?? times.lastHeartbeat) + AWAY_AFTER_MS;
  return awayAt > now ? Math.min(awayAt, deadline) : deadline;
}

/** Order for avatar stacks and member lists: online, then away, then offline. */
export const statusRank: Record<PresenceStatus, number> = { online: 0, away: 1, offline: 2 };

/**
 * Twelve hues, each with a contrast ratio of at least 4.5:1 against white (WCAG AA for normal
 * text), so a white name label on a cursor or avatar stays readable.
 */
export const USER_COLORS = [
  "#C62828", // red
  "#AD1457", // pink
  "#6A1B9A", // purple
  "#4527A0", // deep purple
  "#283593", // indigo
  "#1565C0", // blue
  "#006C7A", // cyan
  "#00695C", // teal
  "#2E7D32", // green
  "#5D6B00", // olive
  "#8A4B00", // brown-orange
  "#37474F", // blue grey
] as const;

/** 32-bit FNV-1a over UTF-16 units: stable across runtimes, which Math.random and Map order are not. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Name shown for a user with none known (a deleted user, or a cursor before the member list). */
export const UNKNOWN_USER_NAME = "Someone";

/** A user's color: the same id always gives the same entry of USER_COLORS. */
export function colorForUser(userId: string): string {
  return USER_COLORS[fnv1a(userId) % USER_COLORS.length] ?? USER_COLORS[0];
}

/**
 * Up to two initials, upper-cased: first letters of the first and last words ("Ada Lovelace" →
 * "AL", "ada" → "A"). Whole code points, so an emoji name keeps its emoji. "?" for a blank name.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (first === undefined) return "?";
  const initial = (word: string) => (Array.from(word)[0] ?? "").toUpperCase();
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return initial(first) + (last === undefined ? "" : initial(last));
}

/** A typing entry that has not expired, with the typist's display name. */
export type TypingName = { userId: string; name: string; expiresAt: number };

/** Entries still active at `now`, without the viewer's own, in the given order. */
export function activeTypists<T extends TypingName>(
  entries: readonly T[],
  now: number,
  viewerId?: string,
): T[] {
  return entries.filter((entry) => entry.expiresAt > now && entry.userId !== viewerId);
}

/** When a typing update received at `now` stops showing. */
export function typingExpiresAt(now: number): number {
  return now + TYPING_EXPIRY_MS;
}

/**
 * The typing line both apps show, or null when nobody is typing:
 * "Ada is typing…", "Ada and Bo are typing…", "Ada, Bo and Cy are typing…",
 * "4 people are typing…".
 */
export function typingLabel(names: readonly string[]): string | null {
  const [a, b, c] = names;
  if (a === undefined) return null;
  if (b === undefined) return `${a} is typing…`;
  if (c === undefined) return `${a} and ${b} are typing…`;
  if (names.length === 3) return `${a}, ${b} and ${c} are typing…`;
  return `${names.length} people are typing…`;
}

/** A pointer position relative to the room canvas: x and y in [0, 1]. */
export type Point = { x: number; y: number };

/** A pointer sample: the position and when it arrived, on the same clock as `positionAt`'s t. */
export type CursorSample = Point & { at: number };

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
}

/** Linear interpolation from `prev` (t = 0) to `next` (t = 1); t is clamped into [0, 1]. */
export function interpolateCursor(prev: Point, next: Point, t: number): Point {
  const k = clamp01(t);
  return { x: prev.x + (next.x - prev.x) * k, y: prev.y + (next.y - prev.y) * k };
}

export type CursorSmoothingOptions = {
  /**
   * How far behind real time the display runs, so that a next sample has usually arrived to move
   * towards. Default CURSOR_THROTTLE_MS, the interval at which senders emit samples.
   */
  delayMs?: number;
  /**
   * Longest glide between two samples. After an idle pointer moves again, it glides over at
   * most this long instead of crawling across the idle gap. Default 2 × delayMs.
   */
  maxSegmentMs?: number;
};

/**
 * Where to draw a remote pointer at time `t`, given its samples oldest first: the samples are
 * replayed `delayMs` late and interpolated linearly; before the first sample it is the first,
 * after the last it is the last (never extrapolated). Null without samples.
 */
export function smoothedPosition(
  samples: readonly CursorSample[],
  t: number,
  options: CursorSmoothingOptions = {},
): Point | null {
  const delay = options.delayMs ?? CURSOR_THROTTLE_MS;
  const maxSegment = options.maxSegmentMs ?? 2 * delay;
  const target = t - delay;
  const first = samples[0];
  if (first === undefined) return null;
  if (target <= first.at) return { x: first.x, y: first.y };
  for (let i = 1; i < samples.length; i++) {
    const next = samples[i];
    const prev = samples[i - 1];
    if (next === undefined || prev === undefined || target >= next.at) continue;
    const start = Math.max(prev.at, next.at - maxSegment);
    if (target <= start) return { x: prev.x, y: prev.y };
    return interpolateCursor(prev, next, (target - start) / (next.at - start));
  }
  const last = samples[samples.length - 1] ?? first;
  return { x: last.x, y: last.y };
}

/**
 * Keeps the recent samples of one remote pointer and answers `positionAt(t)`. No timers: the
 * caller's animation frame asks for the position; `settledAt` says when it stops moving.
 */
export class CursorSmoother {
  private samples: CursorSample[] = [];

  constructor(
    private readonly options: CursorSmoothingOptions = {},
    /** Samples kept; older ones are no longer needed once the display has passed them. */
    private readonly capacity = 8,
  ) {}

  /** Adds a sample; one older than the latest is ignored (out-of-order delivery). */
  push(sample: CursorSample): void {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && sample.at < last.at) return;
    this.samples.push({ x: sample.x, y: sample.y, at: sample.at });
    if (this.samples.length > this.capacity)
      this.samples.splice(0, this.samples.length - this.capacity);
  }

  positionAt(t: number): Point | null {
    return smoothedPosition(this.samples, t, this.options);
  }

  /** The time from which `positionAt` returns the latest sample, or null without samples. */
  settledAt(): number | null {
    const last = this.samples[this.samples.length - 1];
    return last === undefined ? null : last.at + (this.options.delayMs ?? CURSOR_THROTTLE_MS);
  }

  clear(): void {
    this.samples = [];
  }
}

/** Where a remote pointer's name label sits, so it stays inside the room area. */
export type CursorLabelPlacement = { side: "left" | "right"; vertical: "below" | "above" };

/**
 * The label goes to the pointer's right (below the arrow) in the left half of the area, and to
 * its left in the right half, so a label up to half the area's width is never cut at an edge;
 * in the bottom tenth it goes above the arrow. `x`, `y` are fractions of the area, in [0, 1].
 */
export function cursorLabelPlacement(x: number, y: number): CursorLabelPlacement {
  return { side: x > 0.5 ? "left" : "right", vertical: y > 0.9 ? "above" : "below" };
}
