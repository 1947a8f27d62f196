// Lighthouse per framework (issue 15's runtime section): performance, accessibility and best
// practices of the sign-in page (signed out) and the lobby (signed in as a guest), each app's
// production build on the suite's deployment, with Lighthouse's default configuration (a mobile
// device, simulated slow 4G and 4× CPU slowdown; with the desktop one every score here is 99 or
// 100). Lighthouse 12 (the last to run on Node 20) drives Debian's Chromium: Playwright launches
// it with a remote-debugging port and a profile of its own, signs in on a page there, and
// Lighthouse opens its tab in the same browser (the lobby run keeps the origin's storage, so it
// stays signed in). Offline: the pages load only from 127.0.0.1.
//
// Scores are 0–100, higher is better; runs interleaved (Svelte, Vue, …), medians reported.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { chromium, test } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "@rooms/tooling/chromium";
import { apps, appUrl } from "../apps";
import { signInAsGuest } from "../fixtures";
import { median, printTable, writeFigures, type Figure } from "./support";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 9341;
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const ROUTES = ["sign-in", "lobby"] as const;
type Scores = Record<(typeof CATEGORIES)[number], number>;

async function audit(url: string, disableStorageReset: boolean): Promise<Scores> {
  const result = await lighthouse(url, {
    port: PORT,
    logLevel: "error",
    output: "json",
    onlyCategories: [...CATEGORIES],
    disableStorageReset,
  });
  if (result === undefined) throw new Error(`Lighthouse returned no result for ${url}`);
  const { categories, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code} ${runtimeError.message}`);
  return Object.fromEntries(
    CATEGORIES.map((c) => [c, Math.round((categories[c]?.score ?? Number.NaN) * 100)]),
  ) as Scores;
}

test("lighthouse scores per app", async () => {
  test.setTimeout(15 * 60_000);
  const samples = new Map(
    apps.map((app) => [
      app.name,
      Object.fromEntries(ROUTES.map((route) => [route, [] as Scores[]])) as Record<
        (typeof ROUTES)[number],
        Scores[]
      >,
    ]),
  );
  for (let run = 0; run < RUNS; run++) {
    for (const app of apps) {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-lighthouse-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        args: [...chromiumArgs, `--remote-debugging-port=${PORT}`],
        baseURL: appUrl(app),
      });
      try {
        const perApp = samples.get(app.name)!;
        perApp["sign-in"].push(await audit(`${appUrl(app)}/`, false));
        await signInAsGuest(context.pages()[0] ?? (await context.newPage()));
        perApp.lobby.push(await audit(`${appUrl(app)}/`, true));
        console.log(
          `run ${run + 1}/${RUNS} ${app.name}: sign-in ${JSON.stringify(perApp["sign-in"].at(-1))}, lobby ${JSON.stringify(perApp.lobby.at(-1))}`,
        );
      } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
      }
    }
  }
  const table: Figure[] = ROUTES.flatMap((route) =>
    CATEGORIES.map((category) => ({
      label: `Lighthouse ${category} (mobile), ${route}, median`,
      unit: "score",
      values: Object.fromEntries(
        apps.map((app) => {
          const values = samples.get(app.name)![route].map((s) => s[category]);
          return [app.name, { value: median(values), samples: values }];
        }),
      ),
    })),
  );
  printTable(
    `Lighthouse bench: ${RUNS} runs per route per app`,
    apps.map((app) => app.name),
    table,
  );
  await writeFigures("lighthouse", table);
});
