// `pnpm size`: the initial JavaScript of the sign-in route, gzipped — what a first visit to "/"
// downloads before it can render: every script `dist/index.html` loads or preloads plus their
// static imports. Route components and AppShell (Convex, the auth session) are dynamic imports
// and not counted, as in apps/svelte/scripts/size.mjs. Builds first unless `--no-build`. Fails
// above BUDGET_BYTES.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** 75 KB gzip: the budget for the sign-in route's initial JS. */
const BUDGET_BYTES = 75 * 1024;
const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(app, "dist");

if (!process.argv.includes("--no-build")) {
  execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "warn"], {
    cwd: app,
    stdio: "inherit",
  });
}

const html = readFileSync(join(dist, "index.html"), "utf8");
/** URL paths of JS named by index.html: module scripts and modulepreload links. */
const roots = new Set();
for (const match of html.matchAll(/(?:src|href)\s*=\s*["']([^"']+\.js)["']/g)) roots.add(match[1]);

const seen = new Set();
const files = [];
function visit(urlPath) {
  const rel = urlPath.replace(/^(\.\/|\/)/, "");
  if (seen.has(rel)) return;
  seen.add(rel);
  const code = readFileSync(join(dist, rel), "utf8");
  files.push({ rel, bytes: gzipSync(code, { level: 9 }).length });
  // Static imports only: `import ... from "./x.js"` and `import "./x.js"`.
  for (const m of code.matchAll(
    /(?:^|[;\s}])import\s*(?:[^"'();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g,
  )) {
    visit(posix.join(posix.dirname(rel), m[1]));
  }
}
for (const root of roots) visit(root);

const total = files.reduce((sum, f) => sum + f.bytes, 0);
for (const f of files.sort((a, b) => b.bytes - a.bytes)) {
  console.log(`${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.rel}`);
}
const verdict = total <= BUDGET_BYTES ? "ok" : "OVER BUDGET";
console.log(
  `sign-in route initial JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_BYTES / 1024} KB) ${verdict}`,
);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
