/**
 * `externalPackages` in `convex.json` (`node.externalPackages`): the CLI leaves those packages
 * out of the `"use node"` bundles and sends their names and versions as the push request's
 * `nodeDependencies: [{name, version}]` (source: convex@1.48 src/cli/lib/config.ts), for the
 * deployment to install. Here they are installed with npm once per distinct set, into
 * `<dataDir>/node-dependencies/<sha256 of the set>/node_modules`, and each push's module folder
 * links that `node_modules`, so Node's resolution finds them from the pushed modules.
 *
 * Errors: an invalid name or version is refused before npm runs; an install that fails is
 * reported with npm's last lines of output (PushError `NodeDependenciesInstallFailed`).
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface NodeDependency {
  name: string;
  version: string;
}

/** npm's package-name rules (scoped or not, lower case, URL-safe). */
const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** A version or range as package.json holds it; no whitespace-separated extras. */
const VERSION = /^[\w.^~<>=*|+:/@#-]+(?: [\w.^~<>=*|+-]+)*$/;
/** How long one install may take. */
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;
const MARKER = ".rooms-installed";

export class DependencyError extends Error {}

/** Checks `deps` from a push request; throws DependencyError naming the bad entry. */
export function checkNodeDependencies(deps: unknown): NodeDependency[] {
  if (deps === undefined || deps === null) return [];
  if (!Array.isArray(deps)) throw new DependencyError("`nodeDependencies` must be an array");
  return deps.map((d: unknown, i: number) => {
    const dep = (d ?? {}) as { name?: unknown; version?: unknown };
    if (typeof dep.name !== "string" || dep.name.length > 214 || !NAME.test(dep.name))
      throw new DependencyError(`nodeDependencies[${i}].name is not an npm package name`);
    if (typeof dep.version !== "string" || dep.version.length > 256 || !VERSION.test(dep.version))
      throw new DependencyError(`nodeDependencies[${i}].version is not a version or range`);
    return { name: dep.name, version: dep.version };
  });
}

/**
 * Installs `deps` (or reuses an earlier install of the same set) and returns the
 * `node_modules` folder, or null for no dependencies.
 */
export async function installNodeDependencies(
  dataDir: string,
  deps: NodeDependency[],
): Promise<string | null> {
  if (deps.length === 0) return null;
  const sorted = [...deps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const key = crypto.createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
  const dir = path.join(dataDir, "node-dependencies", key.slice(0, 16));
  const nodeModules = path.join(dir, "node_modules");
  if (fs.existsSync(path.join(dir, MARKER))) return nodeModules;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      { private: true, dependencies: Object.fromEntries(sorted.map((d) => [d.name, d.version])) },
      null,
      2,
    )}\n`,
  );
  await runNpm(dir);
  fs.writeFileSync(path.join(dir, MARKER), new Date().toISOString());
  return nodeModules;
}

/** Links `nodeModules` as `<moduleDir>/node_modules`. */
export function linkNodeModules(moduleDir: string, nodeModules: string): void {
  const link = path.join(moduleDir, "node_modules");
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(nodeModules, link, "dir");
}

function runNpm(cwd: string): Promise<void> {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const args = ["install", "--omit=dev", "--no-audit", "--no-fund", "--no-package-lock"];
  return new Promise((resolve, reject) => {
    const child = spawn(npm, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), INSTALL_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new DependencyError(`Could not run npm to install external packages: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const tail = output.trim().split("\n").slice(-12).join("\n");
      reject(
        new DependencyError(
          `Installing external packages failed (npm ${signal ?? `exit ${code}`}):\n${tail}`,
        ),
      );
    });
  });
}
