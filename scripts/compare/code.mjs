// Section 2 of `pnpm compare`: lines and files per feature folder, the bindings outside them,
// and the shared core both apps use.
import fs from "node:fs";
import path from "node:path";
import { APPS, ROOT, metric, valuesOf } from "./common.mjs";

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

/**
 * Each app's source files outside its mirrored feature folders (entry, router or routes,
 * client setup, bindings shared by features), with their lines: what each framework needed that
 * the feature folders do not show. Listed in the report, not scored.
 */
export function frameworkFiles() {
  return Object.fromEntries(
    APPS.map((app) => {
      const src = path.join(ROOT, app.dir, "src");
      const files = [];
      for (const entry of fs.readdirSync(src, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const relative = path.relative(src, file);
        if (relative.split(path.sep).includes("features")) continue;
        if (/\.(stories|test)\.ts$/.test(entry.name)) continue;
        const lines = fs
          .readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "").length;
        files.push({ file: relative, lines });
      }
      return [app.name, files.sort((a, b) => a.file.localeCompare(b.file))];
    }),
  );
}

export function codeMetrics() {
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
