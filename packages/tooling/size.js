// `pnpm size` in each app: the initial JavaScript of the sign-in route, gzipped (level 9) — what
// a first visit to "/" downloads before it can render: every script the built index.html loads or
// preloads, their static imports, and (SvelteKit) the route nodes the app chunk maps to "/".
// Dynamic imports are not counted. Builds first unless `--no-build`; exits 1 above the budget.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * Measures and prints; exits the process with 0 within `budgetBytes`, 1 above.
 * `kitNodes`: SvelteKit node indexes of the sign-in route (root layout "0", page "2").
 */
export function checkInitialJs({ appDir, outDir, budgetBytes, kitNodes = [] }) {
  const out = join(appDir, outDir);
  if (!process.argv.includes("--no-build")) {
    execFileSync("pnpm", ["exec", "vite", "build", "--logLevel", "warn"], {
      cwd: appDir,
      stdio: "inherit",
    });
  }
  const html = readFileSync(join(out, "index.html"), "utf8");
  // Module scripts, modulepreload links, and dynamic imports in an inline script (SvelteKit's).
  const roots = new Set();
  for (const match of html.matchAll(/(?:src|href|import\()\s*=?\s*["']([^"']+\.js)["']/g)) {
    roots.add(match[1]);
  }

  const seen = new Set();
  const files = [];
  const visit = (urlPath) => {
    const rel = urlPath.replace(/^(\.\/|\/)/, "");
    if (seen.has(rel)) return;
    seen.add(rel);
    const code = readFileSync(join(out, rel), "utf8");
    files.push({ rel, bytes: gzipSync(code, { level: 9 }).length });
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"`.
    for (const m of code.matchAll(
      /(?:^|[;\s}])import\s*(?:[^"'();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g,
    )) {
      visit(posix.join(posix.dirname(rel), m[1]));
    }
  };
  for (const root of roots) visit(root);

  const appChunk = files.find((f) => /entry\/app\.[^/]*\.js$/.test(f.rel));
  if (appChunk && kitNodes.length > 0) {
    const code = readFileSync(join(out, appChunk.rel), "utf8");
    for (const [, path, index] of code.matchAll(
      /import\(["'`](\.\.\/nodes\/(\d+)\.[^"'`]+\.js)["'`]\)/g,
    )) {
      if (kitNodes.includes(index)) visit(posix.join(posix.dirname(appChunk.rel), path));
    }
  }

  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  for (const f of files.sort((a, b) => b.bytes - a.bytes)) {
    console.log(`${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.rel}`);
  }
  const verdict = total <= budgetBytes ? "ok" : "OVER BUDGET";
  console.log(
    `sign-in route initial JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${budgetBytes / 1024} KB) ${verdict}`,
  );
  process.exit(total <= budgetBytes ? 0 : 1);
}
