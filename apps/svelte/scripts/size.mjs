// `pnpm size`: the initial JavaScript of the sign-in route, gzipped — what a first visit to "/"
// downloads before it can render: every script `build/index.html` loads or preloads (the Kit
// entry and app chunks) plus their static imports, and the sign-in route's node with its static
// imports. Builds first unless `--no-build`. Fails above BUDGET_BYTES.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** 60 KB gzip: the budget for the sign-in route's initial JS. */
const BUDGET_BYTES = 60 * 1024;
const app = join(dirname(fileURLToPath(import.meta.url)), "..");
const build = join(app, "build");

if (!process.argv.includes("--no-build")) {
  execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "warn"], {
    cwd: app,
    stdio: "inherit",
  });
}

const html = readFileSync(join(build, "index.html"), "utf8");
/** URL paths of JS named by index.html: modulepreload links and dynamic imports in its script. */
const roots = new Set();
for (const match of html.matchAll(/(?:href|import\()\s*=?\s*["']([^"']+\.js)["']/g))
  roots.add(match[1]);

// The route nodes: the sign-in page is node 0 (root layout) + its own node; Kit's app chunk
// lists nodes as dynamic imports, and "/" is the first page after layout and error.
const seen = new Set();
const files = [];
function visit(urlPath) {
  const rel = urlPath.replace(/^(\.\/|\/)/, "");
  if (seen.has(rel)) return;
  seen.add(rel);
  const code = readFileSync(join(build, rel), "utf8");
  files.push({ rel, bytes: gzipSync(code, { level: 9 }).length });
  // Static imports only: `import ... from "./x.js"` and `import "./x.js"`.
  for (const m of code.matchAll(
    /(?:^|[;\s}])import\s*(?:[^"'();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g,
  )) {
    visit(posix.join(posix.dirname(rel), m[1]));
  }
}
for (const root of roots) visit(root);

// The sign-in route's nodes: those the app chunk maps to route "/" (layout 0 and page 2).
const appChunk = files.find((f) => /entry\/app\.[^/]*\.js$/.test(f.rel));
if (appChunk) {
  const code = readFileSync(join(build, appChunk.rel), "utf8");
  const nodes = [...code.matchAll(/import\(["'`](\.\.\/nodes\/(\d+)\.[^"'`]+\.js)["'`]\)/g)];
  for (const [, path, index] of nodes) {
    if (index === "0" || index === "2") visit(posix.join(posix.dirname(appChunk.rel), path));
  }
}

const total = files.reduce((sum, f) => sum + f.bytes, 0);
for (const f of files.sort((a, b) => b.bytes - a.bytes)) {
  console.log(`${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.rel}`);
}
const verdict = total <= BUDGET_BYTES ? "ok" : "OVER BUDGET";
console.log(
  `sign-in route initial JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET_BYTES / 1024} KB) ${verdict}`,
);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
