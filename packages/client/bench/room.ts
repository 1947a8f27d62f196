/**
 * `pnpm bench` (here): one room per size (10, 50 and 100 signed-in clients: the room's owner,
 * idle, and N - 1 participants; `--clients=50` for one size, `--quick` for 50 clients and 10 s
 * instead of 20 s), each participant with the real core models (createPresence,
 * createDocumentSession on one shared document). Every participant moves its pointer at 10 Hz; 5
 * of them type into the document at their caret (8 chars/s each, inserts only, so the final
 * length is known).
 *
 * Measured on the machine-wide clock: cursor latency from a client's `moveCursor` call to each
 * other client's presence snapshot showing that position (including the 10 Hz throttle's wait);
 * edit latency from a typist's `applyTextChange` to the moment each other client applies the
 * committed operation that carries it. Then every client's text, the stored text and the
 * expected length must agree, and each typist's operation tags must be committed exactly once.
 *
 * The deployment runs in its own process (packages/local-deployment/bin, the compiled CLI), with
 * convex/ pushed by the real CLI. Clients run in client processes (bench/room-worker.ts; two from
 * 20 clients up), not all on one event loop. Baseline, in the same run: a raw `ws` server that
 * broadcasts each position (a message the size of the room's cursor list) to the same number of
 * sockets in the same client processes; the table gives the ratio of the cursor p95 to it.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { api } from "@rooms/convex/_generated/api";
import type { DocumentOperation } from "@rooms/domain";
import { pushRootProject } from "../src/test-support/push";
import {
  clock,
  cpuMsOf,
  join,
  loadavg,
  settleLoad,
  sleep,
  startBaseline,
  startDeployment,
} from "./harness";
import type { FromWorker, ToWorker, WorkerData } from "./room-protocol";
import { summary } from "./stats";

const quick = process.argv.includes("--quick");
/** `--name=value` from the command line, as a number. */
const flag = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const sizesFlag = process.argv.find((arg) => arg.startsWith("--clients="))?.split("=")[1];
const SIZES = sizesFlag ? sizesFlag.split(",").map(Number) : quick ? [50] : [10, 50, 100];
const TYPISTS = flag("typists", 5);
const DURATION_MS = flag("seconds", quick ? 10 : 20) * 1000;
const WARMUP_MS = 2_000;
const CURSOR_HZ = 10;
const TYPING_INTERVAL_MS = 125;
/** p95 targets: 50 ms up to 50 clients, 100 ms above; every client sees ≥ 8 of 10 positions/s. */
const targetP95 = (clients: number) => (clients <= 50 ? 50 : 100);
const MIN_HZ_PER_MOVER = 8;
/**
 * Bytes of one cursor in `presence.cursors`, a packed row with a 24-character session id, two
 * document ids, a pointer, a caret and two times (~180): the baseline's size per participant.
 */
const CURSOR_JSON_BYTES = 180;
const INITIAL_TEXT = "Meeting notes 📝\n";
/**
 * Before each size, wait (at most SETTLE_MAX_MS) for the 1-minute load average to fall to
 * SETTLE_LOAD, so that the measurement starts at a load the targets can be judged at (≤ 1.5);
 * `--no-settle` measures at once.
 */
const settle = !process.argv.includes("--no-settle");
const SETTLE_LOAD = 1.0;
const SETTLE_MAX_MS = 120_000;

let profileDir: string | null = null;

