/**
 * Memory: RSS of the server process per idle subscribed socket. A fresh server process is warmed
 * up (a few subscribers come and go), then RSS is taken after full GCs (--expose-gc), N
 * subscribers connect from client processes (each subscribed and holding its first value), they
 * sit idle for a moment, and RSS is taken again: (after − before) / N.
 *
 * Deployment: N ConvexClients subscribed to `items:latest`. Baseline: a plain `ws` server with N
 * idle sockets that each received one payload of the Transition's size.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { sampleTransitionBytes } from "./fanout.js";
import {
  memoryOf,
  Proc,
  sleep,
  startDeploymentProc,
  startWsServerProc,
  type Memory,
} from "./harness.js";
import type { Row, Section } from "./stats.js";

const latest = makeFunctionReference<"query", Record<string, never>, unknown>("items:latest");

export interface MemoryConfig {
  sockets: number;
  idleMs: number;
  dataDir: string;
  deploymentNodeArgs: string[];
  targetKb: number;
}

async function subscribers(mode: "convex" | "ws", url: string, count: number): Promise<Proc[]> {
  const workers = count >= 100 ? 2 : 1;
  const procs = Array.from(
    { length: workers },
    (_, i) =>
      new Proc("procs/clients.ts", [
        mode,
        url,
        String(Math.floor(count / workers) + (i < count % workers ? 1 : 0)),
      ]),
  );
  await Promise.all(procs.map((p) => p.next("ready", 180_000)));
  return procs;
}

async function perSocket(
  server: Proc,
  mode: "convex" | "ws",
  url: string,
  config: MemoryConfig,
): Promise<{ before: Memory; after: Memory }> {
  // Warm-up: code paths, JIT, first allocations of per-connection structures.
  for (const p of await subscribers(mode, url, 20)) await p.stop();
  await sleep(300);
  const before = await memoryOf(server);
  const procs = await subscribers(mode, url, config.sockets);
  try {
    await sleep(config.idleMs);
    const after = await memoryOf(server);
    return { before, after };
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

const kb = (bytes: number) => bytes / 1024;

export async function memory(config: MemoryConfig): Promise<Section> {
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  let convex: { before: Memory; after: Memory };
  let payloadBytes: number;
  try {
    const value = await new ConvexHttpClient(deployment.url, {
      logger: false,
      skipConvexDeploymentUrlCheck: true,
    }).query(latest, {});
    payloadBytes = sampleTransitionBytes(value);
    convex = await perSocket(deployment.proc, "convex", deployment.url, config);
  } finally {
    await deployment.proc.stop();
  }
  const server = await startWsServerProc(payloadBytes);
  let base: { before: Memory; after: Memory };
  try {
    base = await perSocket(server.proc, "ws", server.url, config);
  } finally {
    await server.proc.stop();
  }
  const n = config.sockets;
  const per = (m: { before: Memory; after: Memory }, key: keyof Memory) =>
    kb(m.after[key] - m.before[key]) / n;
  const row: Row = {
    metric: `memory per idle socket (N=${n})`,
    unit: "KB",
    value: per(convex, "rss"),
    baseline: per(base, "rss"),
    target: { kind: "max", limit: config.targetKb },
    digits: 1,
  };
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return {
    rows: [row],
    notes: [
      `memory: server RSS after full GCs, before → after ${n} subscribers (from 2 client processes) + ${config.idleMs} ms idle: ` +
        `deployment ${mb(convex.before.rss)} → ${mb(convex.after.rss)} (JS heap +${per(convex, "heapUsed").toFixed(1)} KB/socket), ` +
        `ws baseline ${mb(base.before.rss)} → ${mb(base.after.rss)} (JS heap +${per(base, "heapUsed").toFixed(1)} KB/socket).`,
    ],
  };
}
