// How `pnpm compare` scores and shows its figures: Vue / Svelte ratios, section and overall
// geometric means (js-framework-benchmark's summary), report.md / COMPARISON.md and report.html
// (one page, no network: SVG bars, screenshots inlined).
import { APPS, WEIGHTS } from "./common.mjs";

const geomean = (values) =>
  Math.exp(values.reduce((total, v) => total + Math.log(v), 0) / Math.max(1, values.length));

/** Vue / Svelte for one metric, or null when it cannot be formed. */
function ratioOf(m) {
  const [a, b] = APPS.map((app) => m.values[app.name]?.value);
  return a > 0 && b > 0 ? b / a : null;
}

export function summary(metrics) {
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
  conformance: "5. Conformance (not scored: both must pass)",
};

const labelOf = (m) => (m.scored === false ? `${m.label} (not scored)` : m.label);
const fmt = (v) =>
  v === undefined || Number.isNaN(v) ? "–" : Math.abs(v) < 10 ? v.toFixed(1) : v.toFixed(0);

/** `min–max` of a value's samples, or "" for a single sample. */
function spreadOf(value) {
  const samples = value?.samples ?? [];
  if (samples.length < 2) return "";
  return `${fmt(Math.min(...samples))}–${fmt(Math.max(...samples))}`;
}

const pct = (ratio) => `${(ratio * 100).toFixed(ratio < 0.001 ? 3 : 2)} %`;

/** Section 5's rows as [label, svelte, vue] text. */
function conformanceRows(c) {
  const rows = [];
  if (c.e2e === null) {
    rows.push([
      "e2e suite (APP_SPEC.md)",
      "not run: `pnpm test` writes reports/e2e/results.json",
      "",
    ]);
  } else {
    const when = c.e2e.startTime
      ? ` (run ${c.e2e.startTime.slice(0, 16).replace("T", " ")} UTC)`
      : "";
    const cell = (counts) =>
      counts === undefined
        ? "not in that run"
        : `${counts.passed} passed, ${counts.failed} failed, ${counts.flaky} flaky, ${counts.skipped} skipped`;
    rows.push([`e2e suite${when}`, ...APPS.map((app) => cell(c.e2e.byProject[app.name]))]);
    if (c.e2e.byProject["cross-app"] !== undefined)
      rows.push([
        "e2e, both apps in one room (cross-app)",
        cell(c.e2e.byProject["cross-app"]),
        "(same run)",
      ]);
  }
  rows.push(["stories", ...APPS.map((app) => String(c.stories[app.name] ?? "not built"))]);
  const p = c.parity;
  rows.push([
    `story pairs pixel-identical (limit ${pct(p.threshold)} of pixels)`,
    `${p.identical} of ${p.pairs.length}${p.passed ? "" : " — FAILED"}`,
    `largest difference ${pct(p.largest)}`,
  ]);
  return rows;
}

export function markdown(report) {
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
    lines.push(
      "| Measure | Svelte | Vue | Vue / Svelte | samples min–max (Svelte · Vue) |",
      "|---|---:|---:|---:|---:|",
    );
    for (const m of rows) {
      const [a, b] = APPS.map((app) => m.values[app.name]?.value);
      const r = ratioOf(m);
      const spread = APPS.map((app) => spreadOf(m.values[app.name]))
        .filter(Boolean)
        .join(" · ");
      lines.push(
        `| ${labelOf(m)} (${m.unit}) | ${fmt(a)} | ${fmt(b)} | ${r === null ? "–" : r.toFixed(2)} | ${spread} |`,
      );
    }
  }
  if (report.frameworkFiles !== undefined) {
    lines.push("", "### What each framework needed outside the feature folders", "");
    lines.push(
      "Entry, routing, client setup and shared bindings (the feature folders mirror each other file for file):",
      "",
    );
    for (const app of APPS) {
      const files = report.frameworkFiles[app.name] ?? [];
      lines.push(
        `- **${app.label}**: ${files.map((f) => `\`${f.file}\` (${f.lines})`).join(", ")}`,
      );
    }
  }
  if (report.conformance !== undefined) {
    lines.push("", `### ${SECTION_TITLES.conformance}`, "");
    lines.push("| Check | Svelte | Vue |", "|---|---|---|");
    for (const [label, a, b] of conformanceRows(report.conformance))
      lines.push(`| ${label} | ${a} | ${b} |`);
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
    const spread = spreadOf(m.values[app.name]);
    return `<text x="0" y="${14 + i * 20}" font-size="12">${app.label}</text><rect x="60" y="${4 + i * 20}" width="${width.toFixed(1)}" height="14" fill="${colors[i]}"/><text x="${(66 + width).toFixed(1)}" y="${15 + i * 20}" font-size="12">${escape(fmt(values[i]))} ${escape(m.unit)}${spread ? ` (${escape(spread)})` : ""}</text>`;
  }).join("");
  return `<svg width="460" height="46" role="img" aria-label="${escape(m.label)}">${bars}</svg>`;
}

/** Section 5: the checks, then the story pairs that differ most, side by side with their diff. */
function conformanceHtml(c) {
  const rows = conformanceRows(c)
    .map(
      ([label, a, b]) =>
        `<tr><th scope="row">${escape(label)}</th><td>${escape(a)}</td><td>${escape(b)}</td></tr>`,
    )
    .join("");
  const pairs =
    c.parity.worst.length === 0
      ? `<p>Every story pair rendered pixel-identical.</p>`
      : c.parity.worst
          .map(
            (pair) =>
              `<figure><figcaption>${escape(pair.title)} › ${escape(pair.name)}: ${pct(pair.ratio)} of pixels differ</figcaption>` +
              [...APPS.map((app) => app.name), "diff"]
                .map((kind) =>
                  pair.images[kind] === null
                    ? ""
                    : `<img src="${pair.images[kind]}" alt="${escape(`${kind}: ${pair.id}`)}" width="300">`,
                )
                .join("") +
              `</figure>`,
          )
          .join("");
  return `<section><h2>${escape(SECTION_TITLES.conformance)}</h2><table><thead><tr><th>Check</th><th>Svelte</th><th>Vue</th></tr></thead><tbody>${rows}</tbody></table><h3>Story pairs that differ most (Svelte · Vue · diff)</h3>${pairs}</section>`;
}

export function html(report) {
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
  const conformance = report.conformance === undefined ? "" : conformanceHtml(report.conformance);
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
<p>Below 1: Vue smaller or faster on that measure; above 1: Svelte. Bars show the median and, in brackets, the spread (min–max) of the samples; every sample is in report.json.</p>
${sections}
${conformance}
<h2>Versions</h2><pre>${escape(JSON.stringify(report.environment.versions, null, 2))}</pre>
${report.notMeasured.length === 0 ? "" : `<h2>Not measured in this version</h2><ul>${report.notMeasured.map((item) => `<li>${escape(item)}</li>`).join("")}</ul>`}
</body></html>
`;
}
