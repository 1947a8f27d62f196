/**
 * `pnpm bench:board` (here): one whiteboard room, 10 signed-in clients (`--clients=N`), each
 * with the real board model (createBoard). For `--seconds` (10 by default) every client drags
 * its own rectangle with a gesture updated at 20 Hz (`--hz`; the model sends at most every
 * GESTURE_SEND_MS, 20 Hz), and every 2 s draws a pen stroke of 50 points. Clients move
 * independently, each offset by 1/10 of the interval; `--burst` moves all on the same tick.
 *
 * Measured on one clock (all clients run in this process): move latency from the gesture update
 * of a position to each other client's board snapshot showing it (including the model's wait for
 * its send slot); stroke latency from `create` to each other client's snapshot holding the
 * stroke. Then nothing may be
 * lost: every board must hold every stroke and each rectangle at its last position, as stored.
 *
 * Baseline, in the same run: a raw `ws` server broadcasting each position to the same number of
 * sockets in this process; the table gives the ratio of the move p95 to it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { BOARD_COLORS } from "@rooms/domain";
import WebSocket from "ws";
import { GESTURE_SEND_MS, createBoard, type Board } from "../src/board";
import { pushRootProject } from "../src/test-support/push";
import { clock, cpuMsOf, join, loadavg, sleep, startBaseline, startDeployment } from "./harness";
import { summary } from "./stats";

const flag = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const CLIENTS = flag("clients", 10);
const DURATION_MS = flag("seconds", 10) * 1000;
const WARMUP_MS = 1_000;
const POINTER_HZ = flag("hz", 20);
const BURST = process.argv.includes("--burst");
const STROKE_EVERY_MS = 2_000;
const STROKE_POINTS = 50;
const TARGET_P95_MS = 50;

/** Resolves when `board` satisfies `ready`, checking on every snapshot. */
function until(board: Board, ready: (b: Board) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ready(board)) return resolve();
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 30_000);
    const stop = board.subscribe(() => {
      if (!ready(board)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

function stroke(index: number): number[] {
  return Array.from({ length: STROKE_POINTS }, (_, i) => [
    i * 2,
    (index * 7 + i * 3) % 80,
    0.5,
  ]).flat();
}

async function boardPhase(url: string) {
  const owner = await join(url);
  const roomId = (await owner.mutation(api.rooms.create, {
    name: "Bench board",
    type: "whiteboard",
    isPrivate: false,
  })) as Id<"rooms">;
  const clients = [owner];
  for (let i = 1; i < CLIENTS; i++) {
    const client = await join(url);
    await client.mutation(api.rooms.join, { roomId });
    clients.push(client);
  }
  const boards = clients.map((client) => createBoard(client, roomId));
  await Promise.all(boards.map((b) => until(b, (x) => x.getSnapshot().status === "ready", "load")));

  // Each client's rectangle, then everyone sees all of them.
  const own = boards.map((board, i) =>
    board.create({ kind: "rectangle", x: 0, y: i * 50, width: 40, height: 30 }),
  );
  if (own.some((id) => id === null)) throw new Error("a rectangle was refused");
  await Promise.all(
    boards.map((b) => until(b, (x) => x.getSnapshot().shapes.length === CLIENTS, "rectangles")),
  );

  const moves: number[] = [];
  const strokes: number[] = [];
  /** `${shapeId}:${x}` → when the gesture was updated to that position. */
  const updatedAt = new Map<string, number>();
  /** Stroke id → when it was created, and by which client. */
  const strokeAt = new Map<string, { at: number; by: number }>();
  let measuring = false;
  boards.forEach((board, viewer) => {
    const seenX = new Map<string, number>();
    const seenStrokes = new Set<string>();
    board.subscribe((snapshot) => {
      const now = clock();
      for (const shape of snapshot.shapes) {
        if (shape.kind === "rectangle" && shape.id !== own[viewer]) {
          if (seenX.get(shape.id) === shape.x) continue;
          seenX.set(shape.id, shape.x);
          const at = updatedAt.get(`${shape.id}:${shape.x}`);
          if (measuring && at !== undefined) moves.push(now - at);
        } else if (shape.kind === "pen" && !seenStrokes.has(shape.id)) {
          seenStrokes.add(shape.id);
          const drawn = strokeAt.get(shape.id);
          if (measuring && drawn !== undefined && drawn.by !== viewer) strokes.push(now - drawn.at);
        }
      }
    });
  });

  const start = clock();
  const gestures = boards.map((board, i) => board.gesture([own[i]!]));
  /** Each client's last position (x = its step count). */
  const steps = boards.map(() => 0);
  const strokeIds: string[] = [];
  const stepsPerStroke = (STROKE_EVERY_MS * POINTER_HZ) / 1000;
  // Users move independently: client i's moves are offset by i / CLIENTS of the interval, one
  // client per tick, round-robin. `--burst`: every client moves on the same tick (the worst
  // case: ten mutations arrive together and queue).
  let tick = 0;
  const timer = setInterval(
    () => {
      const movers = BURST ? boards.map((_, i) => i) : [tick++ % CLIENTS];
      for (const i of movers) move(i);
    },
    BURST ? 1000 / POINTER_HZ : 1000 / POINTER_HZ / CLIENTS,
  );
  function move(i: number): void {
    const board = boards[i]!;
    const step = ++steps[i]!;
    const now = clock();
    measuring = now - start > WARMUP_MS;
    updatedAt.set(`${own[i]}:${step}`, now);
    gestures[i]!.update([{ id: own[i]!, x: step, y: i * 50 }]);
    // Each client's strokes are spread over the interval, not all at once.
    if ((step + i * 2) % stepsPerStroke === 0) {
      const id = board.create({
        kind: "pen",
        x: 500,
        y: i * 100,
        width: (STROKE_POINTS - 1) * 2,
        height: 80,
        points: stroke(step),
        color: BOARD_COLORS[i % BOARD_COLORS.length],
      });
      if (id !== null) {
        strokeAt.set(id, { at: clock(), by: i });
        strokeIds.push(id);
      }
    }
  }
  await sleep(DURATION_MS);
  clearInterval(timer);
  gestures.forEach((gesture) => gesture.end());
  const lastX = new Map(own.map((id, i) => [id, steps[i]!]));

  // Nothing lost: every board holds every stroke and every rectangle at its last position.
  await Promise.all(
    boards.map((board) =>
      until(
        board,
        (b) => {
          const shapes = b.getSnapshot().shapes;
          const rectangles = shapes.filter((s) => s.kind === "rectangle");
          return (
            shapes.filter((s) => s.kind === "pen").length === strokeIds.length &&
            rectangles.length === CLIENTS &&
            rectangles.every((s) => s.x === lastX.get(s.id))
          );
        },
        "the final board",
      ).then(
        () => true,
        () => false,
      ),
    ),
  ).then((all) => {
    if (!all.every(Boolean)) throw new Error("a board lost a change");
  });
  const stored = await owner.query(api.boards.list, { roomId });
  const intact =
    stored.filter((s) => s.kind === "pen").length === strokeIds.length &&
    stored.filter((s) => s.kind === "rectangle").every((s) => s.x === lastX.get(s.id));
  for (const board of boards) board.dispose();
  await Promise.all(clients.map((client) => client.close()));
  return { moves, strokes, intact, strokesDrawn: strokeIds.length };
}

/** The same movers over a raw `ws` broadcast: each position to every other socket. */
async function baselinePhase(url: string): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(url);
          socket.once("open", () => resolve(socket));
          socket.once("error", reject);
        }),
    ),
  );
  const latencies: number[] = [];
  const start = clock();
  sockets.forEach((socket, viewer) =>
    socket.on("message", (data) => {
      const { from, at } = JSON.parse(String(data)) as { from: number; at: number };
      if (from !== viewer && at - start > WARMUP_MS) latencies.push(clock() - at);
    }),
  );
  let step = 0;
  const timer = setInterval(() => {
    step++;
    sockets.forEach((socket, from) =>
      socket.send(JSON.stringify({ from, at: clock(), x: step, y: from * 50 })),
    );
  }, GESTURE_SEND_MS);
  await sleep(DURATION_MS);
  clearInterval(timer);
  await sleep(200);
  for (const socket of sockets) socket.close();
  return latencies;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-bench-board-"));
  const adminKey = "rooms-bench-admin-key";
  const deployment = await startDeployment(dataDir, adminKey);
  const baseline = await startBaseline();
  try {
    await pushRootProject({ cloudUrl: deployment.url, adminKey });
    const loadAtStart = loadavg();
    const cpuBefore = cpuMsOf(deployment.child.pid!);
    const board = await boardPhase(deployment.url);
    const deploymentCpu = (cpuMsOf(deployment.child.pid!) - cpuBefore) / DURATION_MS;
    const loadAfterBoard = loadavg();
    const base = await baselinePhase(baseline.url);
    const [move, strokeSummary, raw] = [
      summary(board.moves),
      summary(board.strokes),
      summary(base),
    ];
    const ms = (n: number) => n.toFixed(1);
    console.log(
      `\nBoard bench: ${CLIENTS} clients, ${DURATION_MS / 1000} s, moves at ${POINTER_HZ} Hz each (${BURST ? "all on one tick" : "staggered"}; sent at most every ${GESTURE_SEND_MS} ms), a ${STROKE_POINTS}-point stroke per client every ${STROKE_EVERY_MS / 1000} s`,
    );
    console.log(
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average ${loadAtStart} at start, ${loadAfterBoard} after the board phase\n`,
    );
    console.log("| measure | n | p50 ms | p95 ms | p99 ms | max ms |");
    console.log("| -- | --: | --: | --: | --: | --: |");
    for (const [name, s] of [
      ["move → others' boards", move],
      ["stroke → others' boards", strokeSummary],
      ["baseline: raw ws broadcast", raw],
    ] as const) {
      console.log(
        `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} |`,
      );
    }
    console.log(
      `\nmove p95 / baseline p95: ${(move.p95 / raw.p95).toFixed(1)}×; deployment CPU ${(deploymentCpu * 100).toFixed(0)}% of one core; strokes drawn ${board.strokesDrawn}; nothing lost: ${board.intact ? "yes" : "NO"}`,
    );
    console.log(
      `target: move p95 < ${TARGET_P95_MS} ms at load ≤ 1.5 — ${move.p95 < TARGET_P95_MS ? "met" : "NOT met"} (p95 ${ms(move.p95)} ms, load ${loadAfterBoard.split(" / ")[0]})`,
    );
    if (!board.intact) process.exitCode = 1;
  } finally {
    deployment.child.kill();
    baseline.child.kill();
  }
}

await main();
