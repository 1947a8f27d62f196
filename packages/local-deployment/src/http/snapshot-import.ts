/**
 * `convex import` against the local deployment (convex-cli-and-errors.md §5; source: convex@1.48
 * src/cli/lib/convexImport.ts; convex-backend crates/local_backend/src/snapshot_import.rs,
 * model/snapshot_imports/types.rs, application/src/snapshot_import/confirmation.rs):
 *
 * - `POST /api/import/start_upload` → `{uploadToken}`; `POST /api/import/upload_part?
 *   uploadToken&partNumber` (raw bytes) → a part token (JSON string); `POST
 *   /api/import/finish_upload {import: {tableName?, mode, format}, uploadToken, partTokens}` →
 *   `{importId}`. The upload is parsed at once (files/import-parse.ts).
 * - The import is a `_snapshot_imports` document whose `state` the CLI follows through
 *   `_system/cli/queryImport:default {importId}`: `waiting_for_confirmation {message_to_confirm,
 *   require_manual_confirmation}` (the change summary; manual when something is deleted) →
 *   `POST /api/perform_import {importId}` → `in_progress {progress_message,
 *   checkpoint_messages}` → `completed {timestamp, num_rows_written}` (int64) or `failed
 *   {error_message}`. `POST /api/cancel_import {importId}` fails a waiting import ("Import
 *   canceled"). `_system/cli/queryImport:list` gives the last 20.
 * - Modes: `requireEmpty` (default; a table with documents fails: "Table <t> already exists.
 *   Please choose a new table name or use replace/append modes."), `append`, `replace` (the
 *   table's documents replaced), `replaceAll` (every user table replaced). All tables are written
 *   in one transaction: an import lands whole or not at all. `_id` is kept when it is an ID of
 *   the target table (a snapshot of a deployment with the same schema; `_storage` ids always
 *   are), `_creationTime` when it is a number; documents are checked against the schema.
 *
 * Components (`componentPath`) are refused, as everywhere in the local deployment.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import type { Value } from "convex/values";
import type { Database } from "../engine/database.js";
import type { Doc, Transaction } from "../engine/transaction.js";
import { STORAGE_TABLE, type FileStore } from "../files/file-store.js";
import {
  IMPORT_FORMATS,
  ImportError,
  parseImport,
  type ImportFormat,
  type ParsedImport,
} from "../files/import-parse.js";
import { IMPORTS_TABLE } from "../files/imports.js";
import { logError } from "../log.js";
import { checkWrite, UserError } from "../runtime/database-syscalls.js";
import type { FunctionRunner } from "../runtime/runner.js";
import { decodeDocumentId, newDocumentId } from "../values/ids.js";
import { HttpError, readBody, readJsonBody, sendJson } from "./util.js";

const MODES = ["requireEmpty", "append", "replace", "replaceAll"] as const;
type Mode = (typeof MODES)[number];
const MAX_PART_BYTES = 256 * 1024 * 1024;

export interface ImportServices {
  db: Database;
  runner: FunctionRunner;
  files: FileStore;
  dataDir: string;
  requireAdmin(req: http.IncomingMessage): void;
  /** Parsed uploads waiting for `perform_import`, by import id (`newPendingImports()`). */
  pendingImports: PendingImports;
}

interface PendingImport {
  parsed: ParsedImport;
  mode: Mode;
}

/** One deployment's parsed uploads awaiting confirmation (lost on restart: upload again). */
export type PendingImports = Map<string, PendingImport>;
export const newPendingImports = (): PendingImports => new Map();

function setState(s: ImportServices, id: string, state: Record<string, Value>): Promise<void> {
  return s.runner.runSystemMutation((tx) =>
    s.db.patchSystemDocument(tx, IMPORTS_TABLE, id, { state }),
  );
}

const tableLabel = (name: string) => (name === STORAGE_TABLE ? "_storage" : name);

