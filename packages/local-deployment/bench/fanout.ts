/**
 * Fan-out: N subscribers of one query, one write from a separate client, latency from the write
 * call to each subscriber seeing the new value.
 *
 * Deployment: one process (procs/deployment.mjs); N ConvexClients subscribed to `items:latest`
 * spread over W client processes (procs/clients.ts); the writer is a separate ConvexClient in
 * this (orchestrator) process calling `items:insert`. t0 = just before `mutation()`, t1 = each
 * `onUpdate` callback that sees the inserted `n`.
 *
 * Baseline: the same layout with a plain `ws` server process (procs/ws-server.mjs) and N plain
 * `ws` sockets spread over the same W client processes; a trigger socket in this process sends
 * `{n}` and the server broadcasts a payload of the Transition's size. t0 = just before the
 * trigger's `send()`, t1 = each socket's `message` (after JSON.parse).
 *
 * Each deployment measurement (ConvexClients, then raw protocol clients) has its own baseline,
 * measured in rounds alternating with it (`measurePair`).
 */
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import WebSocket from "ws";
import { cpuMsOf, now, Proc, sleep, startDeploymentProc, startWsServerProc } from "./harness.js";
import { percentile, type Row, type Section } from "./stats.js";

const latest = makeFunctionReference<
  "query",
  Record<string, never>,
  Record<string, unknown> | null
>("items:latest");
const insert = makeFunctionReference<"mutation", { n: number }, null>("items:insert");

export interface FanoutConfig {
  sizes: number[];
  rounds: (n: number) => number;
  warmupRounds: number;
  /** Idle time between rounds. */
  gapMs: number;
  roundTimeoutMs: number;
  dataDir: string;
  /** Extra node flags for the deployment process (--cpu-prof …). */
  deploymentNodeArgs: string[];
}

/** Client processes for N subscribers: one for a single client, else two (2 cores here). */
function workerCounts(n: number): number[] {
  const workers = n >= 100 ? 2 : 1;
  return Array.from(
    { length: workers },
    (_, i) => Math.floor(n / workers) + (i < n % workers ? 1 : 0),
  );
}

let nextN = 1_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;

interface Measured {
  latencies: number[];
  missed: number;
  setupMs: number;
  /** Mean CPU per measured round: the server process, and all client processes together. */
  serverCpuMs: number;
  clientCpuMs: number;
}

interface Done {
  n: number;
  times: (number | null)[];
  missing: number;
  cpuMs: number;
}

async function nextDone(proc: Proc, n: number, deadline: number): Promise<Done> {
  for (;;) {
    const m = await proc.next<Done>("done", Math.max(1, deadline - Date.now()));
    if (m.n === n) return m;
  }
}

type Fire = (n: number) => { t0: number; settled: Promise<unknown> };

/** N subscribers in `mode` on `server`, spread over client processes, ready for rounds. */
interface Group {
  server: { proc: Proc; url: string };
  procs: Proc[];
  fire: Fire;
  measured: Measured;
}

async function openGroup(
  mode: "convex" | "sync" | "ws",
  server: { proc: Proc; url: string },
  n: number,
  fire: Fire,
): Promise<Group> {
  const setupStart = now();
  const procs = workerCounts(n).map(
    (count) => new Proc("procs/clients.ts", [mode, server.url, String(count)]),
  );
  await Promise.all(procs.map((p) => p.next("ready", 180_000)));
  const measured = {
    latencies: [],
    missed: 0,
    setupMs: now() - setupStart,
    serverCpuMs: 0,
    clientCpuMs: 0,
  };
  return { server, procs, fire, measured };
}

/** One round on `group`: arm its subscribers, fire one write, wait for every delivery. */
async function round(group: Group, config: FanoutConfig, counted: boolean): Promise<void> {
  const { procs, server, measured } = group;
  const value = nextN++;
  for (const p of procs) p.send({ type: "expect", n: value });
  await Promise.all(procs.map((p) => p.next("armed")));
  const cpu0 = await cpuMsOf(server.proc);
  const { t0, settled } = group.fire(value);
  const deadline = Date.now() + config.roundTimeoutMs;
  const results = await Promise.all(
    procs.map(async (p) => {
      try {
        return await nextDone(p, value, deadline);
      } catch {
        p.send({ type: "report" });
        return nextDone(p, value, Date.now() + 10_000);
      }
    }),
  );
  await settled;
  const cpu1 = await cpuMsOf(server.proc);
  if (!counted) return;
  measured.serverCpuMs += cpu1 - cpu0;
  for (const { times, missing, cpuMs } of results) {
    measured.missed += missing;
    measured.clientCpuMs += cpuMs;
    for (const t of times) if (t !== null) measured.latencies.push(t - t0);
  }
}

/**
 * Runs the deployment's subscribers and the baseline's round by round, alternating which goes
 * first, so that both see the same machine: on this VM a ws baseline measured a minute apart
 * moved by half (20 vs 31 ms p95 at N=1000). The deployment's sockets sit idle during the
 * baseline's rounds and the other way round. CPU figures are per counted round.
 */
async function measurePair(
  deployment: Group,
  baseline: Group,
  n: number,
  config: FanoutConfig,
): Promise<[Measured, Measured]> {
  const total = config.warmupRounds + config.rounds(n);
  for (let r = 0; r < total; r++) {
    const counted = r >= config.warmupRounds;
    const order = r % 2 === 0 ? [deployment, baseline] : [baseline, deployment];
    for (const group of order) {
      await round(group, config, counted);
      await sleep(config.gapMs);
    }
  }
  const rounds = config.rounds(n);
  for (const { measured } of [deployment, baseline]) {
    measured.serverCpuMs /= rounds;
    measured.clientCpuMs /= rounds;
  }
  return [deployment.measured, baseline.measured];
}

