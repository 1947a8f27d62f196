// `pnpm dev`: the local deployment plus `convex dev` in watch mode, in one terminal.
//
// 1. Starts `local-deployment start --data-dir .convex-local --convex-auth --dashboard
//    apps/dashboard/dist` (both built beforehand by the root `dev` script; this file builds
//    nothing). It prints the dashboard's link, which signs in with the admin key.
// 2. Waits until it prints `CONVEX_SELF_HOSTED_URL=` and `CONVEX_SELF_HOSTED_ADMIN_KEY=`.
// 3. Starts `convex dev --typecheck disable` with those two variables, so every save in convex/
//    is pushed to the local deployment and convex/_generated/ is regenerated.
// 4. After the first push: seeds once, and starts `vite dev` for apps/svelte on SVELTE_PORT and
//    for apps/vue on VUE_PORT, both with PUBLIC_CONVEX_URL set to the deployment (the
//    deployment's --site-url points at the Svelte app, so Convex Auth redirects back to it).
// Output lines are prefixed with `[deployment]`, `[convex]`, `[seed]`, `[svelte]` or `[vue]`. Ctrl-C, SIGTERM or either child
// exiting stops both; the exit code is 1 if a child failed, else 0.
// Plain Node ESM with no dependencies, so it runs before anything is built.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const DEPLOYMENT_BIN = "packages/local-deployment/bin/local-deployment.mjs";
const CONVEX_BIN = "node_modules/convex/bin/main.js";
/** The dashboard's build, served by the deployment at /dashboard/ (its link is printed). */
const DASHBOARD_DIR = "apps/dashboard/dist";
const SVELTE_DIR = "apps/svelte";
const VUE_DIR = "apps/vue";
const VITE_BIN = "node_modules/vite/bin/vite.js"; // relative to each app's dir
const SVELTE_PORT = 5173;
const VUE_PORT = 5174;
const SITE_URL = `http://127.0.0.1:${SVELTE_PORT}`;
/** How long a child gets to exit after SIGTERM before it is killed. */
const KILL_AFTER_MS = 5000;
/** Exit statuses that mean "stopped on request", not "failed" (128 + SIGINT / SIGTERM). */
const STOP_CODES = new Set([0, 130, 143]);
const STOP_SIGNALS = new Set(["SIGINT", "SIGTERM"]);

const root = new URL("..", import.meta.url);
const children = new Set();
let stopping = false;
let failed = false;
let convexStarted = false;

/**
 * Spawns `node ...args` from `cwd` (default the repo root) and prefixes its output; `onLine`
 * sees every line.
 */
function start(name, args, env, onLine = () => {}, cwd = root) {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    createInterface({ input: stream }).on("line", (line) => {
      out.write(`[${name}] ${line}\n`);
      onLine(line);
    });
  }
  child.on("error", (error) => {
    console.error(`[dev] could not start ${name}: ${error.message}`);
    children.delete(child);
    failed = true;
    stop();
  });
  // "close", not "exit": it fires after the last output line has been read.
  child.on("close", (code, signal) => {
    children.delete(child);
    const ok = code === null ? STOP_SIGNALS.has(signal) : STOP_CODES.has(code);
    const early = name === "deployment" && !convexStarted && !stopping;
    if (!ok || !stopping) {
      const when = early ? " before it was ready" : "";
      console.error(`[dev] ${name} exited${when} (${signal ?? `code ${code}`})`);
    }
    if (!ok || early) failed = true;
    stop();
  });
  return child;
}

/** Asks every running child to stop, kills stragglers, and exits once all are gone. */
function stop() {
  if (!stopping) {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
    setTimeout(() => {
      for (const child of children) child.kill("SIGKILL");
    }, KILL_AFTER_MS).unref();
  }
  if (children.size === 0) process.exit(failed ? 1 : 0);
}

/** Runs `convex run seed:run` once; its exit does not stop the dev command. */
function seed(env) {
  const child = spawn(process.execPath, [CONVEX_BIN, "run", "seed:run"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) =>
      process.stdout.write(`[seed] ${line}\n`),
    );
  }
  child.on("close", (code) => {
    if (code !== 0) console.error(`[dev] seeding failed (code ${code}); the functions still run`);
  });
}

/** The apps' dev servers, against the local deployment. */
function startApps() {
  const env = { ...baseEnv, PUBLIC_CONVEX_URL: selfHosted.CONVEX_SELF_HOSTED_URL };
  start(
    "svelte",
    [VITE_BIN, "dev", "--port", String(SVELTE_PORT), "--strictPort"],
    env,
    () => {},
    new URL(`${SVELTE_DIR}/`, root),
  );
  start(
    "vue",
    [VITE_BIN, "--port", String(VUE_PORT), "--strictPort"],
    env,
    () => {},
    new URL(`${VUE_DIR}/`, root),
  );
}

process.on("SIGINT", stop);
process.on("SIGTERM", stop);

// CONVEX_DEPLOYMENT (a cloud deployment) and CONVEX_SELF_HOSTED_* are mutually exclusive for
// the convex CLI, so a stray one from the shell must not reach it.
const { CONVEX_DEPLOYMENT: _cloud, ...baseEnv } = process.env;
const selfHosted = {};

// --convex-auth: Convex Auth's signing keys are generated once per data dir, never committed.
start(
  "deployment",
  [
    DEPLOYMENT_BIN,
    "start",
    "--data-dir",
    ".convex-local",
    "--convex-auth",
    "--site-url",
    SITE_URL,
    "--dashboard",
    DASHBOARD_DIR,
  ],
  baseEnv,
  (line) => {
    const match = /^(CONVEX_SELF_HOSTED_(?:URL|ADMIN_KEY))=(\S+)/.exec(line.trim());
    if (!match || stopping || convexStarted) return;
    selfHosted[match[1]] = match[2];
    if (selfHosted.CONVEX_SELF_HOSTED_URL && selfHosted.CONVEX_SELF_HOSTED_ADMIN_KEY) {
      convexStarted = true;
      let seeded = false;
      start(
        "convex",
        [CONVEX_BIN, "dev", "--typecheck", "disable"],
        { ...baseEnv, ...selfHosted },
        (l) => {
          // After the first successful push, seed the demo data once (seed:run is idempotent).
          if (seeded || !l.includes("Convex functions ready")) return;
          seeded = true;
          seed({ ...baseEnv, ...selfHosted });
          startApps();
        },
      );
    }
  },
);