/** Rows to create and delete per table, and whether anything is deleted. */
function changeSummary(db: Database, parsed: ParsedImport, mode: Mode) {
  const names = new Set(parsed.tables.keys());
  if (mode === "replaceAll")
    for (const t of db.catalog.tables()) if (!t.name.startsWith("_")) names.add(t.name);
  const rows = [...names].sort().map((name) => {
    const table = db.catalog.table(name);
    const existing = table === undefined ? 0 : db.documentsOf(table).length;
    const create = parsed.tables.get(name)?.length ?? 0;
    const deletes = mode === "replace" || mode === "replaceAll" ? existing : 0;
    return { name, create, existing, deletes };
  });
  const header = ["table", "create", "delete"];
  const cells = rows.map((r) => [
    tableLabel(r.name),
    String(r.create),
    `${r.deletes} of ${r.existing}${r.name === STORAGE_TABLE ? " files" : ""}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `${c.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  const message = [
    "Import change summary:",
    line(header),
    "-".repeat(line(header).length),
    ...cells.map(line),
    "Once the import has started, it will run in the background.",
    "Interrupting `npx convex import` will not cancel it.",
  ].join("\n");
  return { rows, message, deletes: rows.some((r) => r.deletes > 0) };
}

/** Writes every table of the import in `tx`; returns the documents written. */
function applyImport(s: ImportServices, tx: Transaction, job: PendingImport): number {
  const { db, files } = s;
  const { parsed, mode } = job;
  // One transaction for the whole import, however many rows: it lands whole or not at all.
  tx.limitWrites = false;
  const names = new Set(parsed.tables.keys());
  if (mode === "replaceAll")
    for (const t of db.catalog.tables()) if (!t.name.startsWith("_")) names.add(t.name);
  let written = 0;
  for (const name of names) {
    const docs = parsed.tables.get(name) ?? [];
    const table = db.catalog.ensureTable(name);
    const existing = db.documentsOf(table);
    if (mode === "requireEmpty" && existing.length > 0)
      throw new ImportError(
        `Table ${name} already exists. Please choose a new table name or use replace/append modes.`,
      );
    if (mode === "replace" || mode === "replaceAll")
      for (const { id } of existing) tx.write(table, id, null);
    docs.forEach((doc, i) => {
      let id = typeof doc._id === "string" ? doc._id : null;
      if (id !== null && decodeDocumentId(id)?.tableNumber !== table.number)
        throw new ImportError(
          `Row ${i + 1} of table "${name}": _id ${id} is not an ID of table "${name}" in this deployment (its tables are numbered differently). Remove the _id fields to import the rows as new documents.`,
        );
      if (id !== null && mode === "append" && tx.current(id) !== null)
        throw new ImportError(`Row ${i + 1} of table "${name}": a document with _id ${id} exists.`);
      id ??= newDocumentId(table.number);
      const creationTime =
        typeof doc._creationTime === "number" ? doc._creationTime : db.nextCreationTime();
      let value: Doc;
      if (name === STORAGE_TABLE) {
        const bytes = parsed.files.get(id)!;
        value = {
          _id: id,
          _creationTime: creationTime,
          sha256: crypto.createHash("sha256").update(bytes).digest("base64"),
          size: bytes.byteLength,
          ...(typeof doc.contentType === "string" ? { contentType: doc.contentType } : {}),
        };
        fs.writeFileSync(files.pathOf(id), bytes);
      } else {
        value = { ...doc, _id: id, _creationTime: creationTime } as Doc;
        checkWrite(db, name, value);
      }
      tx.write(table, id, value, true);
      written++;
    });
  }
  return written;
}

/** Applies a confirmed import (already `in_progress`) and records how it ended. */
async function perform(s: ImportServices, id: string, job: PendingImport): Promise<void> {
  try {
    const written = await s.runner.runSystemMutation((tx) => applyImport(s, tx, job));
    const checkpoints = [...job.parsed.tables].map(
      ([name, docs]) => `Imported "${tableLabel(name)}" (${docs.length} documents)`,
    );
    await setState(s, id, {
      state: "completed",
      timestamp: s.db.durableTs,
      num_rows_written: BigInt(written),
      checkpoint_messages: checkpoints,
    });
  } catch (e) {
    // A row the schema or the limits refuse is the import's error, not the deployment's.
    const expected = e instanceof ImportError || e instanceof UserError;
    if (!expected) logError("import failed:", e);
    const message =
      e instanceof ImportError
        ? e.message
        : `Hit an error while importing:\n${(e as Error).message}`;
    await setState(s, id, { state: "failed", error_message: message }).catch(() => undefined);
  }
}

const uploadDir = (s: ImportServices, token: string) => {
  if (!/^[0-9a-f]{32}$/.test(token))
    throw new HttpError(400, "InvalidUploadToken", "Unknown upload token");
  return path.join(s.dataDir, "imports", token);
};

async function finishUpload(s: ImportServices, body: Record<string, unknown>): Promise<string> {
  const args = (body.import ?? {}) as Record<string, unknown>;
  if (typeof args.componentPath === "string" && args.componentPath !== "")
    throw new HttpError(
      400,
      "NotSupported",
      "Components are not supported by the local deployment.",
    );
  const format = args.format as ImportFormat;
  if (!IMPORT_FORMATS.includes(format))
    throw new HttpError(400, "InvalidImportFormat", `Unknown import format ${String(args.format)}`);
  const mode = (args.mode ?? "requireEmpty") as Mode;
  if (!MODES.includes(mode))
    throw new HttpError(400, "InvalidImportMode", `Unknown mode ${String(mode)}`);
  const tableName = typeof args.tableName === "string" ? args.tableName : null;
  if (format !== "zip" && tableName === null)
    throw new HttpError(400, "InvalidName", "CSV import requires table name");
  const dir = uploadDir(s, String(body.uploadToken));
  const parts = (Array.isArray(body.partTokens) ? body.partTokens : []).map((part) => {
    const file = path.join(dir, String(Number(part)));
    if (!fs.existsSync(file))
      throw new HttpError(400, "InvalidUploadToken", `Unknown part ${String(part)}`);
    return fs.readFileSync(file);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  let state: Record<string, Value>;
  let job: PendingImport | null = null;
  try {
    const parsed = parseImport(format, Buffer.concat(parts), tableName);
    job = { parsed, mode };
    const summary = changeSummary(s.db, parsed, mode);
    state = {
      state: "waiting_for_confirmation",
      message_to_confirm: summary.message,
      require_manual_confirmation: summary.deletes,
    };
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    state = { state: "failed", error_message: e.message };
  }
  const id = await s.runner.runSystemMutation((tx) =>
    s.db.insertSystemDocument(tx, IMPORTS_TABLE, {
      format,
      mode,
      ...(tableName === null ? {} : { tableName }),
      state,
    }),
  );
  if (job !== null) s.pendingImports.set(id, job);
  return id;
}

/** Serves the import routes; false when `url` is not one of them. */
export async function handleSnapshotImport(
  s: ImportServices,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  if (req.method !== "POST") return false;
  switch (url.pathname) {
    case "/api/import/start_upload": {
      s.requireAdmin(req);
      const token = crypto.randomBytes(16).toString("hex");
      fs.mkdirSync(uploadDir(s, token), { recursive: true });
      sendJson(res, 200, { uploadToken: token });
      return true;
    }
    case "/api/import/upload_part": {
      s.requireAdmin(req);
      const dir = uploadDir(s, url.searchParams.get("uploadToken") ?? "");
      const part = Number(url.searchParams.get("partNumber"));
      if (!fs.existsSync(dir) || !Number.isInteger(part) || part < 1)
        throw new HttpError(400, "InvalidUploadToken", "Unknown upload token or part number");
      fs.writeFileSync(
        path.join(dir, String(part)),
        await readBody(req, MAX_PART_BYTES, "Import parts"),
      );
      sendJson(res, 200, String(part));
      return true;
    }
    case "/api/import/finish_upload": {
      s.requireAdmin(req);
      const importId = await finishUpload(
        s,
        await readJsonBody(req, 1024 * 1024, "Import requests"),
      );
      sendJson(res, 200, { importId });
      return true;
    }
    case "/api/perform_import":
    case "/api/cancel_import": {
      s.requireAdmin(req);
      const { importId } = await readJsonBody(req, 1024 * 1024, "Import requests");
      const id = String(importId);
      const job = s.pendingImports.get(id);
      if (job === undefined)
        throw new HttpError(
          400,
          "ImportNotWaiting",
          `Import ${id} is not waiting for confirmation.`,
        );
      if (url.pathname === "/api/cancel_import") {
        s.pendingImports.delete(id);
        await setState(s, id, { state: "failed", error_message: "Import canceled" });
      } else {
        s.pendingImports.delete(id);
        // In progress before the answer: the CLI's subscription must not see the import still
        // waiting (it would confirm it again).
        await setState(s, id, {
          state: "in_progress",
          progress_message: "Importing",
          checkpoint_messages: [],
        });
        void perform(s, id, job);
      }
      res.writeHead(200, { "Content-Length": 0 }).end();
      return true;
    }
    default:
      return false;
  }
}
