/**
 * One client process of the room bench (bench/room.ts forks one per slice of participants, so
 * the clients do not all share one event loop, as a browser per user would not). Talks to the
 * orchestrator over IPC: `join` → `ready`, `go` → timers run, `stop` → timers stop and edits
 * are flushed, `check` → `checked` (every session reached the stored text), `report` → `data`.
 *
 * Times are ms on the machine-wide clock (`performance.timeOrigin + performance.now()`), so
 * samples from different processes compare. A pointer position carries its own send time:
 * `x = (t mod 100 s) / 100 s`, so any receiver computes the latency without shared maps.
 */
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { Cursor, DocumentOperation } from "@rooms/domain";
import { ConvexClient } from "convex/browser";
import { getFunctionName } from "convex/server";
import WebSocket from "ws";
import { createAuthSession } from "../src/auth-session";
import type { ClientForData } from "../src/convex";
import { createDocumentSession, type DocumentSession } from "../src/document-session";
import { createPresence, type Presence } from "../src/presence";
import { memoryStorage } from "../src/test-support/fake-client";
import { signInAsGuestPolitely } from "../src/test-support/guest";
import type { ToWorker, WorkerData } from "./room-protocol";

const WINDOW_MS = 100_000;
const clock = () => performance.timeOrigin + performance.now();
const encodeTime = (t: number) => (t % WINDOW_MS) / WINDOW_MS;
const ageOf = (x: number, now: number) =>
  ((((now % WINDOW_MS) - x * WINDOW_MS) % WINDOW_MS) + WINDOW_MS) % WINDOW_MS;

type Participant = {
  index: number;
  client: ConvexClient;
  presence: Presence;
  doc: DocumentSession;
};

const participants: Participant[] = [];
const timers: ReturnType<typeof setInterval>[] = [];
let measuring = false;
const cursorLatencies: number[] = [];
const cursorUplinks: number[] = [];
const cursorDownlinks: number[] = [];
const baselineLatencies: number[] = [];
/** [tag, received at] for every committed operation a viewer applied while measuring. */
const editArrivals: [string, number][] = [];
/** Per typist: when each edit was typed. Per submitted tag: the edits it carries. */
const editTimes = new Map<string, number[]>();
const tagCovers = new Map<string, number>();
let typed = 0;
const baselineSockets: WebSocket[] = [];

function send(message: unknown): void {
  process.send!(message);
}

/** The client as the document session sees it, with submits and committed operations observed. */
function instrument(client: ConvexClient, onRows: (rows: DocumentOperation[]) => void) {
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
  } satisfies ClientForData;
}

