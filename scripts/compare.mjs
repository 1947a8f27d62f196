// `pnpm compare`: Svelte and Vue side by side on this machine, in one run. Builds both apps,
// times builds and type checks, counts code and installed packages, runs the browser benches
// (e2e/bench: sizes per route and load times, keystroke and cursor latency between two browsers,
// whiteboard rendering, a chat burst and the JS heap, dev-server cold start and hot update,
// Lighthouse) against one deployment, checks conformance (e2e results, stories, visual
// parity of every story pair), and writes reports/compare/report.json (every sample), report.md,
// report.html (one page, no network, SVG charts) and the summary in COMPARISON.md.
//
// Each figure is Vue / Svelte as a ratio (below 1: Vue smaller or faster). A section's score is
// the geometric mean of its ratios and the overall score the weighted geometric mean of the
// sections (weights in WEIGHTS), as js-framework-benchmark summarises its tables.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bundleMetrics } from "./compare/bundle.mjs";
import { codeMetrics, frameworkFiles } from "./compare/code.mjs";
import { APPS, ROOT, loadavg, metric, step, timed, valuesOf } from "./compare/common.mjs";
import { conformance } from "./compare/conformance.mjs";
import { dependencyMetrics, lockfileVersions } from "./compare/dependencies.mjs";
import { html, markdown, summary } from "./compare/render.mjs";

const OUT = path.join(ROOT, "reports/compare");
const RAW = path.join(OUT, "raw");
const RUNS = Number(process.env.COMPARE_RUNS ?? 3);

function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? "chromium", ["--version"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
}

// ——— The run ———

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(RAW, { recursive: true });
const loadStart = loadavg();
const metrics = [];

step("building the local deployment");
timed("pnpm", ["exec", "turbo", "run", "build", "--filter=@rooms/local-deployment"], ROOT);

step(`timing production builds and type checks (${RUNS} runs each, interleaved)`);
const builds = APPS.map(() => []);
const checks = APPS.map(() => []);
for (let run = 0; run < RUNS; run++) {
  APPS.forEach((app, i) => {
    builds[i].push(timed("pnpm", ["run", "build"], path.join(ROOT, app.dir)));
    checks[i].push(timed("pnpm", ["run", "typecheck"], path.join(ROOT, app.dir)));
    step(
      `  run ${run + 1}/${RUNS} ${app.name}: build ${(builds[i].at(-1) / 1000).toFixed(1)} s, typecheck ${(checks[i].at(-1) / 1000).toFixed(1)} s`,
    );
  });
}
metrics.push(metric("dx", "production build (vite build), median", "ms", valuesOf(builds)));
metrics.push(metric("dx", "type check (svelte-check / vue-tsc), median", "ms", valuesOf(checks)));

step("bundle composition: one more production build per app with rollup-plugin-visualizer");
metrics.push(...bundleMetrics(RAW));

step("counting code and installed packages");
metrics.push(...codeMetrics(), ...dependencyMetrics());

step("running the browser benches (e2e/bench: builds the apps, starts a deployment)");
timed(
  "pnpm",
  ["exec", "playwright", "test", "-c", "playwright.bench.config.ts"],
  path.join(ROOT, "e2e"),
  {
    BENCH_OUT: RAW,
    BENCH_RUNS: String(Math.max(3, RUNS)),
  },
);
// Each bench's figures and the section they belong to (app-load: sizes, except its load times).
const BENCHES = {
  "app-load": (label) => (/ (JS|CSS) |requests/.test(label) ? "size" : "runtime"),
  "collab-latency": () => "runtime",
  "board-render": () => "runtime",
  "chat-burst": () => "runtime",
  "dev-server": () => "dx",
  lighthouse: () => "runtime",
};
for (const [name, sectionOf] of Object.entries(BENCHES)) {
  const { figures } = JSON.parse(fs.readFileSync(path.join(RAW, `${name}.json`), "utf8"));
  for (const figure of figures) {
    const m = metric(sectionOf(figure.label), figure.label, figure.unit, figure.values);
    // Scores: higher is better, so a Vue / Svelte ratio would read backwards. Shown, not scored.
    metrics.push(figure.unit === "score" ? { ...m, scored: false } : m);
  }
}

step("conformance: building both Storybooks, then comparing every story pair pixel by pixel");
timed(
  "pnpm",
  ["exec", "turbo", "run", "build-storybook", "--filter=@rooms/svelte", "--filter=@rooms/vue"],
  ROOT,
);
const checks5 = conformance();
step(
  `  ${checks5.parity.identical} of ${checks5.parity.pairs.length} story pairs pixel-identical; e2e results ${checks5.e2e === null ? "not found (run pnpm test)" : "from the last pnpm test"}`,
);

const report = {
  date: new Date().toISOString().slice(0, 10),
  environment: {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadStart,
    loadEnd: loadavg(),
    node: process.version,
    chromium: chromiumVersion(),
    versions: lockfileVersions(),
  },
  metrics,
  summary: summary(metrics),
  frameworkFiles: frameworkFiles(),
  conformance: checks5,
  notMeasured: [],
};
fs.writeFileSync(path.join(OUT, "report.json"), JSON.stringify(report, null, 2));
const md = markdown(report);
fs.writeFileSync(path.join(OUT, "report.md"), `# Rooms: Svelte and Vue compared\n\n${md}\n`);
fs.writeFileSync(path.join(OUT, "report.html"), html(report));
fs.writeFileSync(
  path.join(ROOT, "COMPARISON.md"),
  `# Svelte and Vue, one app, one backend\n\nThe latest \`pnpm compare\` run (scripts/compare.mjs): the same Rooms app in SvelteKit and in\nVue, on one local deployment, measured in the same run. The full report with every sample is\nwritten to \`reports/compare/\` (report.html, report.json, report.md).\n\n${md}\n`,
);
step(
  `done: reports/compare/report.html, report.json, report.md and COMPARISON.md (overall Vue / Svelte ${report.summary.overall.toFixed(2)})`,
);
