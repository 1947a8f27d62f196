/**
 * The dashboard on the deployment port:
 *
 * - `GET /dashboard/…`: the dashboard app's static files (`apps/dashboard`'s build, the
 *   `dashboardDir` option); any path without a file is its `index.html` (the app routes by
 *   hash). The files hold no data: everything the app shows it reads with the admin key, which
 *   the link `pnpm dev` prints carries in its fragment (never sent to the server).
 * - `GET /api/local/health` (header `Authorization: Convex <admin key>`): a JSON snapshot for
 *   the health page: `{at (ms), sockets, subscriptions, commitTs (ns, string), databaseBytes,
 *   executions: {windowMs, counts: {Query, Mutation, Action, HttpAction}, failures, p50Ms,
 *   p95Ms}}`, executions over the last 10 s. Errors: 403 `BadDeployKey`, 401 `BadAdminKey`.
 */
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { ExecutionStats } from "../runtime/execution-log.js";
import { requireAdminKey, sendJson, sendText } from "./util.js";

export const HEALTH_WINDOW_MS = 10_000;

export interface DashboardServices {
  /** The built dashboard (a directory with `index.html`), or null when there is none. */
  dir: string | null;
  adminKey: string;
  health(): {
    sockets: number;
    subscriptions: number;
    commitTs: bigint;
    databaseBytes: number;
    executions: ExecutionStats;
  };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** Serves the dashboard routes; false when `url` is not one of them. */
export function handleDashboard(
  services: DashboardServices,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): boolean {
  if (url.pathname === "/api/local/health" && req.method === "GET") {
    requireAdminKey(req, services.adminKey);
    const health = services.health();
    sendJson(res, 200, { at: Date.now(), ...health, commitTs: health.commitTs.toString() });
    return true;
  }
  if (url.pathname !== "/dashboard" && !url.pathname.startsWith("/dashboard/")) return false;
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (url.pathname === "/dashboard") {
    res.writeHead(308, { Location: `/dashboard/${url.search}` }).end();
    return true;
  }
  if (services.dir === null) {
    sendText(
      res,
      404,
      "This deployment has no dashboard: build it with `pnpm --filter @rooms/dashboard build` and start the deployment with --dashboard <dir>.\n",
    );
    return true;
  }
  const root = path.resolve(services.dir);
  let relative = "";
  try {
    relative = decodeURIComponent(url.pathname.slice("/dashboard/".length));
  } catch {
    // A malformed escape names no file: the app's page.
  }
  let file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile())
    file = path.join(root, "index.html");
  const body = fs.readFileSync(file);
  const hashed = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
