// Section 5 of `pnpm compare`: does each app do what the spec says, and do the two look the same?
// The e2e suite's results per app (from the last `pnpm test`: e2e writes reports/e2e/results.json,
// Playwright's JSON report; the suite takes ~25 minutes, so compare does not re-run it), the stories
// each Storybook has, and the visual parity of every story pair (e2e/stories/visual-parity.spec.ts,
// run here: it writes reports/story-parity/). Not scored: both apps must pass everything; a
// failure is a defect to fix, not a trade-off to weigh.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { APPS, ROOT } from "./common.mjs";

const PARITY_DIR = path.join(ROOT, "reports/story-parity");
const E2E_RESULTS = path.join(ROOT, "reports/e2e/results.json");
/** How many differing story pairs the report shows, worst first. */
const WORST_SHOWN = 5;

/** Playwright JSON report → `{ [project]: { passed, failed, flaky, skipped } }`. */
function e2eResults() {
  if (!fs.existsSync(E2E_RESULTS)) return null;
  const report = JSON.parse(fs.readFileSync(E2E_RESULTS, "utf8"));
  const byProject = {};
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const counts = (byProject[test.projectName] ??= {
          passed: 0,
          failed: 0,
          flaky: 0,
          skipped: 0,
        });
        const key = {
          expected: "passed",
          unexpected: "failed",
          flaky: "flaky",
          skipped: "skipped",
        }[test.status];
        counts[key ?? "failed"]++;
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  return { startTime: report.stats?.startTime ?? null, byProject };
}

function storyCounts() {
  return Object.fromEntries(
    APPS.map((app) => {
      const file = path.join(ROOT, app.dir, "storybook-static/index.json");
      if (!fs.existsSync(file)) return [app.name, null];
      const { entries } = JSON.parse(fs.readFileSync(file, "utf8"));
      return [app.name, Object.values(entries).filter((e) => e.type === "story").length];
    }),
  );
}

const dataUrl = (file) =>
  fs.existsSync(file) ? `data:image/png;base64,${fs.readFileSync(file).toString("base64")}` : null;

/** Runs the parity spec (both Storybooks must be built) and reads what it wrote. */
function storyParity() {
  const run = spawnSync(
    "pnpm",
    ["exec", "playwright", "test", "-c", "playwright.stories.config.ts"],
    { cwd: path.join(ROOT, "e2e"), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const resultsFile = path.join(PARITY_DIR, "results.jsonl");
  const pairs = fs.existsSync(resultsFile)
    ? fs
        .readFileSync(resultsFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
    : [];
  const threshold = Number(
    /MAX_DIFF_RATIO = ([\d.]+)/.exec(
      fs.readFileSync(path.join(ROOT, "e2e/stories/visual-parity.spec.ts"), "utf8"),
    )?.[1],
  );
  const worst = pairs
    .filter((pair) => pair.differentPixels > 0)
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, WORST_SHOWN)
    .map((pair) => ({
      ...pair,
      images: Object.fromEntries(
        [...APPS.map((app) => app.name), "diff"].map((kind) => [
          kind,
          dataUrl(path.join(PARITY_DIR, `${pair.id}.${kind}.png`)),
        ]),
      ),
    }));
  return {
    passed: run.status === 0,
    threshold,
    pairs: pairs.map(({ id, ratio, differentPixels, width, height }) => ({
      id,
      ratio,
      differentPixels,
      width,
      height,
    })),
    identical: pairs.filter((pair) => pair.differentPixels === 0).length,
    largest: pairs.reduce((max, pair) => Math.max(max, pair.ratio), 0),
    worst,
  };
}

export function conformance() {
  return { e2e: e2eResults(), stories: storyCounts(), parity: storyParity() };
}
