/**
 * `convex export` against the local deployment (convex-cli-and-errors.md §3; source: convex@1.48
 * src/cli/lib/convexExport.ts; convex-backend crates/local_backend/src/snapshot_export.rs,
 * model/exports/types.rs, npm-packages/system-udfs/convex/_system/cli/exports.ts):
 *
 * - `POST /api/export/request/zip?includeStorage=true|false` (admin key) → 200, empty body. The
 *   request is an `_exports` document (files/exports.ts) that goes requested → in_progress →
 *   completed (or failed). While one is requested or in progress, another request answers 400
 *   `ExportInProgress`.
 * - `_system/cli/exports:getLatest` (system-queries.ts): the newest such document, live, so the
 *   CLI's subscription sees it finish.
 * - `GET /api/export/zip/<start_ts or document id>` → the ZIP (files/snapshot-zip.ts) with
 *   `Content-Disposition: attachment; filename=snapshot_<deployment>_<start_ts>.zip`; 404
 *   `ExportNotFound`, 400 `ExportNotComplete`.
 *
 * ZIPs are kept in `<dataDir>/exports/` for 14 days (Convex keeps exports for that long).
 */
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { Database } from "../engine/database.js";
import { EXPORTS_TABLE, exportNamed, latestExport } from "../files/exports.js";
import type { FileStore } from "../files/file-store.js";
import { snapshotZip } from "../files/snapshot-zip.js";
import { logError } from "../log.js";
import type { FunctionRunner } from "../runtime/runner.js";
import { HttpError, sendJson } from "./util.js";

const RETENTION_NS = 14n * 24n * 3600n * 1_000_000_000n;

export interface ExportServices {
  db: Database;
  runner: FunctionRunner;
  files: FileStore;
  dataDir: string;
  instanceName: string;
  /** Throws HttpError unless the request carries the admin key. */
  requireAdmin(req: http.IncomingMessage): void;
}

function update(s: ExportServices, id: string, fields: Record<string, unknown>): Promise<void> {
  return s.runner.runSystemMutation((tx) =>
    s.db.patchSystemDocument(tx, EXPORTS_TABLE, id, fields),
  );
}

const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const zipPath = (s: ExportServices, startTs: bigint) =>
  path.join(s.dataDir, "exports", `snapshot_${startTs}.zip`);

async function runExport(s: ExportServices, id: string, includeStorage: boolean): Promise<void> {
  try {
    await update(s, id, { state: "in_progress" });
    // Every acknowledged commit durable, then read in one go: the ZIP is one snapshot.
    await s.db.drain();
    const startTs = s.db.durableTs;
    const zip = snapshotZip(s.db, s.files, includeStorage);
    fs.mkdirSync(path.join(s.dataDir, "exports"), { recursive: true });
    fs.writeFileSync(zipPath(s, startTs), zip);
    const completeTs = nowNs();
    await update(s, id, {
      state: "completed",
      start_ts: startTs,
      complete_ts: completeTs,
      expiration_ts: completeTs + RETENTION_NS,
      zip_object_key: `snapshot_${startTs}.zip`,
      size: BigInt(zip.byteLength),
    });
  } catch (e) {
    logError(`snapshot export failed: ${(e as Error).message}`);
    await update(s, id, { state: "failed" }).catch(() => undefined);
  }
}

/** Serves the export routes; false when `url` is not one of them. */
export async function handleSnapshotExport(
  s: ExportServices,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  if (url.pathname === "/api/export/request/zip" && req.method === "POST") {
    s.requireAdmin(req);
    const includeStorage = url.searchParams.get("includeStorage") === "true";
    const id = await s.runner.runSystemMutation((tx) => {
      const pending = latestExport(tx);
      if (pending !== null && (pending.state === "requested" || pending.state === "in_progress"))
        throw new HttpError(
          400,
          "ExportInProgress",
          "There is already an export requested or in progress.",
        );
      return s.db.insertSystemDocument(tx, EXPORTS_TABLE, {
        requestor: "snapshotExport",
        state: "requested",
        format: { format: "zip", include_storage: includeStorage },
      });
    });
    res.writeHead(200, { "Content-Length": 0 }).end();
    void runExport(s, id, includeStorage);
    return true;
  }
  const download = /^\/api\/export\/zip\/([^/]+)$/.exec(url.pathname);
  if (download !== null && req.method === "GET") {
    s.requireAdmin(req);
    const wanted = decodeURIComponent(download[1]!);
    const found = exportNamed(s.db.beginRead(), wanted);
    if (found === null) throw new HttpError(404, "ExportNotFound", `No export ${wanted}`);
    if (found.state !== "completed" || found.start_ts === undefined)
      throw new HttpError(400, "ExportNotComplete", `Export ${wanted} is not complete`);
    const file = zipPath(s, found.start_ts);
    if (!fs.existsSync(file))
      throw new HttpError(404, "ExportNotFound", `Export ${wanted} expired`);
    res.writeHead(200, {
      "Content-Type": "application/zip",
      "Content-Length": fs.statSync(file).size,
      "Content-Disposition": `attachment; filename=snapshot_${s.instanceName}_${found.start_ts}.zip`,
      "Cache-Control": "private, max-age=2592000",
    });
    fs.createReadStream(file).pipe(res);
    return true;
  }
  if (url.pathname.startsWith("/api/export/")) {
    sendJson(res, 405, { code: "NotSupported", message: `${req.method} ${url.pathname}` });
    return true;
  }
  return false;
}
