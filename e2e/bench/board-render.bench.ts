// Render cost of the whiteboard per framework, in Chromium, every app in the same run on the
// same deployment and board (issue 14; the comparison report reads these figures):
//
// - Load: a fresh page opens a whiteboard room of 1,000 shapes; wall time from navigation to
//   the 1,000th `board-shape` in the DOM, and the page's main-thread busy time (CDP Performance
//   metrics, TaskDuration) spent on the way.
// - Select all: Ctrl+A on the loaded board marks all 1,000 shapes selected (every shape
//   component updates, no network): in the page, from the key event to the DOM holding all
//   1,000 `data-selected` (a MutationObserver), and to the frame after it.
// - Remote moves: a scripted member (a Node ConvexClient) moves one shape 100 times, each move
//   awaited and 40 ms apart; per move, the time from sending it to its new `x` in the page's
//   DOM (a MutationObserver stamps it; one machine, one clock), and the page's main-thread
//   time per move.
//
// Runs are interleaved (Svelte, Vue, Svelte, …) so load drifts hit both alike. Prints a table
// with medians (and p95 for latencies), the machine and its load average.
import type { ConvexClient } from "convex/browser";
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { BOARD_BATCH_MAX, testIds, zKeysOnTop, type Shape } from "@rooms/domain";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { apps, appUrl, type AppUnderTest } from "../apps";
import { signInAsGuest } from "../fixtures";
import {
  mainThreadMs,
  median,
  printTable,
  quantile,
  scriptedMember,
  writeFigures,
  type Figure,
} from "./support";

const SHAPES = 1000;
const MOVES = 100;
// Under the 30 board writes per second a member may make (BOARD_UPDATES_PER_SECOND).
const MOVE_GAP_MS = 40;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** A public whiteboard room of SHAPES shapes, made by the scripted member. */
async function scriptedBoard() {
  const { client, createRoom } = await scriptedMember();
  const roomId = await createRoom("whiteboard");
  const keys = zKeysOnTop([], SHAPES);
  const shapes: Shape[] = Array.from({ length: SHAPES }, (_, i) => ({
    id: `s${i}`,
    kind: "rectangle",
    x: (i % 40) * 30,
    y: Math.floor(i / 40) * 30,
    width: 24,
    height: 24,
    color: "#0969da",
    strokeWidth: 2,
    z: keys[i]!,
  }));
  for (let i = 0; i < shapes.length; i += BOARD_BATCH_MAX) {
    await client.mutation(api.boards.create, {
      roomId,
      shapes: shapes.slice(i, i + BOARD_BATCH_MAX),
    });
  }
  return { client, roomId };
}

/** A signed-in guest's page on `app`, with CDP metrics on. */
async function openApp(browser: Browser, app: AppUnderTest) {
  const context = await browser.newContext({ baseURL: appUrl(app) });
  const page = await context.newPage();
  await signInAsGuest(page);
  return { context, page };
}

async function loadBoard(page: Page, roomId: string): Promise<{ wallMs: number; mainMs: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const before = await mainThreadMs(cdp);
  const start = Date.now();
  await page.goto(`/rooms/${roomId}`);
  await page.waitForFunction(
    ([testId, n]) => document.querySelectorAll(`[data-testid="${testId}"]`).length === n,
    [testIds.boardShape, SHAPES] as const,
    { polling: "raf", timeout: 60_000 },
  );
  const wallMs = Date.now() - start;
  const mainMs = (await mainThreadMs(cdp)) - before;
  await cdp.detach();
  return { wallMs, mainMs };
}

async function selectAll(page: Page): Promise<{ wallMs: number; scriptMs: number }> {
  await page.getByTestId(testIds.boardCanvas).focus();
  // In the page: from the key event to the DOM holding every selected shape (the work the
  // framework does synchronously or in its scheduler), and to the next frame after it.
  await page.evaluate((n) => {
    const w = window as unknown as { pressedAt?: number; renderedAt?: number; paintedAt?: number };
    delete w.pressedAt;
    delete w.renderedAt;
    delete w.paintedAt;
    window.addEventListener("keydown", () => (w.pressedAt = performance.now()), {
      capture: true,
      once: true,
    });
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll('[data-selected="true"]').length < n) return;
      w.renderedAt = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => (w.paintedAt = performance.now())));
    });
    observer.observe(document.body, {
      attributes: true,
      subtree: true,
      attributeFilter: ["data-selected"],
    });
  }, SHAPES);
  await page.keyboard.press("Control+a");
  await page.waitForFunction(
    () => (window as unknown as { paintedAt?: number }).paintedAt !== undefined,
  );
  const { pressedAt, renderedAt, paintedAt } = await page.evaluate(() => {
    const w = window as unknown as { pressedAt: number; renderedAt: number; paintedAt: number };
    return { pressedAt: w.pressedAt, renderedAt: w.renderedAt, paintedAt: w.paintedAt };
  });
  await page.keyboard.press("Escape");
  await page.waitForFunction(
    () => document.querySelectorAll('[data-selected="true"]').length === 0,
  );
  return { wallMs: paintedAt - pressedAt, scriptMs: renderedAt - pressedAt };
}

