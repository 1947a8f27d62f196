/**
 * Convex values as the backend's validation and error texts see them: a value's kind (`Kind`,
 * as Rust `ConvexValue` variants), commit-timestamp placeholders resolved to `i64::MAX`, and
 * object fields in the backend's order (code point order of `BTreeMap<FieldName, _>`).
 *
 * Sources: convex-backend crates/value/src/lib.rs (`ConvexValue`), crates/value/src/object.rs.
 */
import type { JSONValue, Value } from "convex/values";
import { CommitTsPlaceholder, jsonToConvex } from "convex/values";

export type Obj = { [key: string]: Value | undefined };

/** Unresolved commit timestamps validate (and print) as this int64 (`i64::MAX`). */
const MAX_COMMIT_TS = 9223372036854775807n;

export type Kind =
  "null" | "float64" | "int64" | "boolean" | "string" | "bytes" | "array" | "object";

export function resolve(v: Value): Value {
  return v instanceof CommitTsPlaceholder ? MAX_COMMIT_TS : v;
}

export function kindOf(v: Value): Kind {
  if (v === null) return "null";
  const t = typeof v;
  if (t === "number") return "float64";
  if (t === "bigint" || v instanceof CommitTsPlaceholder) return "int64";
  if (t === "boolean" || t === "string") return t;
  if (v instanceof ArrayBuffer) return "bytes";
  return Array.isArray(v) ? "array" : "object";
}

export function isObject(v: Value): v is Obj {
  return kindOf(v) === "object";
}

export function literalValue(json: unknown): Value {
  return jsonToConvex(json as JSONValue);
}

export function sortedKeys(o: Obj): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort(compareFieldNames);
}

/** Code point order, i.e. the UTF-8 byte order of the backend's `BTreeMap<FieldName, _>`. */
export function compareFieldNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (code points >= 0x10000) sort after 0xE000..0xFFFF.
    x += x >= 0xd800 && x <= 0xdfff ? 0x2000 : x >= 0xe000 ? -0x800 : 0;
    y += y >= 0xd800 && y <= 0xdfff ? 0x2000 : y >= 0xe000 ? -0x800 : 0;
    return x - y;
  }
  return a.length - b.length;
}
