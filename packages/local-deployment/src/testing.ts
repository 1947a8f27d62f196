/**
 * `@rooms/local-deployment/testing`: what every test and bench that needs the real `convex` CLI
 * against a local deployment uses — this package's conformance tests, @rooms/client's
 * integration tests and room bench, and the e2e suite's global setup.
 *
 * The CLI runs as a child process (`node <convex>/bin/main.js`) with a throwaway HOME, the
 * self-hosted URL and admin key of the deployment, and CI=1 (it then skips error reporting,
 * which needs a network). It rewrites the project's `.env.local`; `pushWithCli` puts the
 * developer's file back byte for byte (or removes it if there was none).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
/** The convex CLI entry point of the installed `convex` package. */
export const CONVEX_CLI = path.join(
  path.dirname(require.resolve("convex/package.json")),
  "bin",
  "main.js",
);

/** Where to reach a deployment: its cloud URL and admin key. */
export interface DeploymentAddress {
  cloudUrl: string;
  adminKey: string;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real convex CLI with `args` against `deployment` from `cwd` (a project dir). */
export function runConvexCli(
  deployment: DeploymentAddress,
  args: string[],
  cwd: string,
  options: {
    /** For a command that does not end by itself (`convex logs`): stop it once this is true. */
    stopWhen?: (output: { stdout: string; stderr: string }) => boolean;
  } = {},
): Promise<CliResult> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-cli-home-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    CONVEX_SELF_HOSTED_URL: deployment.cloudUrl,
    CONVEX_SELF_HOSTED_ADMIN_KEY: deployment.adminKey,
    CONVEX_TELEMETRY_DISABLED: "1",
    CI: "1",
  };
  // A cloud CONVEX_DEPLOYMENT from the shell and CONVEX_SELF_HOSTED_* are mutually exclusive.
  delete env.CONVEX_DEPLOYMENT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONVEX_CLI, ...args], {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const check = () => {
      if (options.stopWhen?.({ stdout, stderr })) child.kill("SIGTERM");
    };
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      fs.rmSync(home, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Pushes `cwd`'s `convex/` folder: `convex dev --once` (default) or `convex deploy --yes`, both
 * without typecheck and codegen. Throws with the CLI's output when it fails. `cwd`'s
 * `.env.local` is left as it was.
 */
export async function pushWithCli(
  deployment: DeploymentAddress,
  cwd: string,
  command: "dev" | "deploy" = "dev",
): Promise<CliResult> {
  const envLocal = path.join(cwd, ".env.local");
  const saved = fs.existsSync(envLocal) ? fs.readFileSync(envLocal) : null;
  const args = command === "dev" ? ["dev", "--once"] : ["deploy", "--yes"];
  try {
    const result = await runConvexCli(
      deployment,
      [...args, "--typecheck", "disable", "--codegen", "disable"],
      cwd,
    );
    if (result.code !== 0) {
      throw new Error(
        `convex ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result;
  } finally {
    if (saved === null) fs.rmSync(envLocal, { force: true });
    else fs.writeFileSync(envLocal, saved);
  }
}
