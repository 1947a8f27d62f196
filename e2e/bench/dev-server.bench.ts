// The development loop per framework (issue 15's developer-experience section): each app's Vite
// dev server, cold (its dependency pre-bundling cache, node_modules/.vite, removed first), in
// Chromium:
//
// - Cold start: from spawning `vite dev` to the sign-in page usable in the browser (the "Continue
//   as guest" button visible): server start, dependency pre-bundling and on-demand compilation
//   of every module the first page needs.
// - Hot update: an edit to a component the page shows (SignInForm's "Create an account" text,
//   written to the file) until the browser shows the new text, without a reload; then the file
//   is restored (also when the run fails).
//
// Runs are interleaved (Svelte, Vue, Svelte, …). The dev servers need no deployment to show the
// sign-in page.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { testIds } from "@rooms/domain";
import { expect, test } from "@playwright/test";
import { apps } from "../apps";
import { median, printTable, writeFigures, type Figure } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const PORT = 5190;
/** The component each app's hot update edits, and the text it changes. */
const EDITED: Record<string, string> = {
  svelte: "src/lib/features/auth/SignInForm.svelte",
  vue: "src/features/auth/SignInForm.vue",
};
const TEXT = "Create an account";
const EDITED_TEXT = "Create an account (edited)";

function startDevServer(dir: string): ChildProcess {
  // Output ignored (not piped): nothing waits on the dev server's log; readiness is polled.
  return spawn(
    "pnpm",
    ["exec", "vite", "dev", "--port", String(PORT), "--strictPort", "--host", "127.0.0.1"],
    { cwd: dir, stdio: "ignore", detached: true },
  );
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve();
    server.once("exit", () => resolve());
    process.kill(-server.pid!, "SIGTERM");
  });
}

async function untilServing(url: string, server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite dev exited with ${server.exitCode}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("dev server cold start and hot update per app", async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const samples = new Map(
    apps.map((app) => [app.name, { cold: [] as number[], hot: [] as number[] }]),
  );
  for (let run = 0; run < RUNS; run++) {
    for (const app of apps) {
      const dir = path.join(ROOT, app.dir);
      const file = path.join(dir, EDITED[app.name]!);
      const original = fs.readFileSync(file, "utf8");
      expect(original).toContain(TEXT);
      fs.rmSync(path.join(dir, "node_modules/.vite"), { recursive: true, force: true });
      const url = `http://127.0.0.1:${PORT}/`;
      const start = Date.now();
      const server = startDevServer(dir);
      const context = await browser.newContext();
      try {
        await untilServing(url, server);
        const page = await context.newPage();
        await page.goto(url);
        await expect(page.getByTestId(testIds.guestButton)).toBeVisible({ timeout: 120_000 });
        const cold = Date.now() - start;
        // A reload would lose this marker: the update must be hot.
        await page.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));
        const edited = Date.now();
        fs.writeFileSync(file, original.replace(TEXT, EDITED_TEXT));
        await expect(page.getByText(EDITED_TEXT)).toBeVisible({ timeout: 30_000 });
        const hot = Date.now() - edited;
        expect(
          await page.evaluate(() => (window as unknown as { marker?: boolean }).marker),
          "the page reloaded instead of updating in place",
        ).toBe(true);
        samples.get(app.name)!.cold.push(cold);
        samples.get(app.name)!.hot.push(hot);
        console.log(
          `run ${run + 1}/${RUNS} ${app.name}: cold start ${cold} ms, hot update ${hot} ms`,
        );
      } finally {
        fs.writeFileSync(file, original);
        await context.close();
        await stop(server);
      }
    }
  }
  const of = (label: string, pick: (s: { cold: number[]; hot: number[] }) => number[]): Figure => ({
    label,
    unit: "ms",
    values: Object.fromEntries(
      apps.map((app) => {
        const values = pick(samples.get(app.name)!);
        return [app.name, { value: median(values), samples: values }];
      }),
    ),
  });
  const table = [
    of("Dev server cold start (no pre-bundle cache) → sign-in page usable, median", (s) => s.cold),
    of("Hot update: component edit saved → new text in the page, median", (s) => s.hot),
  ];
  printTable(
    `Dev server bench: ${RUNS} cold starts and hot updates per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("dev-server", table);
});
