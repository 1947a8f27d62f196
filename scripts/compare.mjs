// `pnpm compare`: Svelte and Vue side by side on this machine, in one run. Builds both apps,
// times builds and type checks, counts code, then runs the browser benches (e2e/bench: sizes
// per route and load times, keystroke and cursor latency between two browsers, whiteboard
// rendering) against one deployment, and writes reports/compare/report.json (every sample),
// report.md, report.html (one page, no network, SVG charts) and the summary in COMPARISON.md.
//
// Each figure is Vue / Svelte as a ratio (below 1: Vue smaller or faster). A section's score is
// the geometric mean of its ratios and the overall score the weighted geometric mean of the
// sections (weights in WEIGHTS), as js-framework-benchmark summarises its tables.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, "reports/compare");
const RAW = path.join(OUT, "raw");
const APPS = [
  { name: "svelte", label: "Svelte", dir: "apps/svelte", features: "src/lib/features" },
  { name: "vue", label: "Vue", dir: "apps/vue", features: "src/features" },
];
const WEIGHTS = { size: 1, code: 1, dx: 1, runtime: 2 };
const RUNS = Number(process.env.COMPARE_RUNS ?? 3);

const started = Date.now();
const step = (text) =>
  console.log(`[compare ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs a command in `cwd`; returns its wall time in ms. Throws with its output on failure. */
function timed(command, args, cwd, env = {}) {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed in ${cwd}:\n${result.stdout}${result.stderr}`,
    );
  }
  return performance.now() - start;
}

/** Lines and files of the source files under `dir` (stories and tests left out). */
function linesIn(dir, keep = () => true) {
  let lines = 0;
  let files = 0;
  if (!fs.existsSync(dir)) return { lines, files };
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!/\.(ts|svelte|vue|js|css)$/.test(entry.name)) continue;
    if (/\.(stories|test|integration\.test)\.ts$/.test(entry.name)) continue;
    if (!keep(file)) continue;
    files++;
    lines += fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "").length;
  }
  return { lines, files };
}

/** One metric: a value per app with its samples. */
const metric = (section, label, unit, values) => ({ section, label, unit, values });

function codeMetrics() {
  const metrics = [];
  const features = new Set(
    APPS.flatMap((app) =>
      fs
        .readdirSync(path.join(ROOT, app.dir, app.features), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name),
    ),
  );
  for (const feature of [...features].sort()) {
    const counts = APPS.map((app) => linesIn(path.join(ROOT, app.dir, app.features, feature)));
    metrics.push(
      metric("code", `features/${feature}: lines`, "lines", valuesOf(counts.map((c) => [c.lines]))),
    );
    metrics.push({
      ...metric(
        "code",
        `features/${feature}: files`,
        "files",
        valuesOf(counts.map((c) => [c.files])),
      ),
      // Mirrored folders hold the same files by rule: shown, not scored.
      scored: false,
    });
  }
  const outside = APPS.map((app) =>
    linesIn(
      path.join(ROOT, app.dir, "src"),
      (file) => !file.includes(`${path.sep}features${path.sep}`),
    ),
  );
  metrics.push(
    metric(
      "code",
      "bindings, routes and entry (src outside features): lines",
      "lines",
      valuesOf(outside.map((c) => [c.lines])),
    ),
  );
  const total = APPS.map((app) => linesIn(path.join(ROOT, app.dir, "src")));
  // The sum of the rows above: shown, not scored twice.
  metrics.push({
    ...metric("code", "whole app (src): lines", "lines", valuesOf(total.map((c) => [c.lines]))),
    scored: false,
  });
  const core = ["packages/domain/src", "packages/client/src"].map((dir) =>
    linesIn(path.join(ROOT, dir), (file) => !file.includes("test-support")),
  );
  const shared = core[0].lines + core[1].lines;
  metrics.push(
    metric(
      "shared",
      "shared core both apps use (domain + client): lines",
      "lines",
      valuesOf(APPS.map(() => [shared])),
    ),
  );
  return metrics;
}

/** `{ [app]: { value, samples } }` from per-app samples in APPS order (median value). */
function valuesOf(samplesPerApp) {
  return Object.fromEntries(
    APPS.map((app, i) => [
      app.name,
      { value: median(samplesPerApp[i]), samples: samplesPerApp[i] },
    ]),
  );
}

