// Pushes the repository's convex/ folder to a deployment with the real `convex` CLI
// (`convex dev --once`), as packages/local-deployment/src/test-support/deployment.ts does. Used by
// the integration tests' global setup and by bench/room.ts. The CLI rewrites the project's
// .env.local: callers save and restore it.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the project whose `convex/` folder the apps use. */
export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

const require = createRequire(import.meta.url);
const CONVEX_CLI = path.join(
  path.dirname(require.resolve("convex/package.json")),
  "bin",
  "main.js",
);

export async function pushRootProject(deployment: { cloudUrl: string; adminKey: string }) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-cli-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    CONVEX_SELF_HOSTED_URL: deployment.cloudUrl,
    CONVEX_SELF_HOSTED_ADMIN_KEY: deployment.adminKey,
    CONVEX_TELEMETRY_DISABLED: "1",
    // CI=1 keeps the CLI from initializing error reporting, which needs a network.
    CI: "1",
  };
  delete env.CONVEX_DEPLOYMENT;
  const args = ["dev", "--once", "--typecheck", "disable", "--codegen", "disable"];
  try {
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, [CONVEX_CLI, ...args], {
          cwd: ROOT,
          env,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("error", reject);
        child.on("close", (exitCode) => resolve({ code: exitCode, output }));
      },
    );
    if (code !== 0) throw new Error(`convex dev --once failed (${code}):\n${output}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
