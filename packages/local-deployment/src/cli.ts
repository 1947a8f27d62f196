/**
 * The `local-deployment` command.
 *
 *   local-deployment start [--port 3210] [--site-port 3211] [--data-dir .convex-local]
 *                          [--admin-key KEY] [--instance-name NAME] [--dashboard DIR]
 *   local-deployment reset --data-dir DIR
 *
 * `start` prints the deployment URL, site URL, admin key and the two lines to export for the
 * Convex CLI once it is ready, and exits cleanly on SIGINT/SIGTERM. Bad flags print the usage and
 * exit with code 2. `--convex-auth` generates Convex Auth's JWT_PRIVATE_KEY and JWKS once per data
 * dir (and sets SITE_URL from `--site-url`). `--dashboard DIR` serves the built dashboard app
 * (apps/dashboard/dist) at `/dashboard/` and prints a link that signs in with the admin key.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { LocalDeployment } from "./deployment.js";

const USAGE = `Usage:
  local-deployment start [--port 3210] [--site-port 3211] [--data-dir .convex-local]
                         [--admin-key KEY] [--instance-name NAME]
                         [--convex-auth] [--site-url URL] [--dashboard DIR]
  local-deployment reset --data-dir DIR`;

class UsageError extends Error {}

function port(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new UsageError(`${flag} must be a port number (0-65535), got "${value}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "start") return await start(rest);
    if (command === "reset") return reset(rest);
    if (command === "--help" || command === "-h" || command === "help") {
      console.log(USAGE);
      return 0;
    }
    throw new UsageError(
      command === undefined ? "missing command" : `unknown command "${command}"`,
    );
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`local-deployment: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: "string" },
      "site-port": { type: "string" },
      "data-dir": { type: "string" },
      "admin-key": { type: "string" },
      "instance-name": { type: "string" },
      "convex-auth": { type: "boolean" },
      "site-url": { type: "string" },
      dashboard: { type: "string" },
    },
  });
  if (values["admin-key"] !== undefined && values["admin-key"].trim() === "")
    throw new UsageError("--admin-key must not be empty");
  if (values["site-url"] !== undefined && !values["convex-auth"])
    throw new UsageError("--site-url goes with --convex-auth");
  const dashboard = values.dashboard;
  if (dashboard !== undefined && !fs.existsSync(path.join(dashboard, "index.html")))
    throw new UsageError(`--dashboard ${dashboard} has no index.html: build the dashboard first`);
  const deployment = await LocalDeployment.start({
    port: port(values.port, "--port", 3210),
    sitePort: port(values["site-port"], "--site-port", 3211),
    dataDir: values["data-dir"] ?? ".convex-local",
    ...(values["admin-key"] === undefined ? {} : { adminKey: values["admin-key"] }),
    ...(values["instance-name"] === undefined ? {} : { instanceName: values["instance-name"] }),
    ...(dashboard === undefined ? {} : { dashboardDir: dashboard }),
  });
  const authKeys = values["convex-auth"] ? deployment.ensureConvexAuthKeys(values["site-url"]) : [];
  console.log(
    [
      `Local Convex deployment "${deployment.instanceName}" is ready.`,
      ...(authKeys.length > 0 ? [`  Convex Auth:    set ${authKeys.join(", ")}`] : []),
      `  Deployment URL: ${deployment.cloudUrl}`,
      `  Site URL:       ${deployment.siteUrl}`,
      `  Admin key:      ${deployment.adminKey}`,
      ...(dashboard === undefined
        ? []
        : [
            `  Dashboard:      ${deployment.cloudUrl}/dashboard/#key=${encodeURIComponent(deployment.adminKey)}`,
          ]),
      "",
      "Point the Convex CLI at it with:",
      `CONVEX_SELF_HOSTED_URL=${deployment.cloudUrl}`,
      `CONVEX_SELF_HOSTED_ADMIN_KEY=${deployment.adminKey}`,
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await deployment.close();
  console.log("Local Convex deployment stopped.");
  return 0;
}

function reset(args: string[]): number {
  const { values } = parseArgs({ args, strict: true, options: { "data-dir": { type: "string" } } });
  const dir = values["data-dir"];
  if (dir === undefined) throw new UsageError("reset needs --data-dir DIR");
  const resolved = path.resolve(dir);
  if (!fs.existsSync(resolved)) {
    console.log(`Nothing to reset: ${resolved} does not exist.`);
    return 0;
  }
  if (!fs.existsSync(path.join(resolved, "convex_local_backend.sqlite3"))) {
    throw new UsageError(
      `${resolved} does not look like a local deployment data dir (no convex_local_backend.sqlite3); refusing to delete it`,
    );
  }
  fs.rmSync(resolved, { recursive: true, force: true });
  console.log(`Reset the local deployment in ${resolved}.`);
  return 0;
}
