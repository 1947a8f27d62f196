/**
 * Child process: `count` subscribers: real `ConvexClient`s (from "convex/browser") subscribed
 * with `onUpdate` to `items:latest` ("convex"), raw sync-protocol sockets subscribed to the same
 * query ("sync", diagnostic), or plain `ws` sockets on the baseline server ("ws").
 * argv: mode ("convex" | "sync" | "ws"), url, count.
 *
 * IPC:
 *   → {type: "ready"} once every subscriber has its first value (connected and subscribed)
 *   ← {type: "expect", n} → {type: "armed"}: from now on, record when each subscriber first sees
 *     a value with `n`; → {type: "done", n, times, missing: 0, cpuMs} when all have (times:
 *     monotonic ms, see harness.now, null = not seen; cpuMs: this process's CPU since armed)
 *   ← {type: "report"} → {type: "done", n, times, missing}: what was seen so far (round timeout)
 *   ← {type: "stop"}: closes every subscriber and exits
 */
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import crypto from "node:crypto";
import WebSocket from "ws";

const [mode, url, countArg] = process.argv.slice(2);
const count = Number(countArg);
/** Subscribers are connected in waves of this size so the server's accept backlog never overflows. */
const WAVE = 100;

const now = () => Number(process.hrtime.bigint()) / 1e6;

let expected: number | null = null;
/** The `n` of the current round (kept after the round completes, for late `report`s). */
let round: number | null = null;
let times: (number | null)[] = new Array(count).fill(null);
let seen = 0;
/** CPU time of this process since the round was armed. */
let cpuStart = process.cpuUsage();
const cpuMs = () => {
  const { user, system } = process.cpuUsage(cpuStart);
  return (user + system) / 1000;
};

function onValue(i: number, n: unknown): void {
  if (expected === null || n !== expected || times[i] !== null) return;
  times[i] = now();
  if (++seen === count) {
    process.send!({ type: "done", n: round, times, missing: 0, cpuMs: cpuMs() });
    expected = null;
  }
}

const closers: (() => void | Promise<void>)[] = [];

async function startConvex(): Promise<void> {
  const latest = makeFunctionReference<"query", Record<string, never>, { n: number } | null>(
    "items:latest",
  );
  for (let start = 0; start < count; start += WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + WAVE); i++) {
      const client = new ConvexClient(url!, { logger: false, skipConvexDeploymentUrlCheck: true });
      closers.push(() => client.close());
      wave.push(
        new Promise<void>((resolve) => {
          let first = true;
          client.onUpdate(latest, {}, (doc) => {
            if (first) {
              first = false;
              resolve();
            }
            onValue(i, doc?.n);
          });
        }),
      );
    }
    await Promise.all(wave);
  }
}

/**
 * Raw sync-protocol subscribers: a `ws` socket that sends Connect + ModifyQuerySet like the
 * ConvexClient does and reads `QueryUpdated` values out of Transitions (no client library work),
 * to separate the deployment's share of the fan-out latency from the ConvexClient's.
 */
async function startSync(): Promise<void> {
  const syncUrl = `${url!.replace(/^http/, "ws")}/api/sync`;
  for (let start = 0; start < count; start += WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + WAVE); i++) {
      const ws = new WebSocket(syncUrl);
      closers.push(() => ws.terminate());
      wave.push(
        new Promise<void>((resolve, reject) => {
          let first = true;
          ws.once("error", reject);
          ws.once("open", () => {
            const sessionId = crypto.randomUUID();
            ws.send(
              JSON.stringify({
                type: "Connect",
                sessionId,
                connectionCount: 0,
                lastCloseReason: null,
                clientTs: Date.now(),
              }),
            );
            const add = { type: "Add", queryId: 0, udfPath: "items:latest", args: [{}] };
            ws.send(
              JSON.stringify({
                type: "ModifyQuerySet",
                baseVersion: 0,
                newVersion: 1,
                modifications: [add],
              }),
            );
          });
          ws.on("message", (data) => {
            const msg = JSON.parse(data.toString()) as {
              type: string;
              modifications?: { type: string; value?: { n?: number } | null }[];
            };
            if (msg.type !== "Transition") return;
            for (const mod of msg.modifications ?? []) {
              if (mod.type !== "QueryUpdated") continue;
              if (first) {
                first = false;
                resolve();
              }
              onValue(i, mod.value?.n);
            }
          });
        }),
      );
    }
    await Promise.all(wave);
  }
}

async function startWs(): Promise<void> {
  for (let start = 0; start < count; start += WAVE) {
    const wave: Promise<void>[] = [];
    for (let i = start; i < Math.min(count, start + WAVE); i++) {
      const ws = new WebSocket(`${url}/sub`);
      closers.push(() => ws.terminate());
      wave.push(
        new Promise<void>((resolve, reject) => {
          let first = true;
          ws.once("error", reject);
          ws.on("message", (data) => {
            // Parse like a client library would (the ConvexClient parses every frame too).
            const msg = JSON.parse(data.toString()) as { n: number };
            if (first) {
              first = false;
              resolve();
            }
            onValue(i, msg.n);
          });
        }),
      );
    }
    await Promise.all(wave);
  }
}

process.on("message", (m: { type: string; n?: number }) => {
  if (m.type === "expect") {
    expected = m.n!;
    round = m.n!;
    times = new Array(count).fill(null);
    seen = 0;
    cpuStart = process.cpuUsage();
    process.send!({ type: "armed" });
  } else if (m.type === "report") {
    process.send!({ type: "done", n: round, times, missing: count - seen, cpuMs: cpuMs() });
    expected = null;
  } else if (m.type === "stop") {
    void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  }
});
process.on("disconnect", () => process.exit(0));

await (mode === "convex" ? startConvex() : mode === "sync" ? startSync() : startWs());
process.send!({ type: "ready" });
