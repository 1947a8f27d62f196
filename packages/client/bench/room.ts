/**
 * `pnpm bench` (here; `--quick` for 10 s instead of 30 s): one room, 50 signed-in clients, each
 * with the real core models (createPresence, createDocumentSession on one shared document). Every
 * client moves its pointer at 10 Hz; 5 of them type into the document at their caret (8 chars/s
 * each, inserts only, so the final length is known).
 *
 * Measured in this process on one clock (performance.now): cursor latency from a client's
 * `moveCursor` call to each other client's `presence.cursors` callback showing that position
 * (including the 10 Hz throttle's wait); edit latency from a typist's `applyTextChange` to the
 * moment each other client applies the committed operation that carries it (its
 * `operationsSince` callback). Then every client's text, the stored text and the expected length
 * must agree, and each typist's operation tags must be committed exactly once.
 *
 * The deployment runs in its own process (packages/local-deployment/bin, the compiled CLI), with
 * convex/ pushed by the real CLI. All 50 clients share this process and its event loop, which a
 * browser per user would not: part of what is measured is this process keeping up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { DocumentOperation } from "@rooms/domain";
import { ConvexClient } from "convex/browser";
import { getFunctionName } from "convex/server";
import { createAuthSession } from "../src/auth-session";
import type { ClientForData } from "../src/convex";
import { createDocumentSession, type DocumentSession } from "../src/document-session";
import { createPresence, type Presence } from "../src/presence";
import { memoryStorage } from "../src/test-support/fake-client";
import { signInAsGuestPolitely } from "../src/test-support/guest";
import { pushRootProject, ROOT } from "../src/test-support/push";
import { summary } from "./stats";

const quick = process.argv.includes("--quick");
/** `--name=value` from the command line, as a number. */
const flag = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const CLIENTS = flag("clients", 50);
const TYPISTS = flag("typists", 5);
const DURATION_MS = flag("seconds", quick ? 10 : 30) * 1000;
const WARMUP_MS = 2_000;
const CURSOR_HZ = 10;
const TYPING_INTERVAL_MS = 125;
const TARGET_P95_MS = 50;
const INITIAL_TEXT = "Meeting notes 📝\n";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the compiled deployment CLI on free ports; resolves with its URL once it is ready. */
async function startDeployment(dataDir: string, adminKey: string) {
  const entry = createRequire(import.meta.url).resolve("@rooms/local-deployment");
  const bin = path.join(path.dirname(entry), "..", "bin", "local-deployment.mjs");
  const args = ["start", "--port", "0", "--site-port", "0", "--data-dir", dataDir];
  // `--profile`: the deployment writes a CPU profile (.cpuprofile) on exit, next to its data.
  const profile = `--cpu-prof-dir=${path.join(path.dirname(dataDir), `${path.basename(dataDir)}-profile`)}`;
  const node = process.argv.includes("--profile") ? ["--cpu-prof", profile] : [];
  const child = spawn(
    process.execPath,
    [...node, bin, ...args, "--admin-key", adminKey, "--convex-auth"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /CONVEX_SELF_HOSTED_URL=(\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`deployment exited (${code}):\n${out}`)));
  });
  return { child, url };
}

/** CPU time (user + system, ms) of a process, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

type Participant = {
  index: number;
  client: ConvexClient;
  userId: string;
  presence: Presence;
  doc: DocumentSession;
};

const cursorLatencies: number[] = [];
const editLatencies: number[] = [];
/** When each latency sample was taken, to tell a steady state from a growing queue. */
const cursorSampledAt: number[] = [];
let measuring = false;
/** Per session id: move time by x value (x encodes a per-client move counter). */
const moveTimes = new Map<string, Map<number, number>>();
/** Per typist clientId: edit times in order, and for each submitted tag the edits it carries. */
const editTimes = new Map<string, number[]>();
const tagCovers = new Map<string, number>();

/** The client as the document session sees it, with submits and committed operations observed. */
function instrument(
  client: ConvexClient,
  onRows: (rows: DocumentOperation[]) => void,
): ClientForData {
  const submit = getFunctionName(api.documents.submitOperations);
  const since = getFunctionName(api.documents.operationsSince);
  return {
    onUpdate: ((query, args, callback, onError) =>
      client.onUpdate(
        query,
        args,
        (value) => {
          if (getFunctionName(query) === since) onRows(value as DocumentOperation[]);
          callback(value);
        },
        onError,
      )) as ConvexClient["onUpdate"],
    mutation: ((mutation, args, options) => {
      if (getFunctionName(mutation) === submit) {
        const { clientId } = args as { clientId: string };
        const editor = clientId.split(":")[0]!;
        // A re-send after a failure keeps what the first send carried.
        if (!tagCovers.has(clientId)) tagCovers.set(clientId, editTimes.get(editor)?.length ?? 0);
      }
      return client.mutation(mutation, args, options);
    }) as ConvexClient["mutation"],
    query: client.query.bind(client),
    connectionState: client.connectionState.bind(client),
    subscribeToConnectionState: client.subscribeToConnectionState.bind(client),
  };
}

