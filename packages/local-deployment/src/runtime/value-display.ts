/**
 * How the Convex backend prints values and validators in its error messages (Rust `Display` and
 * `Debug`). The value helpers it shares with the validator live in `values.ts`.
 *
 * Sources: convex-backend crates/value/src/{lib,array,object,bytes}.rs (`impl Display for
 * ConvexValue`), crates/common/src/schemas/validator.rs (`impl Display for Validator`).
 */
import type { Value } from "convex/values";
import type { ValidatorJson } from "../engine/schema-json.js";
import {
  compareFieldNames,
  kindOf,
  literalValue,
  resolve,
  sortedKeys,
  type Obj,
} from "./values.js";

type FieldJson = { fieldType: ValidatorJson; optional: boolean };

const SIMPLE_VALIDATORS: Record<string, string> = {
  ...Object.fromEntries(
    ["null", "boolean", "string", "bytes", "any", "commitTs"].map((t) => [t, `v.${t}()`]),
  ),
  number: "v.float64()",
  bigint: "v.int64()",
};

/**
 * Renders a validator the way the backend prints it: `v.string()`, `v.float64()` (for
 * `{type:"number"}`), `v.int64()`, `v.id("users")`, `v.literal("a")` / `v.literal(1.0)` /
 * `v.literal(<bigint>)`, `v.array(...)`, `v.record(K, V)`, `v.union(a, b)`,
 * `v.object({a: v.string(), b: v.optional(v.float64())})` (fields sorted).
 * source: crates/common/src/schemas/validator.rs (`impl Display for Validator`).
 */
export function validatorToString(validator: ValidatorJson): string {
  const simple = SIMPLE_VALIDATORS[validator.type];
  if (simple !== undefined) return simple;
  switch (validator.type) {
    case "id":
      return `v.id("${String(validator.tableName)}")`;
    case "literal":
      return `v.literal(${renderLiteral(validator.value)})`;
    case "array":
      return `v.array(${validatorToString(validator.value as ValidatorJson)})`;
    case "record": {
      const values = validator.values as FieldJson;
      return `v.record(${validatorToString(validator.keys as ValidatorJson)}, ${validatorToString(values.fieldType)})`;
    }
    case "object": {
      const fields = validator.value as Record<string, FieldJson>;
      const parts = Object.keys(fields)
        .sort(compareFieldNames)
        .map((k) => {
          const f = fields[k] as FieldJson;
          const inner = validatorToString(f.fieldType);
          return `${k}: ${f.optional ? `v.optional(${inner})` : inner}`;
        });
      return `v.object({${parts.join(", ")}})`;
    }
    case "union":
      return `v.union(${(validator.value as ValidatorJson[]).map(validatorToString).join(", ")})`;
    default:
      return JSON.stringify(validator);
  }
}

/**
 * Renders a value as the backend's `ConvexValue` Display does: `null`, int64 `5`, float64 in Rust
 * `{:?}` form (`1.0`, `0.1`, `1e16`, `-0.0`, `NaN`, `inf`), Rust-escaped strings (`"a\"b"`),
 * bytes `b"<base64>"`, arrays `[1.0, "x"]`, objects `{a: 1.0, b: "x"}` (keys sorted).
 * source: crates/value/src/lib.rs (`impl Display for ConvexValue`), array.rs, object.rs, bytes.rs.
 */
export function renderValue(value: Value): string {
  const v = resolve(value);
  switch (kindOf(v)) {
    case "float64":
      return rustFloatDebug(v as number);
    case "string":
      return rustStrDebug(v as string);
    case "bytes":
      return `b"${Buffer.from(v as ArrayBuffer).toString("base64")}"`;
    case "array":
      return `[${(v as Value[]).map((e) => renderValue(e ?? null)).join(", ")}]`;
    case "object": {
      const o = v as Obj;
      return `{${sortedKeys(o)
        .map((k) => `${k}: ${renderValue(o[k] as Value)}`)
        .join(", ")}}`;
    }
    default: // null, int64, boolean
      return String(v);
  }
}

/** `LiteralValidator` Display: JSON via serde_json, `<bigint>` for int64, `<number>` for NaN/±inf. */
export function renderLiteral(json: unknown): string {
  const v = literalValue(json);
  if (typeof v === "bigint") return "<bigint>";
  if (typeof v === "number") return Number.isFinite(v) ? ryuFloat(v) : "<number>";
  return JSON.stringify(v);
}

/** Rust `{:?}` for f64: decimal with at least one fraction digit in [1e-4, 1e16), else `1e16`. */
function rustFloatDebug(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exp] = n.toExponential().split("e");
    return `${mantissa}e${Number(exp)}`;
  }
  const s = String(n);
  return s.includes(".") ? s : `${s}.0`;
}

/** serde_json's float text (the `ryu` crate's format): `123.0`, `0.001`, `1e-7`, `1.5e21`. */
function ryuFloat(n: number): string {
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const sign = n < 0 ? "-" : "";
  const [mantissa = "", exp = "0"] = Math.abs(n).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  const kk = Number(exp) + 1; // 10^(kk-1) <= |n| < 10^kk
  const k = kk - digits.length; // |n| = digits * 10^k
  if (k >= 0 && kk <= 16) return `${sign}${digits}${"0".repeat(k)}.0`;
  if (kk > 0 && kk <= 16) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  if (kk > -5 && kk <= 0) return `${sign}0.${"0".repeat(-kk)}${digits}`;
  const rest = digits.length === 1 ? "" : `.${digits.slice(1)}`;
  return `${sign}${digits[0]}${rest}e${kk - 1}`;
}

const GRAPHEME_EXTEND = /^\p{Grapheme_Extend}$/u;
const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

const SIMPLE_ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\t": "\\t",
  "\r": "\\r",
  "\n": "\\n",
  "\\": "\\\\",
};

/** Rust `char::escape_debug_ext` for one character (`quote` is the one escaped). */
function rustEscape(c: string, quote: '"' | "'"): string {
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return simple;
  if (c === quote) return `\\${quote}`;
  if (GRAPHEME_EXTEND.test(c) || (c !== " " && NOT_PRINTABLE.test(c))) {
    return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  }
  return c;
}

function rustStrDebug(s: string): string {
  let out = '"';
  for (const c of s) out += rustEscape(c, '"');
  return `${out}"`;
}

export function rustCharDebug(c: string): string {
  return `'${rustEscape(c, "'")}'`;
}
