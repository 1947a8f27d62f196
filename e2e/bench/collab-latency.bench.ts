// How fast one member's input reaches another member's page, per app, in Chromium, every app in
// the same run on the same deployment. Two guests (two browser contexts of the same app) in one
// document room; one machine, one clock (Date.now in both pages):
//
// - Keystroke → other browser's DOM: A types KEYS characters into the open document, KEY_GAP_MS
//   apart; A's page stamps each keydown, B's page polls its editor's value every millisecond
//   and stamps each length it reaches. Latency of character i = B reaching length i − A's
//   keydown i.
// - Remote cursor → DOM: A's pointer moves to MOVES positions over the room, MOVE_GAP_MS apart;
//   B's page (reduced motion: cursors jump instead of gliding) stamps each change of A's cursor
//   element. Latency = the change − A's last move before it.
import { api } from "@rooms/convex/_generated/api";
import { testIds } from "@rooms/domain";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { apps, appUrl, type AppUnderTest } from "../apps";
import { signInAsGuest } from "../fixtures";
import { median, printTable, quantile, scriptedMember, writeFigures, type Figure } from "./support";

const KEYS = 120;
const KEY_GAP_MS = 60;
const MOVES = 60;
const MOVE_GAP_MS = 150;

async function member(browser: Browser, app: AppUnderTest, url: string, reducedMotion = false) {
  const context = await browser.newContext({
    baseURL: appUrl(app),
    reducedMotion: reducedMotion ? "reduce" : "no-preference",
  });
  const page = await context.newPage();
  await signInAsGuest(page);
  await page.goto(url);
  await expect(page.getByTestId(testIds.documentEditor)).toBeEnabled();
  return { context, page };
}

async function keystrokes(a: Page, b: Page): Promise<number[]> {
  await b.evaluate((testId) => {
    const editor = document.querySelector<HTMLTextAreaElement>(`[data-testid="${testId}"]`)!;
    const reached: number[] = [];
    let last = editor.value.length;
    (window as unknown as { reached: number[] }).reached = reached;
    setInterval(() => {
      const length = editor.value.length;
      for (let n = last + 1; n <= length; n++) reached[n] = Date.now();
      last = Math.max(last, length);
    }, 1);
  }, testIds.documentEditor);
  const editor = a.getByTestId(testIds.documentEditor);
  await editor.click();
  await a.keyboard.press("Control+End");
  // Only the typed characters (not Control+End above).
  await a.evaluate(() => {
    const pressed: number[] = [];
    (window as unknown as { pressed: number[] }).pressed = pressed;
    const stamp = (event: KeyboardEvent) => event.key === "x" && pressed.push(Date.now());
    window.addEventListener("keydown", stamp, { capture: true });
  });
  await a.keyboard.type("x".repeat(KEYS), { delay: KEY_GAP_MS });
  await expect(b.getByTestId(testIds.documentEditor)).toHaveValue(/x{120}/);
  const pressed = await a.evaluate(() => (window as unknown as { pressed: number[] }).pressed);
  const reached = await b.evaluate(() => (window as unknown as { reached: number[] }).reached);
  const base = reached.findIndex((value) => value !== undefined && value !== null) - 1;
  return pressed.map((at, i) => reached[base + 1 + i]! - at);
}

async function cursorMoves(a: Page, b: Page): Promise<number[]> {
  await b.evaluate((testId) => {
    const changes: number[] = [];
    (window as unknown as { changes: number[] }).changes = changes;
    // Only a new position counts (a frame may set the same style again).
    const last = new WeakMap<Element, string | null>();
    new MutationObserver((mutations) => {
      for (const m of mutations) {
        const element = m.target as Element;
        if (!element.closest?.(`[data-testid="${testId}"]`)) continue;
        const style = element.getAttribute("style");
        if (last.get(element) === style) continue;
        last.set(element, style);
        changes.push(Date.now());
        return;
      }
    }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ["style"] });
  }, testIds.cursor);
  const box = (await a.getByTestId(testIds.chatPanel).boundingBox())!;
  const moves: number[] = [];
  for (let i = 0; i < MOVES; i++) {
    moves.push(Date.now());
    await a.mouse.move(
      box.x + 20 + ((i * 37) % Math.max(40, box.width - 40)),
      box.y + 20 + ((i * 53) % 200),
    );
    await a.waitForTimeout(MOVE_GAP_MS);
  }
  await b.waitForTimeout(500);
  const changes = await b.evaluate(() => (window as unknown as { changes: number[] }).changes);
  // Each change answers the last move made before it; several changes per move count once.
  const latencies = new Map<number, number>();
  for (const at of changes) {
    const move = moves.findLast((m) => m <= at);
    if (move !== undefined && !latencies.has(move)) latencies.set(move, at - move);
  }
  return [...latencies.values()];
}

test("collaboration latency per app", async ({ browser }) => {
  const scripted = await scriptedMember();
  const figures = new Map(
    apps.map((app) => [app.name, { keys: [] as number[], cursor: [] as number[] }]),
  );
  for (const app of apps) {
    const roomId = await scripted.createRoom("document");
    const documentId = await scripted.client.mutation(api.documents.create, {
      roomId,
      title: "Bench",
    });
    const url = `/rooms/${roomId}?doc=${documentId}`;
    const a = await member(browser, app, url);
    const b = await member(browser, app, url, true);
    figures.get(app.name)!.keys.push(...(await keystrokes(a.page, b.page)));
    figures.get(app.name)!.cursor.push(...(await cursorMoves(a.page, b.page)));
    console.log(
      `${app.name}: keystroke p50 ${median(figures.get(app.name)!.keys)} ms, cursor p50 ${median(figures.get(app.name)!.cursor)} ms`,
    );
    await a.context.close();
    await b.context.close();
  }
  await scripted.client.close();

  const of = (label: string, pick: "keys" | "cursor", q: number): Figure => ({
    label,
    unit: "ms",
    values: Object.fromEntries(
      apps.map((app) => {
        const samples = figures.get(app.name)![pick];
        return [app.name, { value: quantile(samples, q), samples }];
      }),
    ),
  });
  const table = [
    of("Keystroke → other browser's DOM, p50", "keys", 0.5),
    of("Keystroke → other browser's DOM, p95", "keys", 0.95),
    of("Remote cursor → DOM, p50", "cursor", 0.5),
    of("Remote cursor → DOM, p95", "cursor", 0.95),
  ];
  printTable(
    `Collaboration latency bench: ${KEYS} keystrokes, ${MOVES} pointer moves per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("collab-latency", table);
});