async function closeGroup(group: Group | null): Promise<void> {
  if (group !== null) await Promise.all(group.procs.map((p) => p.stop()));
}

/** `mode` against the ws baseline, each with N subscribers, interleaved (see measurePair). */
async function measureAgainstBaseline(
  mode: "convex" | "sync",
  deployment: { proc: Proc; url: string },
  server: { proc: Proc; url: string },
  n: number,
  config: FanoutConfig,
  fires: { deployment: Fire; ws: Fire },
): Promise<[Measured, Measured]> {
  let ours: Group | null = null;
  let base: Group | null = null;
  try {
    ours = await openGroup(mode, deployment, n, fires.deployment);
    base = await openGroup("ws", server, n, fires.ws);
    return await measurePair(ours, base, n, config);
  } finally {
    await Promise.all([closeGroup(ours), closeGroup(base)]);
  }
}

/** The Transition a subscriber receives for `value`, to size the baseline payload the same. */
export function sampleTransitionBytes(value: unknown): number {
  const version = { querySet: 1, identity: 0, ts: "AAAAAAAAAAA=" };
  return JSON.stringify({
    type: "Transition",
    startVersion: version,
    endVersion: version,
    modifications: [{ type: "QueryUpdated", queryId: 0, value, logLines: [], journal: null }],
    clientClockSkew: -1,
    serverTs: Date.now() * 1_000_000,
  }).length;
}

export async function fanout(config: FanoutConfig): Promise<Section> {
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  const writer = new ConvexClient(deployment.url, {
    logger: false,
    skipConvexDeploymentUrlCheck: true,
  });
  let server: Awaited<ReturnType<typeof startWsServerProc>> | null = null;
  let trigger: WebSocket | null = null;
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    await writer.mutation(insert, { n: nextN++ });
    const value = await writer.query(latest, {});
    const payloadBytes = sampleTransitionBytes(value);
    server = await startWsServerProc(payloadBytes);
    const t = new WebSocket(`${server.url}/trigger`);
    trigger = t;
    await new Promise((resolve, reject) => {
      t.once("open", resolve);
      t.once("error", reject);
    });

    const fireConvex = (value: number) => {
      const t0 = now();
      return { t0, settled: writer.mutation(insert, { n: value }) };
    };
    const fireWs = (value: number) => {
      const t0 = now();
      t.send(JSON.stringify({ n: value }));
      return { t0, settled: Promise.resolve() };
    };

    for (const n of config.sizes) {
      const fires = { deployment: fireConvex, ws: fireWs };
      const [convex, base] = await measureAgainstBaseline(
        "convex",
        deployment,
        server,
        n,
        config,
        fires,
      );
      const [raw, rawBase] = await measureAgainstBaseline(
        "sync",
        deployment,
        server,
        n,
        config,
        fires,
      );
      for (const p of [50, 95, 99]) {
        rows.push({
          metric: `fan-out N=${n} p${p}`,
          unit: "ms",
          value: percentile(convex.latencies, p),
          baseline: percentile(base.latencies, p),
          target: p === 95 && n >= 100 ? { kind: "ratio-max", limit: 1.5 } : { kind: "none" },
        });
      }
      rows.push({
        metric: `  (raw protocol clients) N=${n} p95`,
        unit: "ms",
        value: percentile(raw.latencies, 95),
        baseline: percentile(rawBase.latencies, 95),
        // Issue 11's target: the deployment's own share, without ConvexClient's cost per message.
        target: n >= 1000 ? { kind: "ratio-max", limit: 1.2 } : { kind: "none" },
      });
      const rounds = config.rounds(n);
      notes.push(
        `fan-out N=${n}: ${rounds} rounds (+${config.warmupRounds} warm-up) × ${n} clients in ${workerCounts(n).length} client process(es); ` +
          `${convex.latencies.length} / ${base.latencies.length} samples (deployment / baseline)` +
          (convex.missed + base.missed + raw.missed + rawBase.missed > 0
            ? `; MISSED deliveries: ${convex.missed} / ${base.missed} (raw protocol ${raw.missed} / ${rawBase.missed})`
            : "") +
          `; CPU per round: deployment ${convex.serverCpuMs.toFixed(1)} ms + ConvexClient processes ${convex.clientCpuMs.toFixed(1)} ms ` +
          `(with raw protocol clients: deployment ${raw.serverCpuMs.toFixed(1)} ms + clients ${raw.clientCpuMs.toFixed(1)} ms) ` +
          `vs ws server ${base.serverCpuMs.toFixed(1)} ms + ws client processes ${base.clientCpuMs.toFixed(1)} ms` +
          `; subscribe setup ${(convex.setupMs / 1000).toFixed(1)} s / ${(base.setupMs / 1000).toFixed(1)} s`,
      );
    }
    notes.unshift(
      `fan-out setup: deployment (dist/) and baseline ws server each in their own process; subscribers in client ` +
        `processes (1 for N=1, 2 for N≥100); writer/trigger in the orchestrator. Latency = monotonic clock from the ` +
        `mutation() call (baseline: trigger send) to each subscriber's callback seeing the new value. ` +
        `Baseline payload ${payloadBytes} B = size of the Transition the deployment sends.`,
    );
    return { rows, notes };
  } finally {
    trigger?.terminate();
    await writer.close();
    await server?.proc.stop();
    await deployment.proc.stop();
  }
}