/** The versions of each app's direct dependencies, from `pnpm list`. */
function versions() {
  const out = execFileSync(
    "pnpm",
    ["list", "--json", "--depth", "0", ...APPS.flatMap((app) => ["--filter", `./${app.dir}`])],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const projects = JSON.parse(out);
  return Object.fromEntries(
    APPS.map((app) => {
      const project = projects.find((p) => path.resolve(p.path) === path.join(ROOT, app.dir));
      const deps = { ...project?.dependencies, ...project?.devDependencies };
      return [
        app.name,
        Object.fromEntries(
          Object.entries(deps)
            .filter(([, dep]) => !dep.version?.startsWith("link:"))
            .map(([name, dep]) => [name, dep.version]),
        ),
      ];
    }),
  );
}

function chromiumVersion() {
  try {
    return execFileSync(process.env.CHROMIUM_PATH ?? "chromium", ["--version"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return "unknown";
  }
}

const geomean = (values) =>
  Math.exp(values.reduce((total, v) => total + Math.log(v), 0) / Math.max(1, values.length));

/** Vue / Svelte for one metric, or null when it cannot be formed. */
function ratioOf(m) {
  const [a, b] = APPS.map((app) => m.values[app.name]?.value);
  return a > 0 && b > 0 ? b / a : null;
}

function summary(metrics) {
  const sections = {};
  for (const section of Object.keys(WEIGHTS)) {
    const ratios = metrics
      .filter((m) => m.section === section && m.scored !== false)
      .map(ratioOf)
      .filter((r) => r !== null);
    sections[section] = { ratios: ratios.length, score: ratios.length ? geomean(ratios) : null };
  }
  const scored = Object.entries(sections).filter(([, s]) => s.score !== null);
  const weight = scored.reduce((total, [name]) => total + WEIGHTS[name], 0);
  const overall = Math.exp(
    scored.reduce((total, [name, s]) => total + WEIGHTS[name] * Math.log(s.score), 0) / weight,
  );
  return { sections, overall, weights: WEIGHTS };
}

const SECTION_TITLES = {
  size: "1. Size (per route, as the browser downloads it)",
  code: "2. Code",
  dx: "3. Developer experience",
  runtime: "4. Runtime in Chromium",
  shared: "Shared by both (not scored)",
};

const labelOf = (m) => (m.scored === false ? `${m.label} (not scored)` : m.label);
const fmt = (v) =>
  v === undefined || Number.isNaN(v) ? "–" : Math.abs(v) < 10 ? v.toFixed(1) : v.toFixed(0);

function markdown(report) {
  const lines = [];
  lines.push(
    `Measured ${report.date} on ${report.environment.machine} (load average ${report.environment.loadStart.join(" / ")} at start, ${report.environment.loadEnd.join(" / ")} at end), Node ${report.environment.node}, ${report.environment.chromium}.`,
  );
  lines.push("");
  lines.push("| Section | Vue / Svelte (geometric mean) | ratios | weight |");
  lines.push("|---|---:|---:|---:|");
  for (const [name, s] of Object.entries(report.summary.sections)) {
    lines.push(
      `| ${SECTION_TITLES[name]} | ${s.score === null ? "–" : s.score.toFixed(2)} | ${s.ratios} | ${WEIGHTS[name]} |`,
    );
  }
  lines.push(`| **Overall (weighted)** | **${report.summary.overall.toFixed(2)}** | | |`);
  lines.push("");
  lines.push("Below 1: Vue smaller or faster than Svelte on that measure; above 1: Svelte.");
  for (const section of [...Object.keys(WEIGHTS), "shared"]) {
    const rows = report.metrics.filter((m) => m.section === section);
    if (rows.length === 0) continue;
    lines.push("", `### ${SECTION_TITLES[section]}`, "");
    lines.push("| Measure | Svelte | Vue | Vue / Svelte |", "|---|---:|---:|---:|");
    for (const m of rows) {
      const [a, b] = APPS.map((app) => m.values[app.name]?.value);
      const r = ratioOf(m);
      lines.push(
        `| ${labelOf(m)} (${m.unit}) | ${fmt(a)} | ${fmt(b)} | ${r === null ? "–" : r.toFixed(2)} |`,
      );
    }
  }
  if (report.notMeasured.length > 0) {
    lines.push("", "### Not measured in this version", "");
    for (const item of report.notMeasured) lines.push(`- ${item}`);
  }
  return lines.join("\n");
}

const escape = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c],
  );

/** One horizontal bar pair per metric, as inline SVG. */
function barChart(m) {
  const values = APPS.map((app) => m.values[app.name]?.value ?? 0);
  const max = Math.max(...values, 1e-9);
  const colors = ["#ff3e00", "#42b883"];
  const bars = APPS.map((app, i) => {
    const width = Math.max(1, (values[i] / max) * 260);
    return `<text x="0" y="${14 + i * 20}" font-size="12">${app.label}</text><rect x="60" y="${4 + i * 20}" width="${width.toFixed(1)}" height="14" fill="${colors[i]}"/><text x="${(66 + width).toFixed(1)}" y="${15 + i * 20}" font-size="12">${escape(fmt(values[i]))} ${escape(m.unit)}</text>`;
  }).join("");
  return `<svg width="420" height="46" role="img" aria-label="${escape(m.label)}">${bars}</svg>`;
}

function html(report) {
  const sections = [...Object.keys(WEIGHTS), "shared"]
    .map((section) => {
      const rows = report.metrics.filter((m) => m.section === section);
      if (rows.length === 0) return "";
      const body = rows
        .map((m) => {
          const r = ratioOf(m);
          return `<tr><th scope="row">${escape(labelOf(m))}</th><td>${barChart(m)}</td><td>${r === null ? "–" : r.toFixed(2)}</td></tr>`;
        })
        .join("\n");
      return `<section><h2>${escape(SECTION_TITLES[section])}</h2><table><thead><tr><th>Measure</th><th>Svelte / Vue</th><th>Vue / Svelte</th></tr></thead><tbody>${body}</tbody></table></section>`;
    })
    .join("\n");
  const summaryRows = Object.entries(report.summary.sections)
    .map(
      ([name, s]) =>
        `<tr><th scope="row">${escape(SECTION_TITLES[name])}</th><td>${s.score === null ? "–" : s.score.toFixed(2)}</td><td>${WEIGHTS[name]}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rooms: Svelte and Vue compared</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1d22}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d9dbe0;padding:4px 8px;text-align:left;vertical-align:middle}td:last-child{text-align:right}h2{margin-top:2rem}</style>
</head><body>
<h1>Rooms: Svelte and Vue compared</h1>
<p>${escape(report.date)} · ${escape(report.environment.machine)} · load average ${report.environment.loadStart.join(" / ")} → ${report.environment.loadEnd.join(" / ")} · Node ${escape(report.environment.node)} · ${escape(report.environment.chromium)}</p>
<h2>Summary</h2>
<table><thead><tr><th>Section</th><th>Vue / Svelte</th><th>Weight</th></tr></thead><tbody>${summaryRows}<tr><th scope="row">Overall (weighted geometric mean)</th><td><strong>${report.summary.overall.toFixed(2)}</strong></td><td></td></tr></tbody></table>
<p>Below 1: Vue smaller or faster on that measure; above 1: Svelte. Every sample is in report.json.</p>
${sections}
<h2>Versions</h2><pre>${escape(JSON.stringify(report.environment.versions, null, 2))}</pre>
<h2>Not measured in this version</h2><ul>${report.notMeasured.map((item) => `<li>${escape(item)}</li>`).join("")}</ul>
</body></html>
`;
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

step("counting code");
metrics.push(...codeMetrics());

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
for (const file of ["app-load.json", "collab-latency.json", "board-render.json"]) {
  const { figures } = JSON.parse(fs.readFileSync(path.join(RAW, file), "utf8"));
  for (const figure of figures) {
    const section = / (JS|CSS) |requests/.test(figure.label) ? "size" : "runtime";
    metrics.push({ ...metric(section, figure.label, figure.unit, figure.values) });
  }
}

const report = {
  date: new Date().toISOString().slice(0, 10),
  environment: {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadStart,
    loadEnd: loadavg(),
    node: process.version,
    chromium: chromiumVersion(),
    versions: versions(),
  },
  metrics,
  summary: summary(metrics),
  notMeasured: [
    "What makes up each bundle (framework runtime, Convex client, adapter, app, core) from the bundlers' stats",
    "Dev-server cold start and hot update of a component edit",
    "Installed dependency count (pnpm list's deep JSON omits repeated subtrees; a lockfile walk is needed)",
    "A 100-message chat burst (main-thread time, long tasks), JS heap after entering a room and after 500 messages",
    "Lighthouse scores",
    "Conformance: e2e results per app and visual parity of the stories",
  ],
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
