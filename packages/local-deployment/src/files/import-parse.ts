/**
 * What `convex import` uploads, parsed into documents per table (convex-cli-and-errors.md §5;
 * source: convex-backend crates/application/src/snapshot_import/parse.rs):
 *
 * - `jsonLines`: one JSON object per line; `jsonArray`: one JSON array of objects (at most
 *   16 MiB); `csv`: a header row, then one row per document, a cell that is a number becoming a
 *   float64 and anything else a string (csv-parse). Numbers in JSON are float64.
 * - `zip` (a snapshot export, files/snapshot-zip.ts): every top-level `<table>/documents.jsonl`
 *   (components' `_components/…` and system tables other than `_storage` skipped). A table whose
 *   `generated_schema.jsonl` is `"uniform"` is read losslessly (lossless-json): an integer literal
 *   is an int64, a literal with a point or exponent a float64, `{"$float"}` and `{"$bytes"}`
 *   decoded. `_storage` brings its files: `_storage/<id><extension>`.
 *
 * Errors are ImportError with Convex's messages ("Row N wasn't valid JSON: …", "Not a JSON
 * array").
 */
import { parse as parseCsv } from "csv-parse/sync";
import { strFromU8, unzipSync } from "fflate";
import { isLosslessNumber, parse as parseLossless } from "lossless-json";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";

export type ImportFormat = "jsonLines" | "jsonArray" | "csv" | "zip";
export const IMPORT_FORMATS: readonly ImportFormat[] = ["jsonLines", "jsonArray", "csv", "zip"];
const JSON_ARRAY_MAX_BYTES = 16 * 1024 * 1024;

export class ImportError extends Error {}

export type ImportedDoc = Record<string, Value>;

export interface ParsedImport {
  /** Documents per table, in file order. */
  tables: Map<string, ImportedDoc[]>;
  /** Stored files' bytes by storage id (ZIP with `_storage` only). */
  files: Map<string, Uint8Array>;
}

function asDocument(value: unknown, row: number): ImportedDoc {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new ImportError(`Row ${row} is not an object.`);
  return value as ImportedDoc;
}

/** Plain JSON: numbers are float64; Convex's `$`-tagged values are decoded. */
const plainValue = (json: unknown) => jsonToConvex(json as JSONValue) as Value;

function jsonLines(text: string, decode: (line: string) => unknown): ImportedDoc[] {
  const docs: ImportedDoc[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = decode(line);
    } catch (e) {
      throw new ImportError(`Row ${i + 1} wasn't valid JSON: ${(e as Error).message}`);
    }
    docs.push(asDocument(value, i + 1));
  });
  return docs;
}

/** Export JSON, losslessly: integer literals are int64, the rest float64; tags decoded. */
function uniformValue(value: unknown): Value {
  if (isLosslessNumber(value)) {
    const text = value.toString();
    return /^-?\d+$/.test(text) ? BigInt(text) : Number(text);
  }
  if (Array.isArray(value)) return value.map(uniformValue);
  if (value !== null && typeof value === "object") {
    const fields = Object.entries(value as Record<string, unknown>);
    if (fields.length === 1 && fields[0]![0] === "$float" && typeof fields[0]![1] === "string")
      return Buffer.from(fields[0]![1], "base64").readDoubleLE(0);
    if (fields.length === 1 && fields[0]![0] === "$bytes" && typeof fields[0]![1] === "string") {
      const bytes = Buffer.from(fields[0]![1], "base64");
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    }
    return Object.fromEntries(fields.map(([key, field]) => [key, uniformValue(field)]));
  }
  return value as Value;
}

function csvDocs(text: string): ImportedDoc[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true });
  } catch (e) {
    throw new ImportError(`Invalid CSV: ${(e as Error).message}`);
  }
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, cell]) => {
        const n = Number(cell);
        return [key, cell.trim() !== "" && Number.isFinite(n) ? n : cell];
      }),
    ),
  );
}

function zipTables(bytes: Uint8Array): ParsedImport {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new ImportError(`Not a valid ZIP file: ${(e as Error).message}`);
  }
  const tables = new Map<string, ImportedDoc[]>();
  for (const [name, data] of Object.entries(entries)) {
    const match = /^([^/]+)\/documents\.jsonl$/.exec(name);
    if (match === null) continue;
    const table = match[1]!;
    if (table.startsWith("_") && table !== "_storage") continue;
    const schema = entries[`${table}/generated_schema.jsonl`];
    const uniform = schema !== undefined && strFromU8(schema).trim() === '"uniform"';
    const decode = uniform
      ? (line: string) => uniformValue(parseLossless(line))
      : (line: string) => plainValue(JSON.parse(line));
    tables.set(table, jsonLines(strFromU8(data), decode));
  }
  const files = new Map<string, Uint8Array>();
  for (const doc of tables.get("_storage") ?? []) {
    const id = String(doc._id);
    const blob = Object.entries(entries).find(
      ([name]) => name.startsWith(`_storage/${id}`) && !name.endsWith(".jsonl"),
    );
    if (blob === undefined) throw new ImportError(`The ZIP has no file for storage ID ${id}.`);
    files.set(id, blob[1]);
  }
  return { tables, files };
}

/** Parses an upload of `format`; `tableName` names the table of a non-ZIP upload. */
export function parseImport(
  format: ImportFormat,
  bytes: Uint8Array,
  tableName: string | null,
): ParsedImport {
  if (format === "zip") return zipTables(bytes);
  if (tableName === null) throw new ImportError(`${format} import requires a table name`);
  const text = strFromU8(bytes).replace(/^\uFEFF/, "");
  let docs: ImportedDoc[];
  if (format === "csv") docs = csvDocs(text);
  else if (format === "jsonLines") docs = jsonLines(text, (line) => plainValue(JSON.parse(line)));
  else {
    if (bytes.byteLength > JSON_ARRAY_MAX_BYTES)
      throw new ImportError(
        `The JSON array is larger than 16 MiB: import it as JSON lines (.jsonl) instead.`,
      );
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ImportError(`Not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(value)) throw new ImportError("Not a JSON array");
    docs = value.map((item, i) => asDocument(plainValue(item), i + 1));
  }
  return { tables: new Map([[tableName, docs]]), files: new Map() };
}
