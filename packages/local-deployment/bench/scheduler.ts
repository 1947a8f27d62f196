/**
 * Scheduler lag: one mutation (`sched:start`) schedules J jobs with `ctx.scheduler.runAt`, due
 * from 1 s after it runs and then evenly over `spreadMs`; each job is an internal mutation
 * (`sched:record`) that stores its due time and its own start (`Date.now()`, fixed at the start
 * of the execution) in `lags`. Lag = start − due, in whole ms (both are `Date.now()` values).
 *
 * Baseline (same run): a plain Node process (procs/timers.mjs) with one `setTimeout` per job for
 * the same due times; lag = `Date.now()` in the callback − due. It is the floor: an event loop
 * that only runs timers.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference, type FunctionReturnType } from "convex/server";
import { cpuMsOf, Proc, sleep, startDeploymentProc } from "./harness.js";
import { percentile, type Row, type Section } from "./stats.js";

type StartArgs = { run: string; count: number; startInMs: number; spreadMs: number };
const start = makeFunctionReference<"mutation", StartArgs, number>("sched:start");
const lagsOf = makeFunctionReference<
  "query",
  { run: string },
  { i: number; due: number; started: number }[]
>("sched:lags");

export interface SchedulerConfig {
  jobs: number;
  /** Due times are spread evenly over this window. */
  spreadMs: number;
  /** Jobs of an unmeasured warm-up round (same spread). */
  warmupJobs: number;
  dataDir: string;
  deploymentNodeArgs: string[];
  targetP95Ms: number;
}

/** Lead time from the scheduling mutation to the first due job (the scheduling itself is not measured). */
const START_IN_MS = 1000;
/** How long after the last due time the jobs may take to show up before the round is given up. */
const GIVE_UP_MS = 30_000;

interface Round {
  lags: number[];
  missing: number;
  /** Deployment CPU over the round, in % of one core. */
  cpuPercent: number;
  /** Lag of the jobs in order of due time: the mean of the last tenth (a backlog would grow it). */
  tailMeanMs: number;
}

let runNo = 0;

async function deploymentRound(
  server: { proc: Proc; url: string },
  count: number,
  spreadMs: number,
): Promise<Round> {
  const client = new ConvexHttpClient(server.url, {
    logger: false,
    skipConvexDeploymentUrlCheck: true,
  });
  const run = `run-${process.pid}-${++runNo}`;
  const cpu0 = await cpuMsOf(server.proc);
  const t0 = Date.now();
  const first = await client.mutation(start, { run, count, startInMs: START_IN_MS, spreadMs });
  const lastDue = first + spreadMs;
  await sleep(Math.max(0, lastDue - Date.now()) + 100);
  const cpuPercent = (((await cpuMsOf(server.proc)) - cpu0) / (Date.now() - t0)) * 100;
  let rows: FunctionReturnType<typeof lagsOf> = [];
  const deadline = Date.now() + GIVE_UP_MS;
  while (Date.now() < deadline) {
    rows = await client.query(lagsOf, { run });
    if (rows.length >= count) break;
    await sleep(100);
  }
  const ordered = [...rows].sort((a, b) => a.i - b.i);
  const tail = ordered.slice(Math.floor(ordered.length * 0.9)).map((r) => r.started - r.due);
  return {
    lags: rows.map((r) => r.started - r.due),
    missing: count - rows.length,
    cpuPercent,
    tailMeanMs: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
  };
}

async function baselineLags(count: number, spreadMs: number): Promise<number[]> {
  const proc = new Proc("procs/timers.mjs", []);
  try {
    proc.send({ type: "run", count, startInMs: START_IN_MS, spreadMs });
    const { lags } = await proc.next<{ lags: number[] }>("lags", START_IN_MS + spreadMs + 30_000);
    return lags;
  } finally {
    await proc.stop();
  }
}

export async function scheduler(config: SchedulerConfig): Promise<Section> {
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  let round: Round;
  try {
    await deploymentRound(deployment, config.warmupJobs, config.spreadMs);
    round = await deploymentRound(deployment, config.jobs, config.spreadMs);
  } finally {
    await deployment.proc.stop();
  }
  const baseline = await baselineLags(config.jobs, config.spreadMs);
  const row = (p: number, target: Row["target"]): Row => ({
    metric: `scheduler lag p${p} (${config.jobs} jobs)`,
    unit: "ms",
    value: round.missing > 0 ? NaN : percentile(round.lags, p),
    baseline: percentile(baseline, p),
    target,
    digits: 0,
  });
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
  return {
    rows: [
      row(50, { kind: "none" }),
      row(95, { kind: "max", limit: config.targetP95Ms }),
      row(99, { kind: "none" }),
    ],
    notes: [
      `scheduler: one mutation schedules ${config.jobs} \`runAt\` jobs due over ${(config.spreadMs / 1000).toFixed(1)} s ` +
        `(one every ${(config.spreadMs / config.jobs).toFixed(1)} ms); each job is an internal mutation inserting ` +
        `its start (\`Date.now()\`) and due time; lag = start − due in whole ms. Max ${max(round.lags)} ms ` +
        `(baseline ${max(baseline)} ms); mean lag of the last 10% of jobs ${round.tailMeanMs.toFixed(1)} ms; ` +
        `deployment CPU ${round.cpuPercent.toFixed(0)}% of a core over the round` +
        (round.missing > 0 ? `; ${round.missing} JOBS NEVER RAN` : "") +
        `. Baseline: one plain \`setTimeout\` per job in its own Node process.`,
    ],
  };
}
