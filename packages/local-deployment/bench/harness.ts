/**
 * Process and temp-dir plumbing shared by the benchmarks: every child process and temp dir goes
 * through here so `cleanup()` (run at the end, on errors, on Ctrl-C and by the watchdog) can stop
 * and remove them.
 *
 * Child processes talk to the orchestrator over the IPC channel (`fork`). The server processes
 * (deployment, baseline ws server) are plain .mjs so they run without the tsx loader, as in
 * production; the client processes are TypeScript run with `node --import tsx`. Clock: `now()` is CLOCK_MONOTONIC in ms (process.hrtime), which
 * is one clock for every process on the machine, so timestamps taken in different processes can
 * be subtracted.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PKG_DIR = fileURLToPath(new URL("..", import.meta.url));
export const BENCH_DIR = path.join(PKG_DIR, "bench");
export const PROJECT_DIR = path.join(BENCH_DIR, "project");
export const ADMIN_KEY = "bench-admin-key";

/** Monotonic milliseconds, comparable across processes on this machine. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rooms-bench-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Spawns a plain node process (`node -e`, the CLI bin, the convex CLI); stdout is piped. */
export function spawnTracked(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stderr?: "pipe" | "inherit" } = {},
): ChildProcess {
  return track(
    spawn(process.execPath, args, {
      cwd: options.cwd ?? PKG_DIR,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", options.stderr ?? "inherit"],
    }),
  );
}

/** A child process with an IPC channel: `.ts` files run with the tsx loader, `.mjs` files without. */
export class Proc {
  readonly child: ChildProcess;
  private readonly inbox: unknown[] = [];
  private readonly waiting: { match: (m: unknown) => boolean; resolve: (m: unknown) => void }[] =
    [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    args: string[],
    nodeArgs: string[] = [],
  ) {
    const file = name;
    this.child = track(
      fork(path.join(BENCH_DIR, file), args, {
        cwd: PKG_DIR,
        execArgv: [...(file.endsWith(".ts") ? ["--import", "tsx"] : []), ...nodeArgs],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "json",
      }),
    );
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.child.on("message", (m) => {
      const i = this.waiting.findIndex((w) => w.match(m));
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(m);
      else this.inbox.push(m);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  send(message: object): void {
    if (this.child.connected) this.child.send(message);
  }

  /** The next message with `type` (queued ones first); rejects after `timeoutMs` or if the process exits. */
  next<T = Record<string, unknown>>(type: string, timeoutMs = 60_000): Promise<T> {
    const match = (m: unknown) =>
      m !== null && typeof m === "object" && (m as { type?: unknown }).type === type;
    const i = this.inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: unknown) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for "${type}" from ${this.name}`),
        );
      }, timeoutMs);
      this.waiting.push(waiter);
      void this.exited.then((code) => {
        if (this.waiting.includes(waiter)) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          clearTimeout(timer);
          reject(new Error(`${this.name} exited (code ${code}) while waiting for "${type}"`));
        }
      });
    });
  }

  /** Sends `{type: "stop"}` and waits for exit; kills it after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: "stop" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The deployment under test (compiled dist/) in its own process; see procs/deployment.mjs. */
export async function startDeploymentProc(
  dataDir: string,
  nodeArgs: string[] = [],
): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc("procs/deployment.mjs", [dataDir, ADMIN_KEY], ["--expose-gc", ...nodeArgs]);
  const ready = await proc.next<{ url: string }>("ready", 60_000);
  return { proc, url: ready.url };
}

/** The baseline plain `ws` server in its own process; see procs/ws-server.mjs. */
export async function startWsServerProc(
  payloadBytes: number,
): Promise<{ proc: Proc; url: string }> {
  const proc = new Proc("procs/ws-server.mjs", [String(payloadBytes)], ["--expose-gc"]);
  const ready = await proc.next<{ url: string }>("ready", 60_000);
  return { proc, url: ready.url };
}

export interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** RSS etc. of a server process after a full GC there. */
export async function memoryOf(proc: Proc): Promise<Memory> {
  proc.send({ type: "mem" });
  return proc.next<Memory & { type: string }>("mem");
}

/** CPU time (user + system, ms) a server process has used so far. */
export async function cpuMsOf(proc: Proc): Promise<number> {
  proc.send({ type: "cpu" });
  const { user, system } = await proc.next<{ user: number; system: number }>("cpu");
  return (user + system) / 1000;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Stops every child process (SIGTERM, then SIGKILL) and removes every temp dir. */
export async function cleanup(): Promise<void> {
  const live = [...children];
  for (const child of live) child.kill("SIGTERM");
  const deadline = Date.now() + 3000;
  while (children.size > 0 && Date.now() < deadline) await sleep(20);
  for (const child of children) child.kill("SIGKILL");
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** Last-resort synchronous cleanup (process `exit` handler). */
export function cleanupSync(): void {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of [...tempDirs]) fs.rmSync(dir, { recursive: true, force: true });
}
