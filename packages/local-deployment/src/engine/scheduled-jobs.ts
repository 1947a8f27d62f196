/**
 * Scheduled function documents in the `_scheduled_functions` system table, written inside the
 * scheduling transaction, so a job exists only if the mutation that scheduled it commits
 * (source: convex-protocol.md §h; convex-backend crates/isolate/.../async_syscall.rs schedule).
 *
 * Document: `{name, args: [argsObject], scheduledTime: ms, state: {kind}, completedTime?: ms}`;
 * states go pending → inProgress (actions only) → success | failed {error} | canceled
 * (source: convex@1.48 server/schema.ts _systemSchema).
 */
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Database } from "./database.js";
import type { Doc, Transaction } from "./transaction.js";

export const SCHEDULED_FUNCTIONS = "_scheduled_functions";

/** Jobs more than 5 years away (either way) are refused (source: convex-backend udf/validation.rs). */
const MAX_SCHEDULE_DISTANCE_MS = 5 * 365 * 24 * 3600 * 1000;

export type JobState =
  | { kind: "pending" }
  | { kind: "inProgress" }
  | { kind: "success" }
  | { kind: "failed"; error: string }
  | { kind: "canceled" };

export interface Job {
  _id: string;
  name: string;
  args: Value[];
  scheduledTime: number;
  state: JobState;
  completedTime?: number;
}

export class ScheduleError extends Error {}

/**
 * Inserts a pending job into `tx`. `ts` is unix seconds (float) as the runtime sends it;
 * `argsJson` is the convex-json argument object. Returns the job id.
 */
export function insertJob(
  db: Database,
  tx: Transaction,
  udfPath: string,
  ts: number,
  argsJson: JSONValue,
): string {
  if (typeof ts !== "number" || !Number.isFinite(ts))
    throw new ScheduleError(`Invalid scheduled time ${String(ts)}.`);
  const scheduledTime = ts * 1000;
  if (Math.abs(scheduledTime - Date.now()) > MAX_SCHEDULE_DISTANCE_MS) {
    throw new ScheduleError(
      `${new Date(scheduledTime).toISOString()} is more than 5 years away: scheduled functions must run within 5 years.`,
    );
  }
  const args = jsonToConvex(argsJson) as Value;
  const id = db.insertSystemDocument(tx, SCHEDULED_FUNCTIONS, {
    name: udfPath,
    args: [args],
    scheduledTime,
    state: { kind: "pending" },
  });
  return id;
}

/** Reads a job through `tx` (records the read). Null when `id` is not a job. */
export function readJob(tx: Transaction, id: string): Job | null {
  const table = tx.tableOfId(id);
  if (table?.name !== SCHEDULED_FUNCTIONS) return null;
  return tx.get(id) as unknown as Job | null;
}

/** Moves a job to a new state in `tx`; terminal states stamp `completedTime`. */
export function setJobState(db: Database, tx: Transaction, job: Job, state: JobState): void {
  const table = db.catalog.ensureTable(SCHEDULED_FUNCTIONS);
  const next: Doc = { ...(job as unknown as Doc), state: state as unknown as Value };
  if (state.kind !== "pending" && state.kind !== "inProgress") next.completedTime = Date.now();
  tx.write(table, job._id, next);
}

/**
 * `scheduler.cancel(id)`: a pending or running job becomes canceled; finished jobs are left as
 * they are. A job may cancel itself (below).
 */
export function cancelJob(db: Database, tx: Transaction, id: unknown): void {
  if (typeof id !== "string")
    throw new ScheduleError("scheduler.cancel expects a scheduled function id.");
  const job = readJob(tx, id);
  if (job === null) throw new ScheduleError(`"${id}" is not the id of a scheduled function.`);
  // A job may cancel itself: it ends `canceled` (a mutation's own commit does not mark it
  // `success` then; a running action's end leaves `canceled` alone), as in Convex.
  if (job.state.kind === "pending" || job.state.kind === "inProgress")
    setJobState(db, tx, job, { kind: "canceled" });
}