/** A forked client process, with a promise per awaited message type. */
function startWorker() {
  const child = fork(new URL("./room-worker.ts", import.meta.url).pathname, [], {
    // `--profile`: client processes write CPU profiles too (next to the deployment's).
    execArgv: [
      "--import",
      "tsx",
      ...(profileDir === null ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map<string, (message: FromWorker) => void>();
  child.on("message", (message: FromWorker) => {
    if (message.type === "error") throw new Error(`client process: ${message.error}`);
    waiting.get(message.type)?.(message);
  });
  return {
    child,
    send: (message: ToWorker) => child.send(message),
    next: <T extends FromWorker["type"]>(type: T) =>
      new Promise<Extract<FromWorker, { type: T }>>((resolve) =>
        waiting.set(type, (m) => resolve(m as Extract<FromWorker, { type: T }>)),
      ),
  };
}

type SizeResult = {
  clients: number;
  cursor: ReturnType<typeof summary>;
  uplink: ReturnType<typeof summary>;
  downlink: ReturnType<typeof summary>;
  edit: ReturnType<typeof summary>;
  baseline: ReturnType<typeof summary>;
  hzPerMover: number;
  deploymentCpu: number;
  clientsCpu: number;
  load: string;
  converged: boolean;
  lengthOk: boolean;
  onceEach: boolean;
  keystrokes: number;
  operations: number;
};

async function runSize(
  clients: number,
  deployment: { child: ChildProcess; url: string },
  baselineUrl: string,
): Promise<SizeResult> {
  const owner = await join(deployment.url);
  const roomId = await owner.mutation(api.rooms.create, {
    name: `Bench room (${clients})`,
    type: "document",
    isPrivate: false,
  });
  const documentId = await owner.mutation(api.documents.create, {
    roomId,
    title: "Notes",
    content: INITIAL_TEXT,
  });
  // The owner is one of the room's `clients` members (connected, idle): a room holds at most
  // MAX_PARTICIPANTS_MAX (100) members, so 100 clients are the owner and 99 participants.
  const participants = clients - 1;
  const processes = clients >= 20 ? 2 : 1;
  const workers = Array.from({ length: processes }, startWorker);
  // Round robin, so each process has movers and typists.
  await Promise.all(
    workers.map((worker, w) => {
      const ready = worker.next("ready");
      worker.send({
        type: "join",
        url: deployment.url,
        roomId,
        documentId,
        indices: Array.from({ length: participants }, (_, i) => i).filter(
          (i) => i % processes === w,
        ),
        typists: TYPISTS,
        baselineUrl,
      });
      return ready;
    }),
  );
  const waited = settle ? await settleLoad(SETTLE_LOAD, SETTLE_MAX_MS) : 0;
  const load = loadavg();
  console.log(
    `${clients} clients in the room (the owner and ${participants} participants, ${processes} client processes); load ${load}` +
      (waited > 0 ? ` after waiting ${(waited / 1000).toFixed(0)} s for it to fall` : ""),
  );
  /** One phase: warm up, measure for DURATION_MS, stop. Returns when it started and its length. */
  const phase = async (name: "room" | "baseline") => {
    for (const worker of workers) {
      worker.send({
        type: "go",
        phase: name,
        cursorHz: CURSOR_HZ,
        typingIntervalMs: TYPING_INTERVAL_MS,
        typists: TYPISTS,
        baselinePadding: "x".repeat(CURSOR_JSON_BYTES * participants),
      });
    }
    await sleep(WARMUP_MS);
    const start = clock();
    for (const worker of workers) worker.send({ type: "measure" });
    await sleep(DURATION_MS);
    const elapsed = clock() - start;
    const stopped = workers.map((worker) => worker.next("stopped"));
    for (const worker of workers) worker.send({ type: "stop" });
    await Promise.all(stopped);
    return { start, elapsed };
  };
  const collect = async () => {
    const reports = workers.map((worker) => worker.next("data"));
    for (const worker of workers) worker.send({ type: "report" });
    return (await Promise.all(reports)).map((m) => m.data);
  };
  const cpuStart = cpuMsOf(deployment.child.pid!);
  const { start: measureStart, elapsed } = await phase("room");
  const deploymentCpu = cpuMsOf(deployment.child.pid!) - cpuStart;

  const stored = await owner.query(api.documents.get, { documentId });
  const checked = workers.map((worker) => worker.next("checked"));
  for (const worker of workers)
    worker.send({ type: "check", revision: stored.revision, content: stored.content });
  const converged = (await Promise.all(checked)).every((m) => m.converged);
  const data: WorkerData[] = await collect();
  // Then the baseline, alone: the same positions over raw ws in the same client processes.
  await phase("baseline");
  const baselineLatencies = (await collect()).flatMap((d) => d.baselineLatencies);

  const ops: DocumentOperation[] = [];
  for (
    let page;
    (page = await owner.query(api.documents.operationsSince, {
      documentId,
      revision: ops.length,
    })).length > 0;
  ) {
    ops.push(...page);
  }
  const editTimes = new Map(data.flatMap((d) => d.editTimes));
  const tagCovers = new Map(data.flatMap((d) => d.tagCovers));
  const onceEach = [...editTimes.keys()].every((editor) =>
    ops
      .filter((op) => op.clientId.startsWith(`${editor}:`))
      .every((op, i) => op.clientId === `${editor}:${i + 1}`),
  );
  const typed = data.reduce((n, d) => n + d.typed, 0);
  const lengthOk = stored.content.length === INITIAL_TEXT.length + typed;
  // An operation tagged <editor>:<n> carries that editor's edits from where <editor>:<n-1> ended.
  const editLatencies: number[] = [];
  for (const [tag, at] of data.flatMap((d) => d.editArrivals)) {
    const [editor, n] = tag.split(":");
    const times = editTimes.get(editor!) ?? [];
    const from = Number(n) > 1 ? (tagCovers.get(`${editor}:${Number(n) - 1}`) ?? 0) : 0;
    for (let k = from; k < (tagCovers.get(tag) ?? 0); k++) {
      if (times[k]! >= measureStart) editLatencies.push(at - times[k]!);
    }
  }
  const cursorLatencies = data.flatMap((d) => d.cursorLatencies);
  const exited = workers.map((worker) => new Promise((r) => worker.child.once("exit", r)));
  for (const worker of workers) worker.send({ type: "exit" });
  await Promise.all(exited);
  await owner.close();
  return {
    clients,
    cursor: summary(cursorLatencies),
    uplink: summary(data.flatMap((d) => d.cursorUplinks)),
    downlink: summary(data.flatMap((d) => d.cursorDownlinks)),
    edit: summary(editLatencies),
    baseline: summary(baselineLatencies),
    hzPerMover: cursorLatencies.length / participants / (participants - 1) / (elapsed / 1000),
    // Both over the measured window plus its warm-up (the deployment's counter spans both).
    deploymentCpu: (deploymentCpu / (elapsed + WARMUP_MS)) * 100,
    clientsCpu: (data.reduce((n, d) => n + d.cpuMs, 0) / elapsed) * 100,
    load,
    converged,
    lengthOk,
    onceEach,
    keystrokes: typed,
    operations: ops.length,
  };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-bench-room-"));
  if (process.argv.includes("--profile")) profileDir = `${dataDir}-profile`;
  const adminKey = "rooms-bench-admin-key";
  const children: ChildProcess[] = [];
  try {
    const deployment = await startDeployment(dataDir, adminKey);
    children.push(deployment.child);
    await pushRootProject({ cloudUrl: deployment.url, adminKey });
    const baseline = await startBaseline();
    children.push(baseline.child);
    const loadAtStart = loadavg();
    const results: SizeResult[] = [];
    for (const clients of SIZES) results.push(await runSize(clients, deployment, baseline.url));

    const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : "-");
    const triple = (s: ReturnType<typeof summary>) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}`;
    console.log(
      `\nRoom bench${quick ? " (--quick)" : ""}: ${TYPISTS} typing, ${CURSOR_HZ} Hz pointers, ${DURATION_MS / 1000} s measured per size`,
    );
    console.log(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadAtStart} at start, ${loadavg()} at end\n`,
    );
    console.log(
      "| clients | load (1/5/15 min) | cursor p50 / p95 / p99 | edit p50 / p95 / p99 | baseline p50 / p95 | cursor p95 ÷ baseline | positions/s per mover | CPU deployment / clients | target | result |",
    );
    console.log("| --: | -- | --: | --: | --: | --: | --: | --: | -- | -- |");
    let ok = true;
    for (const r of results) {
      const target = targetP95(r.clients);
      const pass = r.cursor.p95 < target && r.edit.p95 < target && r.hzPerMover >= MIN_HZ_PER_MOVER;
      const correct = r.converged && r.lengthOk && r.onceEach;
      ok &&= correct;
      console.log(
        `| ${r.clients} | ${r.load} | ${triple(r.cursor)} | ${triple(r.edit)} | ${ms(r.baseline.p50)} / ${ms(r.baseline.p95)} | ${(r.cursor.p95 / r.baseline.p95).toFixed(1)}× | ${r.hzPerMover.toFixed(1)} of ${CURSOR_HZ} | ${r.deploymentCpu.toFixed(0)}% / ${r.clientsCpu.toFixed(0)}% | p95 < ${target} ms, ≥ ${MIN_HZ_PER_MOVER} Hz | ${pass ? "pass" : "FAIL"} |`,
      );
    }
    console.log(
      "\nCorrectness (texts equal, stored length = initial + typed, each operation once):",
    );
    for (const r of results) {
      console.log(
        `  ${r.clients} clients: ${r.converged} / ${r.lengthOk} / ${r.onceEach} (${r.keystrokes} keystrokes, ${r.operations} operations; samples: ${r.cursor.n} cursor, ${r.edit.n} edit, ${r.baseline.n} baseline)`,
      );
    }
    console.log(
      "\nCursor path (p50 / p95): mover → deployment (the mutation's run), deployment → viewer:",
    );
    for (const r of results) {
      console.log(
        `  ${r.clients} clients: ${ms(r.uplink.p50)} / ${ms(r.uplink.p95)}, ${ms(r.downlink.p50)} / ${ms(r.downlink.p95)}`,
      );
    }
    console.log("CPU is % of one core: the deployment process, and the client processes together.");
    if (!ok) process.exitCode = 1;
  } finally {
    for (const child of children) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (process.argv.includes("--profile")) console.log(`CPU profile: ${dataDir}-profile/`);
  }
}

await main();
