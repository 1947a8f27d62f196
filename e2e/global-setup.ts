// Global setup: one fresh backend for the whole run, and every app built against it.
//
// 1. Starts a LocalDeployment in a temporary data dir on free 127.0.0.1 ports, with Convex
//    Auth's signing keys.
// 2. Pushes ../convex with the real Convex CLI (`convex deploy`), as a developer would.
// 3. Builds each app in apps.ts with the deployment URL baked in, copies the build into the
//    temporary dir and serves that copy on the app's port (see static-server.ts for why a copy).
// Returns the teardown, which stops the servers and the deployment and deletes the temporary
// dir.
//
// Servers are started here and not through Playwright's `webServer`: Playwright starts web
// servers before global setup, and the apps' build needs the deployment URL picked here.
// Nothing waits on a timer: each step resolves when its server is listening or its command
// has exited.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LocalDeployment } from "@rooms/local-deployment";
import { pushWithCli } from "@rooms/local-deployment/testing";
import { apps, appUrl } from "./apps";
import { serveStatic } from "./static-server";

const ROOT = path.resolve(import.meta.dirname, "..");
type Cleanup = () => Promise<void>;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const cleanups: Cleanup[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "rooms-e2e-"));
    cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));

    const deployment = await LocalDeployment.start({
      port: 0,
      sitePort: 0,
      dataDir: path.join(tmp, "data"),
      // The dashboard project (dashboard/) drives it; turbo builds it before e2e runs.
      dashboardDir: path.join(ROOT, "apps/dashboard/dist"),
    });
    cleanups.push(() => deployment.close());
    // SITE_URL is only used for OAuth redirects, which the suite does not exercise.
    deployment.ensureConvexAuthKeys(apps[0] ? appUrl(apps[0]) : undefined);
    // For benches that write as a second, scripted member (bench/): workers inherit it.
    process.env.ROOMS_E2E_CONVEX_URL = deployment.cloudUrl;
    process.env.ROOMS_E2E_ADMIN_KEY = deployment.adminKey;

    // `convex deploy`, as a developer would; the developer's .env.local is left as it was.
    await pushWithCli(deployment, ROOT, "deploy");

    for (const app of apps) {
      const dir = path.join(ROOT, app.dir);
      await run(app.buildCommand, dir, {
        ...process.env,
        [app.convexUrlVariable]: deployment.cloudUrl,
      });
      const copy = path.join(tmp, "apps", app.name);
      await fs.cp(path.join(dir, app.outputDir), copy, { recursive: true });
      const server = await serveStatic(copy, app.port, app.fallback).catch((error: Error) => {
        throw new Error(`${app.name}: cannot serve on ${appUrl(app)}: ${error.message}`);
      });
      cleanups.push(() => server.close());
    }
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** Runs a command to completion; on failure the error carries its output. */
function run(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error("empty command");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${command.join(" ")} (in ${cwd}) failed (${signal ?? `code ${code}`}):\n${output}`,
          ),
        );
    });
  });
}
