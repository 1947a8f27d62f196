/**
 * Test support: a local deployment on free ports in a temporary data dir, with functions pushed by
 * the real `convex` CLI (`convex dev --once`), and real clients pointed at it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { LocalDeployment, type LocalDeploymentOptions } from "../deployment.js";

const require = createRequire(import.meta.url);
/** The convex CLI entry point of the installed `convex` package. */
export const CONVEX_CLI = path.join(
  path.dirname(require.resolve("convex/package.json")),
  "bin",
  "main.js",
);
/** Project dir whose `convex/` folder holds the conformance fixtures. */
export const FIXTURE_PROJECT = fileURLToPath(new URL("../../test/fixtures", import.meta.url));

export const ADMIN_KEY = "test-admin-key";

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "rooms-ld-"));
}

export async function startDeployment(
  options: LocalDeploymentOptions = {},
): Promise<LocalDeployment> {
  return LocalDeployment.start({
    port: 0,
    sitePort: 0,
    adminKey: ADMIN_KEY,
    dataDir: tempDataDir(),
    ...options,
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real convex CLI against `deployment` from `cwd` (a project with a `convex/` folder). */
export function runConvexCli(
  deployment: { cloudUrl: string; adminKey: string },
  args: string[],
  cwd: string = FIXTURE_PROJECT,
): Promise<CliResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-cli-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    CONVEX_SELF_HOSTED_URL: deployment.cloudUrl,
    CONVEX_SELF_HOSTED_ADMIN_KEY: deployment.adminKey,
    CONVEX_TELEMETRY_DISABLED: "1",
    // CI=1 keeps the CLI from initializing error reporting, which needs a network this machine lacks.
    CI: "1",
  };
  delete env.CONVEX_DEPLOYMENT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONVEX_CLI, ...args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      fs.rmSync(home, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** Pushes the fixture functions (or `cwd`'s) with `convex dev --once`; throws with the CLI output on failure. */
export async function push(
  deployment: Pick<LocalDeployment, "cloudUrl" | "adminKey">,
  cwd: string = FIXTURE_PROJECT,
): Promise<CliResult> {
  const result = await runConvexCli(
    deployment,
    ["dev", "--once", "--typecheck", "disable", "--codegen", "disable"],
    cwd,
  );
  if (result.code !== 0) {
    throw new Error(
      `convex dev --once failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** A started deployment with the fixture functions pushed. */
export async function startWithFixtures(
  options: LocalDeploymentOptions = {},
): Promise<LocalDeployment> {
  const deployment = await startDeployment(options);
  await push(deployment);
  return deployment;
}