async function join(url: string, roomId: Id<"rooms"> | null) {
  const client = new ConvexClient(url, { logger: false });
  const auth = createAuthSession({ client, storage: memoryStorage() });
  await signInAsGuestPolitely(auth);
  const state = auth.getSnapshot();
  if (state.status !== "signedIn") throw new Error("guest sign-in failed");
  if (roomId) await client.mutation(api.rooms.join, { roomId });
  return { client, userId: state.userId };
}

function participate(
  index: number,
  client: ConvexClient,
  userId: string,
  roomId: Id<"rooms">,
  documentId: Id<"documents">,
) {
  const presence = createPresence(client, roomId, { userId, visibility: null });
  const lastX = new Map<string, number>();
  presence.subscribe(({ cursors }) => {
    const now = performance.now();
    for (const { sessionId, pointer } of cursors) {
      if (pointer === null || lastX.get(sessionId) === pointer.x) continue;
      lastX.set(sessionId, pointer.x);
      const sentAt = moveTimes.get(sessionId)?.get(pointer.x);
      if (measuring && sentAt !== undefined) {
        cursorLatencies.push(now - sentAt);
        cursorSampledAt.push(now);
      }
    }
  });
  let applied = 0;
  const onRows = (rows: DocumentOperation[]) => {
    const now = performance.now();
    for (const row of rows) {
      if (row.revision <= applied) continue;
      applied = row.revision;
      const [editor] = row.clientId.split(":");
      const times = editTimes.get(editor!);
      if (times === undefined || editor === `typist${index}`) continue;
      const previous = previousTag(row.clientId);
      for (let k = previous; k < (tagCovers.get(row.clientId) ?? 0); k++) {
        if (measuring) editLatencies.push(now - times[k]!);
      }
    }
  };
  const doc = createDocumentSession(instrument(client, onRows), documentId, {
    userId,
    presence,
    clientId: index < TYPISTS ? `typist${index}` : `viewer${index}`,
  });
  return { index, client, userId, presence, doc } satisfies Participant;
}

