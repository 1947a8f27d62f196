/**
 * Cold start: from spawning `node bin/local-deployment.mjs start` on a data dir that already holds
 * pushed functions to the first query answered (ConvexHttpClient polling `items:latest` every ms).
 *
 * Baseline: from spawning `node -e` with a bare `http` server to its first answered request
 * (fetch polling the same way). Both: a fresh process per run, median over the runs, one
 * unmeasured warm-up run each (file cache, the orchestrator's fetch).
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { ADMIN_KEY, freePort, now, PKG_DIR, sleep, spawnTracked } from "./harness.js";
import { median, type Row, type Section } from "./stats.js";

const latest = makeFunctionReference<"query", Record<string, never>, unknown>("items:latest");
const BIN = path.join(PKG_DIR, "bin", "local-deployment.mjs");
const GIVE_UP_MS = 30_000;

export interface ColdStartConfig {
  runs: number;
  dataDir: string;
  targetMs: number;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Spawns `args`, polls `probe` until it succeeds; returns ms from spawn to the first success. */
async function timeToFirstAnswer(args: string[], probe: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  const child = spawnTracked(args);
  child.stdout!.resume();
  let lastError: unknown = null;
  try {
    while (now() - t0 < GIVE_UP_MS) {
      if (child.exitCode !== null)
        throw new Error(`${args.join(" ")} exited with ${child.exitCode} before answering`);
      try {
        await probe();
        return now() - t0;
      } catch (e) {
        lastError = e;
        await sleep(1);
      }
    }
    throw new Error(`no answer within ${GIVE_UP_MS} ms: ${String(lastError)}`);
  } finally {
    await stopChild(child);
  }
}

async function deploymentRun(dataDir: string): Promise<number> {
  const [port, sitePort] = [await freePort(), await freePort()];
  const client = new ConvexHttpClient(`http://127.0.0.1:${port}`, {
    logger: false,
    skipConvexDeploymentUrlCheck: true,
  });
  const args = [
    BIN,
    "start",
    "--port",
    String(port),
    "--site-port",
    String(sitePort),
    "--data-dir",
    dataDir,
    "--admin-key",
    ADMIN_KEY,
  ];
  return timeToFirstAnswer(args, () => client.query(latest, {}));
}

async function baselineRun(): Promise<number> {
  const port = await freePort();
  const script = `require("node:http").createServer((q, s) => s.end("ok")).listen(${port}, "127.0.0.1")`;
  return timeToFirstAnswer(["-e", script], async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  });
}

export async function coldStart(config: ColdStartConfig): Promise<Section> {
  await deploymentRun(config.dataDir);
  await baselineRun();
  const deployment: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < config.runs; i++) {
    deployment.push(await deploymentRun(config.dataDir));
    baseline.push(await baselineRun());
  }
  const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
  const row: Row = {
    metric: "cold start to first query",
    unit: "ms",
    value: median(deployment),
    baseline: median(baseline),
    target: { kind: "max", limit: config.targetMs },
    digits: 0,
  };
  return {
    rows: [row],
    notes: [
      `cold start: median of ${config.runs} runs (deployment ${range(deployment)}, baseline ${range(baseline)}); ` +
        `\`node bin/local-deployment.mjs start\` (dist/) on a data dir with the pushed bench functions, polled with ` +
        `ConvexHttpClient; baseline \`node -e\` bare http server polled with fetch.`,
    ],
  };
}
