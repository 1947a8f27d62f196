// Chat under a burst, per framework, in Chromium, every app in the same run on one deployment
// (issue 15's runtime section; the comparison report reads these figures):
//
// - Burst: 20 scripted members (Node ConvexClients signed in as guests) send 100 messages at
//   once, 5 each (the server's MESSAGES_PER_SECOND per member); the page, open on the chat room,
//   shows them. Measured: wall time from the first send to the 100th message in the page's DOM,
//   the page's main-thread busy time over that window (CDP Performance metrics, TaskDuration),
//   and long tasks (over 50 ms, PerformanceObserver "longtask"): count and total duration.
// - JS heap: used heap (CDP JSHeapUsedSize, after a forced garbage collection) once the room is
//   open and empty, and after five bursts (500 messages).
//
// Runs are interleaved (Svelte, Vue, Svelte, …), each in a fresh chat room and a fresh page.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { RATE_WINDOW_MS, testIds } from "@rooms/domain";
import { expect, test, type CDPSession, type Page } from "@playwright/test";
import { apps, appUrl } from "../apps";
import { signInAsGuest } from "../fixtures";
import {
  mainThreadMs,
  median,
  printTable,
  scriptedMember,
  writeFigures,
  type Figure,
} from "./support";

const SENDERS = 20;
const PER_SENDER = 5;
const BURST = SENDERS * PER_SENDER;
const BURSTS = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Used JS heap in bytes after a forced garbage collection. */
async function heapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN;
}

/** Messages in the page whose body starts with `prefix`. */
function countWithPrefix(page: Page, prefix: string): Promise<number> {
  return page.evaluate(
    ([testId, p]) =>
      [...document.querySelectorAll(`[data-testid="${testId}"]`)].filter((e) =>
        e.textContent?.startsWith(p),
      ).length,
    [testIds.messageBody, prefix] as const,
  );
}

test("chat burst and heap per app", async ({ browser }) => {
  const senders = await Promise.all(Array.from({ length: SENDERS }, () => scriptedMember()));
  // The pages' guest sign-ups share the deployment's per-second window with the senders'.
  await new Promise((resolve) => setTimeout(resolve, RATE_WINDOW_MS + 100));
  const samples = new Map(
    apps.map((app) => [
      app.name,
      {
        wall: [] as number[],
        main: [] as number[],
        longTasks: [] as number[],
        longTaskMs: [] as number[],
        heapEmpty: [] as number[],
        heapAfter: [] as number[],
      },
    ]),
  );

  for (let run = 0; run < RUNS; run++) {
    for (const app of apps) {
      const roomId: Id<"rooms"> = await senders[0]!.createRoom("chat");
      await Promise.all(senders.slice(1).map((s) => s.client.mutation(api.rooms.join, { roomId })));
      const context = await browser.newContext({ baseURL: appUrl(app) });
      const page = await context.newPage();
      await signInAsGuest(page);
      await page.goto(`/rooms/${roomId}`);
      await expect(page.getByTestId(testIds.chatPanel)).toBeVisible();
      await page.evaluate(() => {
        const w = window as unknown as { longTasks: number[] };
        w.longTasks = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
        }).observe({ type: "longtask" });
      });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      const f = samples.get(app.name)!;
      f.heapEmpty.push(await heapBytes(cdp));

      for (let burst = 0; burst < BURSTS; burst++) {
        const prefix = `r${run}b${burst}:`;
        await page.evaluate(() => ((window as unknown as { longTasks: number[] }).longTasks = []));
        const before = await mainThreadMs(cdp);
        const start = Date.now();
        await Promise.all(
          senders.map(async (s, i) => {
            for (let k = 0; k < PER_SENDER; k++) {
              await s.client.mutation(api.messages.send, {
                roomId,
                body: `${prefix} message ${i * PER_SENDER + k} from member ${i}`,
              });
            }
          }),
        );
        await expect
          .poll(() => countWithPrefix(page, prefix), { intervals: [20], timeout: 60_000 })
          .toBe(BURST);
        f.wall.push(Date.now() - start);
        f.main.push((await mainThreadMs(cdp)) - before);
        const longTasks = await page.evaluate(
          () => (window as unknown as { longTasks: number[] }).longTasks,
        );
        f.longTasks.push(longTasks.length);
        f.longTaskMs.push(longTasks.reduce((total, d) => total + d, 0));
        // The next burst starts with every member's rate window refilled.
        await new Promise((resolve) => setTimeout(resolve, 1_100));
      }
      f.heapAfter.push(await heapBytes(cdp));
      console.log(
        `run ${run + 1}/${RUNS} ${app.name}: burst → DOM median ${median(f.wall.slice(-BURSTS))} ms, heap ${(f.heapEmpty.at(-1)! / 2 ** 20).toFixed(1)} → ${(f.heapAfter.at(-1)! / 2 ** 20).toFixed(1)} MiB`,
      );
      await cdp.detach();
      await context.close();
    }
  }
  await Promise.all(senders.map((s) => s.client.close()));

  const of = (
    label: string,
    unit: string,
    pick: (f: NonNullable<ReturnType<typeof samples.get>>) => number[],
    scale = 1,
  ): Figure => ({
    label,
    unit,
    values: Object.fromEntries(
      apps.map((app) => {
        const values = pick(samples.get(app.name)!).map((v) => v / scale);
        return [app.name, { value: median(values), samples: values }];
      }),
    ),
  });
  const table = [
    of(`Chat burst of ${BURST} messages: first send → all in the DOM, median`, "ms", (f) => f.wall),
    of("Chat burst: main-thread busy time, median", "ms", (f) => f.main),
    of("Chat burst: long tasks (> 50 ms), median count", "tasks", (f) => f.longTasks),
    of("Chat burst: long tasks' total duration, median", "ms", (f) => f.longTaskMs),
    of(
      "JS heap in an open, empty chat room (after GC), median",
      "MiB",
      (f) => f.heapEmpty,
      2 ** 20,
    ),
    of(
      `JS heap after ${BURST * BURSTS} messages (after GC), median`,
      "MiB",
      (f) => f.heapAfter,
      2 ** 20,
    ),
  ];
  printTable(
    `Chat burst bench: ${BURSTS} bursts of ${BURST} messages × ${RUNS} runs per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("chat-burst", table);
});