async function remoteMoves(
  page: Page,
  client: ConvexClient,
  roomId: Id<"rooms">,
  run: number,
): Promise<{ latencies: number[]; mainMsPerMove: number }> {
  const shapeId = "s500";
  await page.evaluate((id) => {
    const element = document.querySelector(`[data-shape-id="${id}"]`)!;
    const seen: Record<string, number> = {};
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      seen[element.getAttribute("x")!] ??= Date.now();
    }).observe(element, { attributes: true, attributeFilter: ["x"] });
  }, shapeId);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const before = await mainThreadMs(cdp);
  const sentAt = new Map<number, number>();
  const base = 2000 + run * 1000;
  for (let i = 1; i <= MOVES; i++) {
    const x = base + i;
    sentAt.set(x, Date.now());
    await client.mutation(api.boards.update, { roomId, patches: [{ id: shapeId, x }] });
    await new Promise((resolve) => setTimeout(resolve, MOVE_GAP_MS));
  }
  await expect
    .poll(() =>
      page.evaluate(() => Object.keys((window as unknown as { seen: object }).seen).length),
    )
    .toBe(MOVES);
  const mainMs = (await mainThreadMs(cdp)) - before;
  await cdp.detach();
  const seen = await page.evaluate(
    () => (window as unknown as { seen: Record<string, number> }).seen,
  );
  const latencies = [...sentAt].map(([x, at]) => seen[String(x)]! - at);
  return { latencies, mainMsPerMove: mainMs / MOVES };
}

test("board render cost per app", async ({ browser }) => {
  const { client, roomId } = await scriptedBoard();
  const figures = new Map(
    apps.map((app) => [
      app.name,
      {
        wall: [] as number[],
        main: [] as number[],
        selectWall: [] as number[],
        selectMain: [] as number[],
        latency: [] as number[],
        movesMain: [] as number[],
      },
    ]),
  );
  const sessions = new Map<string, Awaited<ReturnType<typeof openApp>>>();
  for (const app of apps) sessions.set(app.name, await openApp(browser, app));
  // One warm-up load per app (caches, JIT), not counted.
  for (const app of apps) await loadBoard(sessions.get(app.name)!.page, roomId);

  for (let run = 0; run < RUNS; run++) {
    for (const app of apps) {
      const { context } = sessions.get(app.name)!;
      const page = await context.newPage();
      const load = await loadBoard(page, roomId);
      const select = await selectAll(page);
      const moves = await remoteMoves(page, client, roomId, run * apps.length + apps.indexOf(app));
      const f = figures.get(app.name)!;
      f.wall.push(load.wallMs);
      f.main.push(load.mainMs);
      f.selectWall.push(select.wallMs);
      f.selectMain.push(select.scriptMs);
      f.latency.push(...moves.latencies);
      f.movesMain.push(moves.mainMsPerMove);
      await page.close();
      console.log(
        `run ${run + 1}/${RUNS} ${app.name}: load ${load.wallMs} ms (main ${load.mainMs.toFixed(0)} ms), move p50 ${median(moves.latencies)} ms`,
      );
    }
  }
  for (const { context } of sessions.values()) await context.close();
  await client.close();

  const of = (
    label: string,
    unit: string,
    pick: (f: NonNullable<ReturnType<typeof figures.get>>) => number[],
    summarise: (samples: number[]) => number = median,
  ): Figure => ({
    label,
    unit,
    values: Object.fromEntries(
      apps.map((app) => {
        const samples = pick(figures.get(app.name)!);
        return [app.name, { value: summarise(samples), samples }];
      }),
    ),
  });
  const table = [
    of("Board load, app start included → 1,000 shapes in the DOM, median", "ms", (f) => f.wall),
    of("Board load: main-thread busy time, median", "ms", (f) => f.main),
    of("Select all 1,000 shapes: key → DOM updated, median", "ms", (f) => f.selectMain),
    of("Select all 1,000 shapes: key → next frame, median", "ms", (f) => f.selectWall),
    of("Remote shape move → DOM, p50", "ms", (f) => f.latency),
    of(
      "Remote shape move → DOM, p95",
      "ms",
      (f) => f.latency,
      (v) => quantile(v, 0.95),
    ),
    of("Remote shape move: main-thread busy time per move, median", "ms", (f) => f.movesMain),
  ];
  printTable(
    `Board render bench: ${SHAPES} shapes, ${MOVES} remote moves × ${RUNS} runs per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("board-render", table);
});
