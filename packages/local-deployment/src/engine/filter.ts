/**
 * Evaluates serialized filter expressions (`.filter(q => ...)`) against documents.
 *
 * Expression JSON: `{$field: "a.b"}`, `{$literal: <convex-json> | {$undefined: null}}`, binary
 * `$eq $neq $lt $lte $gt $gte $add $sub $mul $div $mod`, `$neg`, `$not`, `$and`, `$or`
 * (source: convex@1.48 server/impl/filter_builder_impl.ts). Comparisons use Convex's total order
 * over maybe-undefined values (undefined lowest), not JS `<`; arithmetic needs two int64 or two
 * float64 (source: convex-backend crates/common/src/query.rs Expression::eval).
 */
import { compareValues, jsonToConvex, type Value } from "convex/values";

export type Expr = Record<string, unknown>;
type MaybeValue = Value | undefined;

/** Reads a dotted field path; a missing segment or a non-object yields undefined. */
export function getField(doc: Record<string, Value>, fieldPath: string): MaybeValue {
  let current: MaybeValue = doc;
  for (const part of fieldPath.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    if (current instanceof ArrayBuffer) return undefined;
    current = (current as Record<string, Value>)[part];
  }
  return current;
}

/** Decodes a literal that may be `{$undefined: null}`. */
export function decodeMaybeUndefined(json: unknown): MaybeValue {
  if (json !== null && typeof json === "object" && !Array.isArray(json)) {
    const keys = Object.keys(json);
    if (keys.length === 1 && keys[0] === "$undefined") return undefined;
  }
  return jsonToConvex(json as never);
}

export class FilterError extends Error {}

function asBoolean(value: MaybeValue, op: string): boolean {
  if (typeof value !== "boolean") {
    throw new FilterError(`${op} requires boolean operands, got ${describe(value)}`);
  }
  return value;
}

function describe(value: MaybeValue): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "bigint") return "int64";
  if (typeof value === "number") return "float64";
  if (value instanceof ArrayBuffer) return "bytes";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function arithmetic(op: string, a: MaybeValue, b: MaybeValue): Value {
  if (typeof a === "bigint" && typeof b === "bigint") {
    let r: bigint;
    switch (op) {
      case "$add":
        r = a + b;
        break;
      case "$sub":
        r = a - b;
        break;
      case "$mul":
        r = a * b;
        break;
      case "$div":
        if (b === 0n) throw new FilterError("Division by zero");
        r = a / b;
        break;
      default:
        if (b === 0n) throw new FilterError("Division by zero");
        r = a % b;
    }
    if (r < INT64_MIN || r > INT64_MAX) throw new FilterError(`int64 overflow in ${op}`);
    return r;
  }
  if (typeof a === "number" && typeof b === "number") {
    switch (op) {
      case "$add":
        return a + b;
      case "$sub":
        return a - b;
      case "$mul":
        return a * b;
      case "$div":
        return a / b;
      default:
        return a % b;
    }
  }
  throw new FilterError(`Cannot apply ${op} to ${describe(a)} and ${describe(b)}`);
}

/** Evaluates `expr` for `doc`. Throws FilterError for type errors (Convex's EvalError). */
export function evaluate(expr: Expr, doc: Record<string, Value>): MaybeValue {
  const [op] = Object.keys(expr);
  const arg = (expr as Record<string, unknown>)[op ?? ""];
  switch (op) {
    case "$field":
      return getField(doc, arg as string);
    case "$literal":
      return decodeMaybeUndefined(arg);
    case "$eq":
    case "$neq":
    case "$lt":
    case "$lte":
    case "$gt":
    case "$gte": {
      const [l, r] = arg as [Expr, Expr];
      const c = compareValues(evaluate(l, doc), evaluate(r, doc));
      if (op === "$eq") return c === 0;
      if (op === "$neq") return c !== 0;
      if (op === "$lt") return c < 0;
      if (op === "$lte") return c <= 0;
      if (op === "$gt") return c > 0;
      return c >= 0;
    }
    case "$add":
    case "$sub":
    case "$mul":
    case "$div":
    case "$mod": {
      const [l, r] = arg as [Expr, Expr];
      return arithmetic(op, evaluate(l, doc), evaluate(r, doc));
    }
    case "$neg": {
      const v = evaluate(arg as Expr, doc);
      if (typeof v === "bigint") {
        if (v === INT64_MIN) throw new FilterError("int64 overflow in $neg");
        return -v;
      }
      if (typeof v === "number") return -v;
      throw new FilterError(`Cannot negate ${describe(v)}`);
    }
    case "$not":
      return !asBoolean(evaluate(arg as Expr, doc), "$not");
    case "$and": {
      for (const e of arg as Expr[]) if (!asBoolean(evaluate(e, doc), "$and")) return false;
      return true;
    }
    case "$or": {
      for (const e of arg as Expr[]) if (asBoolean(evaluate(e, doc), "$or")) return true;
      return false;
    }
    default:
      throw new FilterError(`Unknown filter operator ${String(op)}`);
  }
}

/** True when the filter keeps `doc` (a non-boolean result drops it, as Convex does). */
export function matches(expr: Expr, doc: Record<string, Value>): boolean {
  return evaluate(expr, doc) === true;
}
