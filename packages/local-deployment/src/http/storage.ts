/**
 * File storage over HTTP on the deployment port (source: Convex docs "Uploading files" and
 * "Serving files"):
 * - `POST /api/storage/upload?token=...`: the body is the file; `Content-Type` is kept;
 *   answers `{storageId}`. A `Digest: sha-256=<base64>` header must match the body (400 if not).
 * - `GET /api/storage/<storageId>`: the file with its content type, or 404 once deleted. One
 *   byte range (`Range: bytes=a-b`, `a-`, `-n`) answers 206 with `Content-Range`; a range past
 *   the end 416 (`Content-Range: bytes *\/size`); several ranges get the whole file (RFC 9110).
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
      const digest = /^sha-256=(.+)$/i.exec(String(req.headers.digest ?? "").trim())?.[1];
      const storageId = await runner.runSystemMutation((tx) =>
        files.register(tx, received, contentType, digest),
      );
      sendJson(res, 200, { storageId });
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD")
      throw new StorageError(405, "Files are read with GET.");
    const id = url.pathname.slice("/api/storage/".length);
    let file: ReturnType<typeof files.metadata>;
    try {
      file = files.metadata(db.beginRead(), id);
    } catch {
      file = null; // not an id at all: no such file
    }
    // convex-backend application/src/lib.rs get_file.
    if (file === null) throw new StorageError(404, `File ${id} not found`, "FileNotFound");
    const headers = {
      "Content-Type": file.contentType ?? "application/octet-stream",
      // As Convex serves files (js-integration-tests fileStorage.test.ts).
      "Cache-Control": "private, max-age=2592000",
      "Accept-Ranges": "bytes",
      // A file is served with the type its uploader claimed: never let a browser sniff another.
      "X-Content-Type-Options": "nosniff",
    };
    // An empty file has no byte to range over: Convex serves it whole (200).
    const range = file.size === 0 ? null : byteRange(req.headers.range, file.size);
    if (range === "unsatisfiable") {
      res.writeHead(416, { ...headers, "Content-Range": `bytes */${file.size}` }).end();
      return true;
    }
    const [start, end] = range ?? [0, file.size - 1];
    res.writeHead(range === null ? 200 : 206, {
      ...headers,
      "Content-Length": Math.max(0, end - start + 1),
      ...(range === null ? {} : { "Content-Range": `bytes ${start}-${end}/${file.size}` }),
    });
    if (req.method === "HEAD" || file.size === 0) res.end();
    else fs.createReadStream(files.pathOf(file._id), { start, end }).pipe(res);
    return true;
  } catch (e) {
    if (!(e instanceof StorageError)) throw e;
    closeIfBodyUnread(req, res);
    sendJson(res, e.status, {
      code: e.code,
      message: e.message,
    });
    return true;
  }
}

/**
 * The inclusive byte range a single-range `Range` header asks of a `size`-byte file; null for no
 * header, several ranges or one this parser does not read (the whole file is served).
 */
function byteRange(
  header: string | undefined,
  size: number,
): [number, number] | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec((header ?? "").trim());
  if (match === null || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return [start, end];
}
