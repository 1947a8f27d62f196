/**
 * The deployment's own log lines (stderr), with repeats held back: the same line is written at
 * most once per REPEAT_WINDOW_MS; the next time it is written, it says how many copies were
 * dropped. A client that sends a stream of bad frames (garbage tokens, say) costs one line per
 * window, not one per frame.
 */
export const REPEAT_WINDOW_MS = 10_000;
/** Distinct lines remembered; past this the memory is cleared (a repeat is then written again). */
const MAX_REMEMBERED = 1_000;

export class RepeatLimitedLog {
  private readonly seen = new Map<string, { writtenAt: number; dropped: number }>();

  constructor(
    private readonly write: (line: string) => void = (line) => console.error(line),
    private readonly windowMs = REPEAT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes `line` unless the same line was written less than the window ago. */
  log(line: string): void {
    const now = this.now();
    const entry = this.seen.get(line);
    if (entry !== undefined && now - entry.writtenAt < this.windowMs) {
      entry.dropped += 1;
      return;
    }
    const dropped = entry?.dropped ?? 0;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.set(line, { writtenAt: now, dropped: 0 });
    this.write(dropped === 0 ? line : `${line} (and ${dropped} identical lines not shown)`);
  }
}

/** The deployment's log: `[local-deployment] <message>`. */
export const deploymentLog = new RepeatLimitedLog();

/** Logs `message` with the error's stack (or text) under the deployment's prefix. */
export function logError(message: string, error?: unknown): void {
  const detail =
    error === undefined
      ? ""
      : ` ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  deploymentLog.log(`[local-deployment] ${message}${detail}`);
}