async function join(message: Extract<ToWorker, { type: "join" }>): Promise<void> {
  const { url, roomId, documentId, indices, typists, baselineUrl } = message;
  for (const index of indices) {
    const client = new ConvexClient(url, { logger: false });
    const auth = createAuthSession({ client, storage: memoryStorage() });
    await signInAsGuestPolitely(auth);
    const state = auth.getSnapshot();
    if (state.status !== "signedIn") throw new Error("guest sign-in failed");
    await client.mutation(api.rooms.join, { roomId: roomId as Id<"rooms"> });
    const presence = createPresence(client, roomId as Id<"rooms">, {
      userId: state.userId,
      visibility: null,
    });
    // The last cursor object seen per session: presence keeps an unchanged cursor's object, so
    // the measurement looks only at the ones that changed (it runs in the clients' processes).
    const seen = new Map<string, Cursor>();
    presence.subscribe(({ cursors }) => {
      const now = clock();
      for (const cursor of cursors) {
        const { sessionId, pointer, updatedAt } = cursor;
        const last = seen.get(sessionId);
        if (last === cursor) continue;
        seen.set(sessionId, cursor);
        if (pointer === null || last?.pointer?.x === pointer.x) continue;
        if (!measuring) continue;
        const age = ageOf(pointer.x, now);
        cursorLatencies.push(age);
        cursorUplinks.push(updatedAt - (now - age));
        cursorDownlinks.push(now - updatedAt);
      }
    });
    const isTypist = index < typists;
    let applied = 0;
    const onRows = (rows: DocumentOperation[]) => {
      const now = clock();
      for (const row of rows) {
        if (row.revision <= applied) continue;
        applied = row.revision;
        if (
          measuring &&
          row.clientId.startsWith("typist") &&
          !row.clientId.startsWith(`typist${index}:`)
        )
          editArrivals.push([row.clientId, now]);
      }
    };
    const doc = createDocumentSession(instrument(client, onRows), documentId as Id<"documents">, {
      userId: state.userId,
      presence,
      clientId: isTypist ? `typist${index}` : `viewer${index}`,
    });
    participants.push({ index, client, presence, doc });
  }
  for (const p of participants) {
    while (p.doc.getSnapshot().status !== "synced") await new Promise((r) => setTimeout(r, 20));
  }
  for (let i = 0; i < indices.length && baselineUrl !== null; i++) {
    const ws = new WebSocket(baselineUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    ws.on("message", (data) => {
      const x = Number((JSON.parse(data.toString()) as { x: number }).x);
      if (measuring) baselineLatencies.push(ageOf(x, clock()));
    });
    baselineSockets.push(ws);
  }
  send({ type: "ready" });
}

function go(message: Extract<ToWorker, { type: "go" }>): void {
  const { phase, cursorHz, typingIntervalMs, baselinePadding } = message;
  const alphabet = Array.from("abcdefghij klmnopqrstuvwxyz é😀\n");
  participants.forEach((p, i) => {
    setTimeout(
      () =>
        timers.push(
          setInterval(() => {
            if (phase === "room") {
              p.presence.moveCursor({ x: encodeTime(clock()), y: p.index / 1000 });
            } else {
              baselineSockets[i]?.send(
                JSON.stringify({ x: encodeTime(clock()), pad: baselinePadding }),
              );
            }
          }, 1000 / cursorHz),
        ),
      Math.random() * (1000 / cursorHz),
    );
    if (phase !== "room" || p.index >= message.typists) return;
    const times: number[] = [];
    editTimes.set(`typist${p.index}`, times);
    timers.push(
      setInterval(() => {
        const { text, selection } = p.doc.getSnapshot();
        const at = selection.head;
        const char = alphabet[Math.floor(Math.random() * alphabet.length)]!;
        times.push(clock());
        p.doc.applyTextChange(text, text.slice(0, at) + char + text.slice(at), at + char.length);
        typed += char.length;
      }, typingIntervalMs),
    );
  });
}

/** CPU (ms) of this process over the last measured window. */
let windowCpuMs = 0;

async function stop(): Promise<void> {
  measuring = false;
  const cpu = process.cpuUsage(cpuAtGo);
  windowCpuMs = (cpu.user + cpu.system) / 1000;
  for (const timer of timers.splice(0)) clearInterval(timer);
  await Promise.all(participants.map((p) => p.doc.flush()));
  send({ type: "stopped" });
}

async function check(revision: number, content: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (participants.some((p) => p.doc.getSnapshot().revision !== revision)) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  send({
    type: "checked",
    converged: participants.every((p) => p.doc.getSnapshot().text === content),
  });
}

function report(): void {
  const data: WorkerData = {
    cursorLatencies,
    cursorUplinks,
    cursorDownlinks,
    baselineLatencies,
    editArrivals,
    editTimes: [...editTimes],
    tagCovers: [...tagCovers],
    typed,
    cpuMs: windowCpuMs,
    clients: participants.length,
  };
  send({ type: "data", data });
}

let cpuAtGo = process.cpuUsage();
process.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "join":
      void join(message).catch((e: unknown) => send({ type: "error", error: String(e) }));
      return;
    case "go":
      go(message);
      return;
    case "measure":
      cpuAtGo = process.cpuUsage();
      measuring = true;
      return;
    case "stop":
      void stop();
      return;
    case "check":
      void check(message.revision, message.content);
      return;
    case "report":
      report();
      return;
    case "exit":
      for (const p of participants) p.doc.dispose();
      for (const ws of baselineSockets) ws.terminate();
      void Promise.all(
        participants.map((p) =>
          Promise.race([p.presence.dispose(), new Promise((r) => setTimeout(r, 2000))]),
        ),
      )
        .then(() => Promise.all(participants.map((p) => p.client.close())))
        .then(() => process.exit(0));
  }
});
