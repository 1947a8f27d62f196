// What a user sent that the server has not stored yet, delivered exactly once, in order.
//
// - An entry is added the moment the user sends, so the UI can clear its input and show the item
//   as "sending" at once; sending again is a new intent, never a resend of the same one.
// - Entries are delivered one at a time, oldest first, each by one `deliver` call. Across
//   reconnects that call is retried by ConvexClient with the same request id, which the
//   deployment runs once (mutation idempotence: convex@1.48 browser/sync/request_manager.ts,
//   backend session_requests). So a message queued offline is stored once.
// - Deliveries stay under the server's rate limit (`perWindow` per RATE_WINDOW_MS, the same
//   sliding window as @rooms/domain `rateLimit`), so a burst waits instead of failing. A
//   RATE_LIMITED refusal stored nothing, so it is delivered again after its `retryAfterMs`.
// - Any other refusal marks the entry "failed" with the message a user sees; `retry` puts it back
//   in the queue, `discard` drops it.
import { ErrorCode, RATE_WINDOW_MS, rateLimit, type RateLimitState } from "@rooms/domain";
import { messageOf, roomsErrorOf } from "./convex";

export interface OutboxEntry<T> {
  /** Stable for the entry's life: `outgoing:<n>`. */
  readonly key: string;
  readonly payload: T;
  /** When the user sent it, ms since the epoch. */
  readonly createdAt: number;
  readonly state: "sending" | "failed";
  /** Why the server refused it (state "failed"), or null. */
  readonly error: string | null;
}

export interface OutboxOptions<T> {
  /** Stores one entry on the server; rejects with the server's error. */
  deliver(payload: T): Promise<unknown>;
  /** Deliveries allowed per RATE_WINDOW_MS: one under the server's limit, for clock skew. */
  perWindow: number;
  /** Called after every change of the entries, with the new list (oldest first). */
  onChange(entries: readonly OutboxEntry<T>[]): void;
  now?: () => number;
}

/** The prefix of every entry's key; no stored document id starts with it. */
export const OUTGOING_KEY_PREFIX = "outgoing:";

export class Outbox<T> {
  private entries: readonly OutboxEntry<T>[] = [];
  private limit: RateLimitState | null = null;
  private pumping = false;
  private disposed = false;
  private counter = 0;
  private wake: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OutboxOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  /** Entries not stored yet, oldest first. */
  list(): readonly OutboxEntry<T>[] {
    return this.entries;
  }

  /** Queues `payload` for delivery; returns its key. */
  add(payload: T): string {
    const key = `${OUTGOING_KEY_PREFIX}${++this.counter}`;
    this.update([
      ...this.entries,
      { key, payload, createdAt: this.now(), state: "sending", error: null },
    ]);
    void this.pump();
    return key;
  }

  /** Queues a failed entry again; false when `key` is not a failed entry. */
  retry(key: string): boolean {
    if (!this.entries.some((entry) => entry.key === key && entry.state === "failed")) return false;
    this.replace(key, { state: "sending", error: null });
    void this.pump();
    return true;
  }

  /** Drops a failed entry; false when `key` is not a failed entry. */
  discard(key: string): boolean {
    if (!this.entries.some((entry) => entry.key === key && entry.state === "failed")) return false;
    this.update(this.entries.filter((entry) => entry.key !== key));
    return true;
  }

  /**
   * Stops delivering. A delivery already handed to the client still completes; entries waiting
   * for their turn are dropped.
   */
  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.wake?.();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const entry = this.entries.find((candidate) => candidate.state === "sending");
        if (this.disposed || entry === undefined) return;
        const gate = rateLimit(this.limit, this.now(), this.options.perWindow, RATE_WINDOW_MS);
        this.limit = gate.state;
        if (!gate.allowed) {
          await this.sleep(gate.retryAfterMs);
          continue;
        }
        try {
          await this.options.deliver(entry.payload);
          this.update(this.entries.filter((candidate) => candidate.key !== entry.key));
        } catch (error) {
          const refusal = roomsErrorOf(error);
          if (refusal?.code === ErrorCode.RATE_LIMITED) {
            await this.sleep(refusal.retryAfterMs ?? RATE_WINDOW_MS);
          } else {
            this.replace(entry.key, { state: "failed", error: messageOf(error) });
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  private replace(key: string, patch: Pick<OutboxEntry<T>, "state" | "error">): void {
    this.update(this.entries.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)));
  }

  private update(entries: readonly OutboxEntry<T>[]): void {
    if (this.disposed) return;
    this.entries = entries;
    this.options.onChange(entries);
  }
}