/** Edits carried by the tags before `tag` (`<editor>:<n>`): where this tag's edits start. */
function previousTag(tag: string): number {
  const [editor, n] = tag.split(":");
  return Number(n) > 1 ? (tagCovers.get(`${editor}:${Number(n) - 1}`) ?? 0) : 0;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-bench-room-"));
  const envLocal = path.join(ROOT, ".env.local");
  const savedEnv = fs.existsSync(envLocal) ? fs.readFileSync(envLocal, "utf8") : null;
  const adminKey = "rooms-bench-admin-key";
  let deployment: ChildProcess | undefined;
  const participants: Participant[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  try {
    const started = await startDeployment(dataDir, adminKey);
    deployment = started.child;
    await pushRootProject({ cloudUrl: started.url, adminKey });
    if (savedEnv !== null) fs.writeFileSync(envLocal, savedEnv);
    const loadAtStart = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" / ");

    const owner = await join(started.url, null);
    const roomId = await owner.client.mutation(api.rooms.create, {
      name: "Bench room",
      type: "document",
      isPrivate: false,
    });
    const documentId = await owner.client.mutation(api.documents.create, {
      roomId,
      title: "Notes",
      content: INITIAL_TEXT,
    });
    const members = [owner];
    for (let i = 1; i < CLIENTS; i++) members.push(await join(started.url, roomId));
    members.forEach((m, i) =>
      participants.push(participate(i, m.client, m.userId, roomId, documentId)),
    );
    for (const p of participants) {
      while (p.doc.getSnapshot().status !== "synced") await sleep(20);
    }
    console.log(`${CLIENTS} clients in the room; load average ${loadAtStart}`);

    // Pointers: 10 Hz each, phases spread; x encodes a per-client counter so moves are unique.
    for (const p of participants) {
      const times = new Map<number, number>();
      moveTimes.set(p.presence.sessionId, times);
      let moves = 0;
      setTimeout(() => {
        timers.push(
          setInterval(() => {
            const x = (++moves % 100_000) / 100_000;
            times.set(x, performance.now());
            p.presence.moveCursor({ x, y: p.index / CLIENTS });
          }, 1000 / CURSOR_HZ),
        );
      }, Math.random() * 100);
    }
    // Typists: one character at their caret every TYPING_INTERVAL_MS.
    let typed = 0;
    const alphabet = "abcdefghij klmnopqrstuvwxyz é😀\n";
    for (const p of participants.slice(0, TYPISTS)) {
      const times: number[] = [];
      editTimes.set(`typist${p.index}`, times);
      const chars = Array.from(alphabet);
      timers.push(
        setInterval(() => {
          const { text, selection } = p.doc.getSnapshot();
          const at = selection.head;
          const char = chars[Math.floor(Math.random() * chars.length)]!;
          times.push(performance.now());
          p.doc.applyTextChange(text, text.slice(0, at) + char + text.slice(at), at + char.length);
          typed += char.length;
        }, TYPING_INTERVAL_MS),
      );
    }

    await sleep(WARMUP_MS);
    const cpuStart = { deployment: cpuMsOf(deployment.pid!), clients: process.cpuUsage() };
    measuring = true;
    const startedAt = performance.now();
    await sleep(DURATION_MS);
    measuring = false;
    const elapsed = performance.now() - startedAt;
    const clientsCpu = process.cpuUsage(cpuStart.clients);
    const deploymentCpu = cpuMsOf(deployment.pid!) - cpuStart.deployment;
    for (const timer of timers) clearInterval(timer);
    const loadAtEnd = os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" / ");

    // No lost edits: everyone converges on the stored text, of the expected length.
    await Promise.all(participants.slice(0, TYPISTS).map((p) => p.doc.flush()));
    const stored = await owner.client.query(api.documents.get, { documentId });
    const deadline = Date.now() + 30_000;
    while (participants.some((p) => p.doc.getSnapshot().revision !== stored.revision)) {
      if (Date.now() > deadline) throw new Error("clients did not reach the stored revision");
      await sleep(50);
    }
    const converged = participants.every((p) => p.doc.getSnapshot().text === stored.content);
    const lengthOk = stored.content.length === INITIAL_TEXT.length + typed;
    const ops: DocumentOperation[] = [];
    for (
      let page;
      (page = await owner.client.query(api.documents.operationsSince, {
        documentId,
        revision: ops.length,
      })).length > 0;
    ) {
      ops.push(...page);
    }
    const onceEach = [...editTimes.keys()].every((editor) => {
      const tags = ops
        .filter((op) => op.clientId.startsWith(`${editor}:`))
        .map((op) => op.clientId);
      return tags.every((tag, i) => tag === `${editor}:${i + 1}`);
    });

    const cursor = summary(cursorLatencies);
    const inWindow = (from: number, to: number) =>
      cursorLatencies.filter((_, i) => {
        const t = cursorSampledAt[i]! - startedAt;
        return t >= from * elapsed && t < to * elapsed;
      });
    const trend = [0, 0.25, 0.5, 0.75].map((from) => summary(inWindow(from, from + 0.25)).p50);
    const edit = summary(editLatencies);
    const ms = (n: number) => `${n.toFixed(1)} ms`;
    const row = (name: string, s: ReturnType<typeof summary>) =>
      `| ${name.padEnd(30)} | ${String(s.n).padStart(7)} | ${ms(s.p50).padStart(8)} | ${ms(s.p95).padStart(8)} | ${ms(s.p99).padStart(8)} | ${ms(s.max).padStart(9)} | ${s.p95 < TARGET_P95_MS ? "pass" : "FAIL"} |`;
    console.log(
      `\nRoom bench${quick ? " (--quick)" : ""}: ${CLIENTS} clients, ${TYPISTS} typing, ${(elapsed / 1000).toFixed(0)} s measured`,
    );
    console.log(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadAtStart} at start, ${loadAtEnd} at end\n`,
    );
    console.log(
      "| metric                         | samples |      p50 |      p95 |      p99 |       max | p95 < 50 ms |",
    );
    console.log(
      "| ------------------------------ | ------: | -------: | -------: | -------: | --------: | ----------- |",
    );
    console.log(row("cursor move → other clients", cursor));
    console.log(row("edit → other clients' text", edit));
    console.log(
      `\npointer positions seen by each client: ${(cursorLatencies.length / CLIENTS / (elapsed / 1000)).toFixed(0)}/s of ${(CLIENTS - 1) * CURSOR_HZ}/s moved (${(cursorLatencies.length / CLIENTS / (CLIENTS - 1) / (elapsed / 1000)).toFixed(1)} Hz per mover); keystrokes: ${typed}, operations committed: ${ops.length}`,
    );
    console.log(
      `cursor p50 by quarter of the run: ${trend.map((n) => `${n.toFixed(0)} ms`).join(", ")}`,
    );
    console.log(
      `CPU: deployment ${((deploymentCpu / elapsed) * 100).toFixed(0)}%, clients process ${(((clientsCpu.user + clientsCpu.system) / 1000 / elapsed) * 100).toFixed(0)}% (of one core)`,
    );
    console.log(
      `final texts equal: ${converged}; stored length = initial + typed: ${lengthOk}; each operation committed once: ${onceEach}`,
    );
    if (!converged || !lengthOk || !onceEach) process.exitCode = 1;
  } finally {
    for (const timer of timers) clearInterval(timer);
    for (const p of participants) p.doc.dispose();
    await Promise.all(participants.map((p) => Promise.race([p.presence.dispose(), sleep(2000)])));
    await Promise.all(participants.map((p) => p.client.close()));
    if (deployment && deployment.exitCode === null) {
      const exited = new Promise((resolve) => deployment!.once("exit", resolve));
      deployment.kill("SIGTERM");
      await exited;
    }
    if (savedEnv !== null) fs.writeFileSync(envLocal, savedEnv);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (process.argv.includes("--profile")) console.log(`CPU profile: ${dataDir}-profile/`);
  }
}

await main();
