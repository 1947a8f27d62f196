/**
 * The scheduler: runs due `_scheduled_functions` jobs and fires `convex/crons.ts` jobs.
 *
 * - Mutations run exactly once: the job's move to `success` commits in the mutation's own
 *   transaction; a failed mutation's job becomes `failed` in a second transaction.
 * - Actions run at most once: the job is committed as `inProgress` before the action starts; an
 *   action interrupted by a restart is marked `failed` on the next start, never re-run.
 * - Crons: each `_cron_jobs` document holds its next run time; firing one inserts a job and moves
 *   `nextTs` forward in one transaction, so a restart can neither skip nor repeat a run (runs
 *   missed while stopped collapse into one).
 * Jobs run without the scheduling caller's identity (source: convex-protocol.md §h).
 *
 * One timer, armed for the earliest pending job or cron, re-armed after commits that touch
 * either system table. Pending jobs and crons are found by scans that start where the live entries
 * start (FloorScan), not at the superseded index entries of every job run so far.
 */
import type { JSONValue } from "convex/values";
import type { Database } from "../engine/database.js";
import { QueryStream, type RangeExpr } from "../engine/query.js";
import type { WriteKeys } from "../engine/read-set.js";
import type { Doc, Transaction } from "../engine/transaction.js";
import { newDocumentId } from "../values/ids.js";
import type { FunctionRunner } from "../runtime/runner.js";
import { nextRun, type CronSchedule } from "./cron-schedule.js";
import { FloorScan } from "./floor-scan.js";
import { insertJob, SCHEDULED_FUNCTIONS, setJobState, type Job } from "../engine/scheduled-jobs.js";

export const CRON_JOBS = "_cron_jobs";
/** setTimeout's maximum delay; longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const BATCH = 64;
/** At most this many jobs started and not yet settled; a settling job makes room and re-arms. */
const MAX_DISPATCHED = 64;

interface CronDoc {
  _id: string;
  name: string;
  udfPath: string;
  args: JSONValue;
  schedule: CronSchedule;
  nextTs: number;
  lastRunTs?: number;
}

