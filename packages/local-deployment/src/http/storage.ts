/**
 * File storage over HTTP on the deployment port (source: Convex docs "Uploading files" and
 * "Serving files"):
 * - `POST /api/storage/upload?token=...`: the body is the file; `Content-Type` is kept;
 *   answers `{storageId}`.
 * - `GET /api/storage/<storageId>`: the file with its content type, or 404 once deleted.
 */
import fs from "node:fs";
import type http from "node:http";
import { FileStore, StorageError } from "../files/file-store.js";
import type { FunctionRunner } from "../runtime/runner.js";
import type { Database } from "../engine/database.js";
import { closeIfBodyUnread, sendJson } from "./util.js";

export async function handleStorage(
  services: { files: FileStore; runner: FunctionRunner; db: Database },
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith("/api/storage/")) return false;
  const { files, runner, db } = services;
  try {
    if (url.pathname === "/api/storage/upload") {
      if (req.method !== "POST") throw new StorageError(405, "Upload with POST.");
      files.consumeUploadToken(url.searchParams.get("token"));
      const received = await files.receive(req);
      const contentType = req.headers["content-type"] ?? null;
      const storageId = await runner.runSystemMutation((tx) =>
        files.register(tx, received, contentType),
      );
      sendJson(res, 200, { storageId });
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      throw new StorageError(405, "Files are read with GET.");
    const file = files.metadata(db.beginRead(), url.pathname.slice("/api/storage/".length));
    if (file === null) throw new StorageError(404, "File not found.");
    res.writeHead(200, {
      "Content-Type": file.contentType ?? "application/octet-stream",
      "Content-Length": file.size,
      "Cache-Control": "private, max-age=2592000, immutable",
      // A file is served with the type its uploader claimed: never let a browser sniff another.
      "X-Content-Type-Options": "nosniff",
    });
    if (req.method === "HEAD") res.end();
    else fs.createReadStream(files.pathOf(file._id)).pipe(res);
    return true;
  } catch (e) {
    if (!(e instanceof StorageError)) throw e;
    closeIfBodyUnread(req, res);
    sendJson(res, e.status, {
      code: e.status === 404 ? "NotFound" : "StorageError",
      message: e.message,
    });
    return true;
  }
}
