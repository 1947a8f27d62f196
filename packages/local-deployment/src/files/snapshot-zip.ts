/**
 * A snapshot export ZIP in Convex's layout (convex-cli-and-errors.md §4; source: convex-backend
 * crates/application/src/exports/lib.rs, zip_uploader.rs; value/export.rs):
 *
 * - `README.md`; `_tables/documents.jsonl`, one `{"name","id"}` line per user table (by number);
 * - per user table, fewest documents first: `<table>/documents.jsonl` (one document per line,
 *   with `_id` and `_creationTime`) then `<table>/generated_schema.jsonl` (the line `"uniform"`:
 *   the values are written losslessly);
 * - with storage: `_storage/documents.jsonl` (`{_id, _creationTime, sha256, size, contentType,
 *   internalId}`), then each file's bytes as `_storage/<storageId><extension of its type>`.
 *
 * Values are in Convex's "export JSON": int64 as a bare integer, a finite float64 always with a
 * decimal point or exponent (`1.0`), NaN / ±Infinity / -0 as `{"$float": base64 LE}`, bytes as
 * `{"$bytes": base64}`. Entries are deflated (fflate).
 */
import { zipSync, strToU8 } from "fflate";
import type { Value } from "convex/values";
import type { Database } from "../engine/database.js";
import type { FileStore, StoredFile } from "./file-store.js";
import { STORAGE_TABLE } from "./file-store.js";

const README = `# Welcome to your Convex snapshot export!

This ZIP file contains a snapshot of the tables in your Convex deployment.

Documents for each table are listed as lines of JSON in
<table_name>/documents.jsonl files.

For details on the format and how to use this snapshot with npx convex import,
check out [the docs](https://docs.convex.dev/database/import-export/export) or
ask us in [Discord](http://convex.dev/community).
`;

/** The file extension Convex gives a stored file of `contentType` (none when unknown). */
const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
  "image/svg+xml": ".svg",
  "application/pdf": ".pdf",
  "application/json": ".json",
  "application/zip": ".zip",
  "text/plain": ".txt",
  "text/csv": ".csv",
  "text/html": ".html",
  "audio/mpeg": ".mp3",
  "video/mp4": ".mp4",
};
export const extensionOf = (contentType: string | undefined): string =>
  EXTENSIONS[(contentType ?? "").split(";")[0]!.trim().toLowerCase()] ?? "";

function floatBase64(n: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(n);
  return bytes.toString("base64");
}

/** One value as export JSON (see the module header). */
export function exportJson(value: Value | undefined): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number": {
      if (!Number.isFinite(value) || Object.is(value, -0))
        return `{"$float":"${floatBase64(value)}"}`;
      const text = String(value);
      return /[.eE]/.test(text) ? text : `${text}.0`;
    }
    case "boolean":
    case "string":
      return JSON.stringify(value);
  }
  if (value instanceof ArrayBuffer) return `{"$bytes":"${Buffer.from(value).toString("base64")}"}`;
  if (Array.isArray(value)) return `[${value.map(exportJson).join(",")}]`;
  const fields = Object.entries(value as Record<string, Value>).map(
    ([key, field]) => `${JSON.stringify(key)}:${exportJson(field)}`,
  );
  return `{${fields.join(",")}}`;
}

/**
 * The ZIP of every user table (and, with `includeStorage`, every stored file) as the database
 * holds them now; the caller reads at a moment when every commit is durable.
 */
export function snapshotZip(db: Database, files: FileStore, includeStorage: boolean): Uint8Array {
  const tables = db.catalog
    .tables()
    .filter((table) => !table.name.startsWith("_"))
    .map((table) => ({ table, docs: db.documentsOf(table) }));
  const entries: Record<string, Uint8Array> = {
    "README.md": strToU8(README),
    "_tables/documents.jsonl": strToU8(
      tables
        .map(({ table }) => `{"name":${JSON.stringify(table.name)},"id":${table.number}}\n`)
        .join(""),
    ),
  };
  for (const { table, docs } of [...tables].sort((a, b) => a.docs.length - b.docs.length)) {
    entries[`${table.name}/documents.jsonl`] = strToU8(
      docs.map(({ doc }) => `${exportJson(doc as Value)}\n`).join(""),
    );
    entries[`${table.name}/generated_schema.jsonl`] = strToU8('"uniform"\n');
  }
  const storage = db.catalog.table(STORAGE_TABLE);
  if (includeStorage && storage !== undefined) {
    const stored = db.documentsOf(storage).map(({ doc }) => doc as unknown as StoredFile);
    entries["_storage/documents.jsonl"] = strToU8(
      stored
        .map((file) =>
          exportJson({
            _id: file._id,
            _creationTime: file._creationTime,
            sha256: file.sha256,
            size: BigInt(file.size),
            ...(file.contentType === undefined ? {} : { contentType: file.contentType }),
            internalId: file._id,
          }),
        )
        .map((line) => `${line}\n`)
        .join(""),
    );
    for (const file of stored) {
      entries[`_storage/${file._id}${extensionOf(file.contentType)}`] = files.read(file._id);
    }
  }
  return zipSync(entries, { level: 6 });
}