/** A `Crons` default export's entries: identifier → `{name, args: [json], schedule}`. */
export type CronSpecs = Record<string, { name: string; args: JSONValue[]; schedule: CronSchedule }>;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private rerun = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Ids of jobs started and not yet settled: still pending in storage, skipped by scans. */
  private readonly dispatched = new Set<string>();
  private readonly pending: FloorScan;
  private readonly nextCrons: FloorScan;

  constructor(
    private readonly db: Database,
    private readonly runner: FunctionRunner,
  ) {
    const pending = [{ type: "Eq" as const, fieldPath: "state.kind", value: "pending" }];
    this.pending = new FloorScan(db, SCHEDULED_FUNCTIONS, "by_next_ts", pending);
    this.nextCrons = new FloorScan(db, CRON_JOBS, "by_next_ts", []);
  }

  /** Marks actions interrupted by a restart as failed, then arms the timer. */
  async start(): Promise<void> {
    await this.runner.runSystemMutation((tx) => {
      for (const job of this.jobs(tx, "inProgress", Infinity, Infinity)) {
        setJobState(this.db, tx, job, {
          kind: "failed",
          error: "Transient error while executing action: the deployment restarted.",
        });
      }
    });
    this.arm();
  }

  /** Called after every durable commit. */
  onCommit(writes: WriteKeys | "all"): void {
    if (this.closed) return;
    this.pending.onCommit(writes);
    this.nextCrons.onCommit(writes);
    if (writes !== "all") {
      const watched = [SCHEDULED_FUNCTIONS, CRON_JOBS].map(
        (t) => this.db.catalog.table(t)?.indexes.get("by_id")?.id,
      );
      if (!watched.some((id) => id !== undefined && writes.has(id))) return;
    }
    this.arm();
  }

  /** Replaces the cron jobs with `specs` (on push), keeping the next run of unchanged ones. */
  async syncCrons(specs: CronSpecs): Promise<void> {
    await this.runner.runSystemMutation((tx) => {
      const table = this.db.catalog.ensureTable(CRON_JOBS);
      const existing = new Map(this.crons(tx, Infinity).map((c) => [c.name, c]));
      const now = Date.now();
      for (const [name, spec] of Object.entries(specs)) {
        const old = existing.get(name);
        existing.delete(name);
        const args = spec.args[0] ?? {};
        if (
          old &&
          JSON.stringify([old.udfPath, old.args, old.schedule]) ===
            JSON.stringify([spec.name, args, spec.schedule])
        )
          continue;
        const id = old?._id ?? newDocumentId(table.number);
        const doc: Doc = {
          _id: id,
          _creationTime:
            (old as unknown as Doc | undefined)?._creationTime ?? this.db.nextCreationTime(),
          name,
          udfPath: spec.name,
          args: args as Doc[string],
          schedule: spec.schedule as unknown as Doc[string],
          nextTs: nextRun(spec.schedule, name, now),
        };
        tx.write(table, id, doc);
      }
      for (const stale of existing.values()) tx.write(table, stale._id, null);
    });
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }

  /** Waits for started jobs and running actions (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private arm(): void {
    if (this.closed) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    const next = Math.min(
      this.dispatched.size >= MAX_DISPATCHED
        ? Infinity
        : (this.undispatched(Infinity, 1)[0]?.scheduledTime ?? Infinity),
      this.nextCron()?.nextTs ?? Infinity,
    );
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (next === Infinity) return;
    this.timer = setTimeout(
      () => void this.run(),
      Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())),
    );
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = null;
    this.running = true;
    try {
      for (;;) {
        const now = Date.now();
        await this.fireCrons(now);
        const room = MAX_DISPATCHED - this.dispatched.size;
        const due = room > 0 ? this.undispatched(now, Math.min(BATCH, room)) : [];
        if (due.length === 0) break;
        for (const job of due) this.dispatch(job);
      }
    } catch (e) {
      console.error("[local-deployment] scheduler error:", e);
    } finally {
      this.running = false;
      this.rerun = false;
      this.arm();
    }
  }

  /**
   * Starts a job without waiting for its commit to become durable: jobs that fall due meanwhile
   * start while that fsync runs and share the next one (group commit), so lag does not pile up
   * behind slow fsyncs. Until it settles the job is still pending in storage, and scans skip it;
   * its own transaction checks that it is still pending, so it runs at most once.
   */
  private dispatch(job: Job): void {
    this.dispatched.add(job._id);
    const run = this.execute(job)
      .catch((e: unknown) => console.error("[local-deployment] scheduler error:", e))
      .finally(() => {
        const wasFull = this.dispatched.size >= MAX_DISPATCHED;
        this.dispatched.delete(job._id);
        if (wasFull) this.arm();
      });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async fireCrons(now: number): Promise<void> {
    if ((this.nextCron()?.nextTs ?? Infinity) > now) return;
    await this.runner.runSystemMutation((tx) => {
      const table = this.db.catalog.ensureTable(CRON_JOBS);
      for (const cron of this.crons(tx, Infinity)) {
        if (cron.nextTs > now) break;
        insertJob(this.db, tx, cron.udfPath, now / 1000, cron.args);
        tx.write(table, cron._id, {
          ...(cron as unknown as Doc),
          lastRunTs: now,
          nextTs: nextRun(cron.schedule, cron.name, now),
        });
      }
    });
  }

  private async execute(job: Job): Promise<void> {
    const kind = this.runner.kindOf(job.name, { identity: null, isAdmin: true });
    if (kind === "mutation") {
      await this.runner.runMutation(job.name, job.args as JSONValue[], {
        identity: null,
        isAdmin: true,
        jobId: job._id,
      });
      return;
    }
    if (kind !== "action") {
      await this.runner.runSystemMutation((tx) => {
        const current = tx.get(job._id) as unknown as Job | null;
        if (current?.state.kind !== "pending") return;
        const error =
          kind === null
            ? `Could not find function for '${job.name}'.`
            : `'${job.name}' is a query: only mutations and actions can be scheduled.`;
        setJobState(this.db, tx, current, { kind: "failed", error });
      });
      return;
    }
    const started = await this.runner.runSystemMutation((tx) => {
      const current = tx.get(job._id) as unknown as Job | null;
      if (current?.state.kind !== "pending") return false;
      setJobState(this.db, tx, current, { kind: "inProgress" });
      return true;
    });
    if (!started) return;
    const run = (async () => {
      const outcome = await this.runner.runAction(job.name, job.args as JSONValue[], {
        identity: null,
        isAdmin: true,
        jobId: job._id,
      });
      await this.runner.runSystemMutation((tx) => {
        const current = tx.get(job._id) as unknown as Job | null;
        if (current?.state.kind !== "inProgress") return; // canceled while running
        setJobState(
          this.db,
          tx,
          current,
          outcome.ok ? { kind: "success" } : { kind: "failed", error: outcome.message },
        );
      });
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /**
   * Pending jobs with `scheduledTime <= until` at the latest durable commit, earliest first,
   * without the jobs started and not yet settled (those are not even loaded).
   */
  private undispatched(until: number, limit: number): Job[] {
    const upper =
      until === Infinity
        ? null
        : ({ type: "Lte", fieldPath: "scheduledTime", value: until } as const);
    const started = this.dispatched;
    return this.pending.scan(
      upper,
      limit,
      (id) => started.has(id),
      started.size,
    ) as unknown as Job[];
  }

  /** The cron due first, at the latest durable commit. */
  private nextCron(): CronDoc | undefined {
    return this.nextCrons.scan(null, 1)[0] as unknown as CronDoc | undefined;
  }

  /** Jobs in `state` with `scheduledTime <= until`, earliest first, at most `limit`. */
  private jobs(tx: Transaction, state: Job["state"]["kind"], until: number, limit: number): Job[] {
    this.db.catalog.ensureTable(SCHEDULED_FUNCTIONS);
    const range: RangeExpr[] = [{ type: "Eq", fieldPath: "state.kind", value: state }];
    if (until !== Infinity) range.push({ type: "Lte", fieldPath: "scheduledTime", value: until });
    return collect(tx, `${SCHEDULED_FUNCTIONS}.by_next_ts`, range, limit) as unknown as Job[];
  }

  private crons(tx: Transaction, limit: number): CronDoc[] {
    this.db.catalog.ensureTable(CRON_JOBS);
    return collect(tx, `${CRON_JOBS}.by_next_ts`, [], limit) as unknown as CronDoc[];
  }
}

function collect(tx: Transaction, indexName: string, range: RangeExpr[], limit: number): Doc[] {
  const stream = new QueryStream(tx, {
    source: { type: "IndexRange", indexName, range, order: "asc" },
    operators: limit === Infinity ? [] : [{ limit }],
  });
  const out: Doc[] = [];
  for (let doc = stream.next(); doc !== null; doc = stream.next()) out.push(doc);
  return out;
}
