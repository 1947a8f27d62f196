/**
 * Test support: a local deployment on free ports in a temporary data dir, with functions pushed by
 * the real `convex` CLI (`convex dev --once`), and real clients pointed at it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LocalDeployment, type LocalDeploymentOptions } from "../deployment.js";
import {
  pushWithCli,
  runConvexCli as runCli,
  type CliResult,
  type DeploymentAddress,
} from "../testing.js";

export { CONVEX_CLI, type CliResult } from "../testing.js";
/** Project dir whose `convex/` folder holds the conformance fixtures. */
export const FIXTURE_PROJECT = fileURLToPath(new URL("../../test/fixtures", import.meta.url));

export const ADMIN_KEY = "test-admin-key";

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "rooms-ld-"));
}

/**
 * A deployment on free ports. Without `options.dataDir` it gets a temporary data dir, deleted by
 * its `close()`; a data dir the caller passes is the caller's to delete.
 */
export async function startDeployment(
  options: LocalDeploymentOptions = {},
): Promise<LocalDeployment> {
  const dataDir = options.dataDir ?? tempDataDir();
  const deployment = await LocalDeployment.start({
    port: 0,
    sitePort: 0,
    adminKey: ADMIN_KEY,
    ...options,
    dataDir,
  });
  if (options.dataDir === undefined) {
    const close = deployment.close.bind(deployment);
    deployment.close = async () => {
      await close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  return deployment;
}

/** Runs the real convex CLI against `deployment` from `cwd` (the fixture project by default). */
export function runConvexCli(
  deployment: DeploymentAddress,
  args: string[],
  cwd: string = FIXTURE_PROJECT,
  options: Parameters<typeof runCli>[3] = {},
): Promise<CliResult> {
  return runCli(deployment, args, cwd, options);
}

/** Pushes the fixture functions (or `cwd`'s) with `convex dev --once`; throws on failure. */
export function push(
  deployment: DeploymentAddress,
  cwd: string = FIXTURE_PROJECT,
): Promise<CliResult> {
  return pushWithCli(deployment, cwd);
}

/** A started deployment with the fixture functions pushed. */
export async function startWithFixtures(
  options: LocalDeploymentOptions = {},
): Promise<LocalDeployment> {
  const deployment = await startDeployment(options);
  await push(deployment);
  return deployment;
}
