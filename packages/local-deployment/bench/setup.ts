/**
 * Bench setup: makes sure dist/ is current (the deployment processes and the CLI bin run the
 * compiled code), and pushes bench/project/convex to a fresh data dir with the real convex CLI
 * (`convex dev --once`, as src/test-support/deployment.ts `push` does).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import {
  ADMIN_KEY,
  PKG_DIR,
  PROJECT_DIR,
  spawnTracked,
  startDeploymentProc,
  tempDir,
} from "./harness.js";

const require = createRequire(import.meta.url);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts"))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/ when any src file is newer than it (the turbo `bench` task builds first anyway). */
export async function ensureBuild(): Promise<string> {
  const marker = path.join(PKG_DIR, "dist", "deployment.js");
  const srcNewest = newestMtime(path.join(PKG_DIR, "src"));
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= srcNewest)
    return "dist/ is up to date";
  const tsc = path.join(path.dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  const child = spawnTracked([
    tsc,
    "-p",
    "tsconfig.json",
    "--noEmit",
    "false",
    "--outDir",
    "dist",
    "--declaration",
    "false",
  ]);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (!fs.existsSync(marker)) throw new Error(`Building dist/ failed:\n${out}`);
  // tsc emits despite type errors; benchmark what was emitted, but say so.
  return code === 0
    ? "rebuilt dist/"
    : `rebuilt dist/ WITH TYPE ERRORS (tsc exit ${code}):\n${out.trim().split("\n").slice(0, 10).join("\n")}`;
}

/** A push that takes longer than this is reported as hung (a normal one takes a few seconds). */
const PUSH_TIMEOUT_MS = 120_000;

/** Runs the convex CLI from bench/project against `url`; throws with its output on failure. */
function convexDevOnce(url: string): Promise<void> {
  const cli = path.join(path.dirname(require.resolve("convex/package.json")), "bin", "main.js");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-bench-cli-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    CONVEX_SELF_HOSTED_URL: url,
    CONVEX_SELF_HOSTED_ADMIN_KEY: ADMIN_KEY,
    CONVEX_TELEMETRY_DISABLED: "1",
  };
  delete env.CONVEX_DEPLOYMENT;
  return new Promise((resolve, reject) => {
    // Tracked, so cleanup() stops it too; `convex dev` writes bench/project/.env.local (gitignored).
    const child = spawnTracked(
      [cli, "dev", "--once", "--typecheck", "disable", "--codegen", "disable"],
      { cwd: PROJECT_DIR, env, stderr: "pipe" },
    );
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n[bench] no result after ${PUSH_TIMEOUT_MS / 1000} s; killed`;
      child.kill("SIGKILL");
    }, PUSH_TIMEOUT_MS);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      fs.rmSync(home, { recursive: true, force: true });
      if (code === 0) resolve();
      else reject(new Error(`convex dev --once failed (exit ${code}):\n${output}`));
    });
  });
}

/**
 * A temp data dir holding the pushed bench functions (no deployment left running). `env` is set
 * as deployment environment variables before the push (auth.config.ts reads BENCH_JWKS then).
 */
export async function pushedDataDir(env: Record<string, string>): Promise<string> {
  const dataDir = tempDir("data");
  const { proc, url } = await startDeploymentProc(dataDir);
  try {
    proc.send({ type: "env", vars: env });
    await proc.next("env-set");
    await convexDevOnce(url);
  } finally {
    await proc.stop();
  }
  return dataDir;
}
