// A static file server for a built single-page app: files from `root`, and the SPA fallback
// page for every path that is not a file. Listens on 127.0.0.1.
//
// The suite serves a copy of each app's build from a temporary directory instead of running
// `vite preview` in the app's folder, so rebuilding the app while the suite runs (a developer's
// `pnpm build`, another turbo task) cannot delete files from under the running tests.
import fs from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1:`port` (0: any free port); unknown paths get `root/fallback` with status 200. */
export async function serveStatic(
  root: string,
  port: number,
  fallback: string,
): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    void respond(root, fallback, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  // Port 0: the system picked one.
  const { port: bound } = server.address() as import("node:net").AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(
  root: string,
  fallback: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const requested = path.join(root, path.normalize(pathname));
  const inside = requested.startsWith(root + path.sep);
  const file = inside && (await isFile(requested)) ? requested : path.join(root, fallback);
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(500).end();
  }
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (stat) => stat.isFile(),
    () => false,
  );
}
