// What the client benches share: the deployment in its own process (the compiled CLI), a raw
// `ws` broadcast server for baselines, guest clients, CPU time and load figures.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ConvexClient } from "convex/browser";
import { createAuthSession } from "../src/auth-session";
import { memoryStorage } from "../src/test-support/fake-client";
import { signInAsGuestPolitely } from "../src/test-support/guest";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spawns `node args` and resolves once its stdout matches `ready`, with the first capture group;
 * rejects if it exits first.
 */
export async function spawnUntil(
  name: string,
  args: string[],
  ready: RegExp,
  cwd?: string,
): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
  const match = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = ready.exec(out);
      if (found) resolve(found[1]!);
    });
    child.on("exit", (code) => reject(new Error(`${name} exited (${code}):\n${out}`)));
  });
  return { child, match };
}

/** Starts the compiled deployment CLI on free ports; resolves with its URL once it is ready. */
export async function startDeployment(dataDir: string, adminKey: string) {
  const entry = createRequire(import.meta.url).resolve("@rooms/local-deployment");
  const bin = path.join(path.dirname(entry), "..", "bin", "local-deployment.mjs");
  const args = ["start", "--port", "0", "--site-port", "0", "--data-dir", dataDir];
  // `--profile`: the deployment writes a CPU profile (.cpuprofile) on exit, next to its data.
  const profile = `--cpu-prof-dir=${path.join(path.dirname(dataDir), `${path.basename(dataDir)}-profile`)}`;
  const node = process.argv.includes("--profile") ? ["--cpu-prof", profile] : [];
  const { child, match } = await spawnUntil(
    "deployment",
    [...node, bin, ...args, "--admin-key", adminKey, "--convex-auth"],
    /CONVEX_SELF_HOSTED_URL=(\S+)/,
  );
  return { child, url: match };
}

/** CPU time (user + system, ms) of a process, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export const clock = () => performance.timeOrigin + performance.now();

/** A raw `ws` server that sends every message it gets to every socket (the baseline). */
export async function startBaseline(): Promise<{ child: ChildProcess; url: string }> {
  const script = `import { WebSocketServer } from "ws";
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
wss.on("listening", () => console.log("PORT=" + wss.address().port));
wss.on("connection", (ws) => ws.on("message", (data) => {
  for (const peer of wss.clients) peer.send(data, { binary: false });
}));`;
  const { child, match } = await spawnUntil(
    "baseline",
    ["--input-type=module", "-e", script],
    /PORT=(\d+)/,
    path.join(path.dirname(new URL(import.meta.url).pathname), ".."),
  );
  return { child, url: `ws://127.0.0.1:${match}` };
}

/** A ConvexClient signed in as a new guest (the real auth session). */
export async function join(url: string) {
  const client = new ConvexClient(url, { logger: false });
  const auth = createAuthSession({ client, storage: memoryStorage() });
  await signInAsGuestPolitely(auth);
  if (auth.getSnapshot().status !== "signedIn") throw new Error("guest sign-in failed");
  return client;
}

/** The 1, 5 and 15 minute load averages, for the tables. */
export const loadavg = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" / ");

/**
 * Waits until the 1-minute load average is at most `below`, polling every 2 s, for at most
 * `maxMs`; returns the ms waited. A size measured right after the one before (or after signing
 * in its clients) starts at their load, and the targets are judged at a load of 1.5 at most.
 */
export async function settleLoad(below: number, maxMs: number): Promise<number> {
  const start = Date.now();
  while ((os.loadavg()[0] ?? 0) > below && Date.now() - start < maxMs) await sleep(2_000);
  return Date.now() - start;
}
