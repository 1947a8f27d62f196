// What every part of `pnpm compare` shares: the apps, the section weights, metrics and their
// samples, timing a command, progress lines.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const APPS = [
  { name: "svelte", label: "Svelte", dir: "apps/svelte", features: "src/lib/features" },
  { name: "vue", label: "Vue", dir: "apps/vue", features: "src/features" },
];
/** Section weights of the overall score (conformance is reported, not scored: see render.mjs). */
export const WEIGHTS = { size: 1, code: 1, dx: 1, runtime: 2 };

const started = Date.now();
/** A progress line: seconds since the run started, then `text`. */
export const step = (text) =>
  console.log(`[compare ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
export const loadavg = () => os.loadavg().map((n) => Number(n.toFixed(2)));

/** The `q` quantile (0..1) of `values`, nearest rank. */
export const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
export const median = (values) => quantile(values, 0.5);

/** One metric: a value per app with its samples. */
export const metric = (section, label, unit, values) => ({ section, label, unit, values });

/** `{ [app]: { value, samples } }` from per-app samples in APPS order (median value). */
export function valuesOf(samplesPerApp) {
  return Object.fromEntries(
    APPS.map((app, i) => [
      app.name,
      { value: median(samplesPerApp[i]), samples: samplesPerApp[i] },
    ]),
  );
}

/** Runs a command in `cwd`; returns its wall time in ms. Throws with its output on failure. */
export function timed(command, args, cwd, env = {}) {
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
