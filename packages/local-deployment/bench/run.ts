/**
 * `pnpm bench` — the local deployment's benchmark (not part of the tests).
 *
 *   node --import tsx bench/run.ts [--quick] [--profile]
 *     [--only=coldstart,memory,fanout,throughput,scheduler,auth,files]
 *
 * Measures fan-out latency, durable insert throughput, cold start, memory per subscribed socket,
 * scheduler lag, Authenticate latency and file upload/download throughput, each against a
 * baseline measured in the same run, and prints one table. `--quick` is a
 * smaller run; `--profile` runs the deployment processes with `--cpu-prof` and prints their hot
 * functions. Every child process and temp dir is cleaned up, also on errors, Ctrl-C and the
 * watchdog (the whole run is bounded in time).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { auth, authKeys } from "./auth.js";
import { coldStart } from "./coldstart.js";
import { fanout } from "./fanout.js";
import { files } from "./files.js";
import { cleanup, cleanupSync } from "./harness.js";
import { memory } from "./memory.js";
import { summarize } from "./profile.js";
import { scheduler } from "./scheduler.js";
import { ensureBuild, pushedDataDir } from "./setup.js";
import { formatTable, verdict, type Row, type Section } from "./stats.js";
import { throughput } from "./throughput.js";

const SECTIONS = [
  "coldstart",
  "memory",
  "fanout",
  "throughput",
  "scheduler",
  "auth",
  "files",
] as const;
type SectionName = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const quick = values.quick!;
const only = new Set((values.only?.split(",") ?? SECTIONS) as SectionName[]);
for (const name of only)
  if (!SECTIONS.includes(name))
    throw new Error(`--only: unknown section "${name}" (${SECTIONS.join(", ")})`);

const WATCHDOG_MS = quick ? 6 * 60_000 : 15 * 60_000;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

process.on("exit", cleanupSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
setTimeout(() => {
  log(
    `watchdog: still running after ${WATCHDOG_MS / 60_000} min; killing child processes and exiting`,
  );
  cleanupSync();
  process.exit(1);
}, WATCHDOG_MS).unref();

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");
const loadAtStart = load();

async function main(): Promise<void> {
  const started = Date.now();
  log(`machine: ${machine()}`);
  log(`mode: ${quick ? "quick" : "full"}; sections: ${[...only].join(", ")}`);
  log(await ensureBuild());
  log("pushing bench/project/convex with `convex dev --once` …");
  const keys = await authKeys();
  const dataDir = await pushedDataDir(keys.env);
  const profileDir = values.profile
    ? fs.mkdtempSync(path.join(os.tmpdir(), "rooms-bench-profiles-"))
    : null;
  const profileArgs = (section: string): string[] => {
    if (profileDir === null) return [];
    fs.mkdirSync(path.join(profileDir, section), { recursive: true });
    return ["--cpu-prof", `--cpu-prof-dir=${path.join(profileDir, section)}`];
  };

  const sections: Section[] = [];
  const runSection = async (name: SectionName, run: () => Promise<Section>) => {
    if (!only.has(name)) return;
    log(`${name} …`);
    const t0 = Date.now();
    sections.push(await run());
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (profileDir !== null && fs.existsSync(path.join(profileDir, name))) {
      for (const file of fs.readdirSync(path.join(profileDir, name)))
        log(summarize(path.join(profileDir, name, file)).join("\n"));
    }
  };

  await runSection("coldstart", () => coldStart({ runs: quick ? 3 : 9, dataDir, targetMs: 500 }));
  await runSection("memory", () =>
    memory({
      // The full run holds 10,000 idle subscribed sockets (room-scale target: ≤ 16 KB each).
      sockets: quick ? 1000 : 10_000,
      idleMs: quick ? 500 : 2000,
      dataDir,
      deploymentNodeArgs: profileArgs("memory"),
      targetKb: quick ? 30 : 16,
    }),
  );
  await runSection("fanout", () =>
    fanout({
      sizes: [1, 100, 1000],
      rounds: (n) =>
        (quick ? { 1: 10, 100: 8, 1000: 5 } : { 1: 40, 100: 25, 1000: 15 })[n as 1 | 100 | 1000] ??
        5,
      warmupRounds: 3,
      gapMs: quick ? 50 : 100,
      roundTimeoutMs: 20_000,
      dataDir,
      deploymentNodeArgs: profileArgs("fanout"),
    }),
  );
  await runSection("throughput", () =>
    throughput({
      concurrency: [1, 16],
      durationMs: quick ? 1000 : 3000,
      warmupPerClient: 20,
      dataDir,
      deploymentNodeArgs: profileArgs("throughput"),
      targetPerSecond: 10_000, // room-scale target: durable small mutations, 16 clients
    }),
  );
  await runSection("scheduler", () =>
    scheduler({
      jobs: quick ? 300 : 1000,
      spreadMs: 2000,
      warmupJobs: 100,
      dataDir,
      deploymentNodeArgs: profileArgs("scheduler"),
      targetP95Ms: 20,
    }),
  );
  await runSection("auth", () =>
    auth(keys, {
      rounds: quick ? 100 : 500,
      warmupRounds: 20,
      dataDir,
      deploymentNodeArgs: profileArgs("auth"),
    }),
  );
  await runSection("files", () =>
    files({
      sizeMiB: 10,
      rounds: quick ? 3 : 15,
      warmupRounds: 1,
      dataDir,
      deploymentNodeArgs: profileArgs("files"),
      targetRatio: 0.5,
    }),
  );

  const rows: Row[] = sections.flatMap((s) => s.rows);
  const failed = rows.filter((r) => verdict(r) === "FAIL");
  console.log(
    `\nLocal deployment benchmark (${quick ? "quick" : "full"} run, ${new Date().toISOString()})`,
  );
  console.log(`Machine: ${machine()}`);
  console.log(
    `Load average (1/5/15 min) at start: ${loadAtStart}; at end: ${load()} (other processes on the 2 cores skew every figure)\n`,
  );
  console.log(formatTable(rows));
  console.log("");
  for (const note of sections.flatMap((s) => s.notes)) console.log(`- ${note}`);
  const judged = rows.filter((r) => verdict(r) !== "-").length;
  console.log(
    `\nTargets: ${judged - failed.length} of ${judged} met${failed.length ? `; missed: ${failed.map((r) => r.metric).join(", ")}` : ""}.`,
  );
  if (profileDir !== null) console.log(`CPU profiles: ${profileDir}`);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (e) {
  console.error(e);
  await cleanup();
  process.exit(1);
}
