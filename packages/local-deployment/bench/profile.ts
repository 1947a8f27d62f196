/**
 * `--profile`: the deployment processes run with `--cpu-prof`; this prints the top functions by
 * self time of each profile written (V8 .cpuprofile JSON: nodes with call frames, samples and
 * time deltas). Also usable alone: `node --import tsx bench/profile.ts FILE.cpuprofile…`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Top `limit` functions by self time, as printable lines. */
export function summarize(file: string, limit = 20): string[] {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === "(idle)") {
      idle += dt;
      return;
    }
    total += dt;
    const where = frame.url === "" ? "" : ` ${shorten(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || "(anonymous)"}${where}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const line = ([name, us]: [string, number]) =>
    `  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`;
  return [
    `${path.basename(file)}: ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle; self time:`,
    ...top.map(line),
    `  total (inclusive) time of the deployment's own functions:`,
    ...inclusive(profile, byId).slice(0, limit).map(line),
  ];
}

/** Inclusive time of functions in dist/ or src/ (each sample counted once per function on its stack). */
function inclusive(profile: CpuProfile, byId: Map<number, ProfileNode>): [string, number][] {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!/\/(dist|src)\//.test(f.url) || f.url.includes("node_modules")) continue;
      const key = `${f.functionName || "(anonymous)"} ${shorten(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + dt);
    }
  });
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function shorten(url: string): string {
  const p = url.startsWith("file://") ? fileURLToPath(url) : url;
  const i = p.lastIndexOf("node_modules/");
  if (i >= 0) return p.slice(i + "node_modules/".length);
  const j = p.indexOf("packages/local-deployment/");
  return j >= 0 ? p.slice(j + "packages/local-deployment/".length) : p;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of process.argv.slice(2)) console.log(summarize(file).join("\n"));
}
