/**
 * Next run times of `convex/crons.ts` schedules (source: convex@1.48 server/cron.ts):
 * `{type:"interval", seconds|minutes|hours}`, `{type:"hourly", minuteUTC}`,
 * `{type:"daily", hourUTC, minuteUTC}`, `{type:"weekly", dayOfWeek, hourUTC, minuteUTC}`,
 * `{type:"monthly", day, hourUTC, minuteUTC}` and `{type:"cron", cron}` (5-field, UTC).
 * Calendar schedules are turned into cron expressions and evaluated with `cron-parser`.
 * Intervals run at `previous run + interval`, the first one an interval after registration.
 */
import { CronExpressionParser } from "cron-parser";

export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Interval length in ms, or null for calendar schedules. Throws on a malformed interval. */
export function intervalMs(schedule: CronSchedule): number | null {
  if (schedule.type !== "interval") return null;
  const ms =
    (schedule.seconds ?? 0) * 1000 +
    (schedule.minutes ?? 0) * 60_000 +
    (schedule.hours ?? 0) * 3_600_000;
  if (!(ms > 0))
    throw new Error(`Invalid interval schedule ${JSON.stringify(schedule)}: it must be positive.`);
  return ms;
}

/**
 * The cron expression of a calendar schedule. When `minuteUTC` is left out Convex spreads jobs
 * over the hour; here the minute is derived from the job's identifier so it is stable.
 */
export function cronExpression(
  schedule: Exclude<CronSchedule, { type: "interval" }>,
  identifier: string,
): string {
  const minute =
    "minuteUTC" in schedule && schedule.minuteUTC !== undefined
      ? schedule.minuteUTC
      : stableMinute(identifier);
  switch (schedule.type) {
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${schedule.hourUTC} * * *`;
    case "weekly": {
      const day = DAYS.indexOf(schedule.dayOfWeek.toLowerCase());
      if (day < 0) throw new Error(`Invalid dayOfWeek "${schedule.dayOfWeek}" in a weekly cron.`);
      return `${minute} ${schedule.hourUTC} * * ${day}`;
    }
    case "monthly":
      return `${minute} ${schedule.hourUTC} ${schedule.day} * *`;
    case "cron":
      return schedule.cron;
  }
}

function stableMinute(identifier: string): number {
  let h = 0;
  for (const c of identifier) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % 60;
}

/** The first run strictly after `afterMs` (ms since the epoch). Throws on an invalid cron string. */
export function nextRun(schedule: CronSchedule, identifier: string, afterMs: number): number {
  const interval = intervalMs(schedule);
  if (interval !== null) return afterMs + interval;
  const expression = cronExpression(
    schedule as Exclude<CronSchedule, { type: "interval" }>,
    identifier,
  );
  const parsed = CronExpressionParser.parse(expression, {
    currentDate: new Date(afterMs),
    tz: "UTC",
  });
  return parsed.next().getTime();
}
