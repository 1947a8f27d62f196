/**
 * Convex validator enforcement: function args, function returns and schema documents, with the
 * official backend's error texts.
 *
 * Validator JSON is what `convex/server` exports (`exportArgs()`, `exportReturns()`,
 * `defineSchema().export()`); source: convex@1.48 src/values/validators.ts (`ValidatorJSON`).
 *
 * Semantics and messages follow convex-backend (sources cited per function): crates/common/src/
 * schemas/{validator,mod}.rs, crates/value/src/{lib,array,object,bytes,pending}.rs, crates/model/
 * src/modules/function_validators.rs, crates/udf/src/validation.rs, crates/sync_types/src/
 * identifier.rs.
 *
 * Checks stop at the first problem, in the backend's order: object validator fields in sorted
 * (UTF-8 byte) order, then extra fields in sorted order; array elements in order; record entries in
 * sorted key order, key before value.
 */
import type { Value } from "convex/values";
import type { ValidatorJson } from "../engine/schema-json.js";
import { renderLiteral, renderValue, rustCharDebug, validatorToString } from "./value-display.js";
import {
  compareFieldNames,
  isObject,
  kindOf,
  literalValue,
  resolve,
  sortedKeys,
  type Kind,
  type Obj,
} from "./values.js";

export type { ValidatorJson };

/** What the validator needs from the deployment. */
export interface ValidationContext {
  /**
   * The name of the table `id` belongs to (system tables start with `_`), or `null` when `id` is
   * not a canonical v6 document ID or its table number names no table.
   */
  tableNameOfId(id: string): string | null;
}

const MAX_FIELD_NAME_LENGTH = 1024;
const MAX_IDENTIFIER_LEN = 64;
type FieldJson = { fieldType: ValidatorJson; optional: boolean };

type Failure =
  | { kind: "noMatch"; value: Value; validator: ValidatorJson; path: string }
  | { kind: "literal"; value: Value; literal: unknown; path: string }
  | { kind: "tableMismatch"; id: string; found: string; table: string; path: string }
  | { kind: "systemTable"; id: string; table: string; path: string }
  | {
      kind: "missing" | "extra";
      object: Obj;
      field: string;
      validator: ValidatorJson;
      path: string;
    };

// ---- Public API ----

/**
 * Validates `value` against `validator`.
 *
 * @param value a Convex value; a top-level `undefined` is checked as `null` (what a function that
 *   returns `undefined` produces). Inside objects `undefined` means the field is absent.
 * @returns `null` when valid, else the backend's `ValidationError` text, e.g.
 *   `"Value does not match validator.\nPath: .body\nValue: 1.0\nValidator: v.string()"`.
 * @throws Error on a validator JSON `type` this module does not know.
 * source: crates/common/src/schemas/validator.rs (`check_value_internal`, `ValidationError`).
 */
export function validateValue(
  validator: ValidatorJson,
  value: Value | undefined,
  ctx: ValidationContext,
): string | null {
  const failure = check(validator, value === undefined ? null : value, "", ctx);
  return failure === null ? null : formatFailure(failure);
}

/**
 * Checks a function's arguments against its `exportArgs()` validator (`{type:"any"}` = unchecked).
 * @returns `null`, or `"ArgumentValidationError: <detail>"`.
 * source: crates/model/src/modules/function_validators.rs (`ArgsValidator::check_args`),
 * crates/udf/src/validation.rs (prefix).
 */
export function checkArgs(
  validator: ValidatorJson,
  args: Record<string, Value>,
  ctx: ValidationContext,
): string | null {
  if (validator.type === "any") return null;
  const prefix = "ArgumentValidationError: ";
  if (!isObject(args as Value)) {
    return `${prefix}Expected to receive an object as the function's argument. Instead received: ${renderValue(args as Value)}`;
  }
  const detail = validateValue(validator, args, ctx);
  return detail === null ? null : prefix + detail;
}

/**
 * Checks a function's result against its `exportReturns()` validator (`null` = unchecked).
 * @returns `null`, or `"ReturnsValidationError: <detail>"`.
 * source: crates/model/src/modules/function_validators.rs (`ReturnsValidator::check_output`).
 */
export function checkReturns(
  validator: ValidatorJson | null,
  value: Value | undefined,
  ctx: ValidationContext,
): string | null {
  if (validator === null) return null;
  const detail = validateValue(validator, value, ctx);
  return detail === null ? null : `ReturnsValidationError: ${detail}`;
}

/**
 * Checks a document about to be inserted/replaced against its table's `documentType`
 * (`null` or `{type:"any"}` = unchecked). Top-level fields starting with `_` (`_id`,
 * `_creationTime`) are removed first, as the backend does.
 * @returns `null`, or `Failed to insert or update a document in table "<t>" because it does not
 *   match the schema: <detail>`.
 * source: crates/common/src/schemas/mod.rs (`SchemaEnforcementError::Document`,
 * `DocumentSchema::check_value`).
 */
export function checkDocument(
  tableName: string,
  documentType: ValidatorJson | null,
  doc: Record<string, Value>,
  ctx: ValidationContext,
): string | null {
  if (documentType === null || documentType.type === "any") return null;
  const userFields: Obj = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith("_")) userFields[k] = v;
  const detail = validateValue(documentType, userFields, ctx);
  return detail === null
    ? null
    : `Failed to insert or update a document in table "${tableName}" because it does not match the schema: ${detail}`;
}

/**
 * True for a name usable as a user table or index name: `^[a-zA-Z][a-zA-Z0-9_]*$`, at most 64
 * characters. (System names start with `_`; see {@link checkIdentifier}.)
 */
export function isValidIdentifier(name: string): boolean {
  return name.length <= MAX_IDENTIFIER_LEN && /^[a-zA-Z][a-zA-Z0-9_]*$/.test(name);
}

/**
 * The backend's identifier check (table/index names incl. system ones: a leading `_` is allowed).
 * @returns `null`, or e.g. `Invalid first character '1' in 1abc: Identifiers must start with an
 *   alphabetic character or underscore`.
 * source: crates/sync_types/src/identifier.rs (`check_valid_identifier`).
 */
export function checkIdentifier(name: string): string | null {
  const chars = [...name];
  const first = chars[0];
  if (first === undefined) return "Identifier cannot be empty";
  if (!/^[a-zA-Z_]$/.test(first)) {
    return `Invalid first character ${rustCharDebug(first)} in ${name}: Identifiers must start with an alphabetic character or underscore`;
  }
  for (const c of chars.slice(1)) {
    if (!/^[a-zA-Z0-9_]$/.test(c)) {
      return `Identifier ${name} has invalid character ${rustCharDebug(c)}: Identifiers can only contain alphanumeric characters or underscores`;
    }
  }
  if (name.length > MAX_IDENTIFIER_LEN) {
    return `Identifier is too long (${name.length} > maximum ${MAX_IDENTIFIER_LEN})`;
  }
  if (/^_+$/.test(name)) return `Identifier ${name} cannot have exclusively underscores`;
  return null;
}

/**
 * Checks every object field name in `value` (depth first, keys sorted): no leading `$`, only
 * non-control ASCII (0x20..0x7E), at most 1024 characters. With `document` (default), top-level
 * names starting with `_` are refused except `_id` and `_creationTime`.
 * @returns `null`, or the first problem, e.g. `Field name $a starts with '$', which is reserved.`
 * source: crates/sync_types/src/identifier.rs (`check_valid_field_name`). The `_` message is ours:
 * the backend's text for it was not found.
 */
export function checkFieldNames(value: Value, opts: { document?: boolean } = {}): string | null {
  const v = resolve(value);
  if (Array.isArray(v)) {
    for (const e of v) {
      const err = checkFieldNames(e ?? null, { document: false });
      if (err !== null) return err;
    }
    return null;
  }
  if (!isObject(v)) return null;
  for (const k of sortedKeys(v)) {
    const err = fieldNameError(k);
    if (err !== null) return err;
    if ((opts.document ?? true) && k.startsWith("_") && k !== "_id" && k !== "_creationTime") {
      return `Field name ${k} starts with '_', which is reserved for system fields.`;
    }
    const nested = checkFieldNames(v[k] as Value, { document: false });
    if (nested !== null) return nested;
  }
  return null;
}

// ---- Checking ----

function check(
  validator: ValidatorJson,
  raw: Value,
  path: string,
  ctx: ValidationContext,
): Failure | null {
  const value = resolve(raw);
  const noMatch: Failure = { kind: "noMatch", value, validator, path };
  const kind = kindOf(value);
  const primitive = PRIMITIVE_KINDS[validator.type];
  if (primitive !== undefined) return kind === primitive ? null : noMatch;
  switch (validator.type) {
    case "id": {
      if (kind !== "string") return noMatch;
      const table = String(validator.tableName);
      const found = ctx.tableNameOfId(value as string);
      if (found === null) return noMatch;
      if (found === table) return null;
      return found.startsWith("_")
        ? { kind: "systemTable", id: value as string, table, path }
        : { kind: "tableMismatch", id: value as string, found, table, path };
    }
    case "any":
      return null;
    case "literal":
      return sameValue(value, literalValue(validator.value))
        ? null
        : { kind: "literal", value, literal: validator.value, path };
    case "array": {
      if (kind !== "array") return noMatch;
      const element = validator.value as ValidatorJson;
      const items = value as Value[];
      for (let i = 0; i < items.length; i++) {
        const f = check(element, items[i] ?? null, `${path}[${i}]`, ctx);
        if (f !== null) return f;
      }
      return null;
    }
    case "record": {
      if (kind !== "object") return noMatch;
      const o = value as Obj;
      const keys = validator.keys as ValidatorJson;
      const values = (validator.values as FieldJson).fieldType;
      for (const k of sortedKeys(o)) {
        const f =
          check(keys, k, `${path}.keys()`, ctx) ??
          check(values, o[k] as Value, `${path}.values()`, ctx);
        if (f !== null) return f;
      }
      return null;
    }
    case "object":
      return kind === "object" ? checkObject(validator, value as Obj, path, ctx) : noMatch;
    case "union":
      return checkUnion(validator, value, path, ctx);
    default:
      throw new Error(`Unknown validator type ${JSON.stringify(validator.type)}`);
  }
}

function checkObject(
  validator: ValidatorJson,
  o: Obj,
  path: string,
  ctx: ValidationContext,
): Failure | null {
  const fields = validator.value as Record<string, FieldJson>;
  for (const name of Object.keys(fields).sort(compareFieldNames)) {
    const field = fields[name] as FieldJson;
    const v = Object.hasOwn(o, name) ? o[name] : undefined;
    if (v !== undefined) {
      const f = check(field.fieldType, v, `${path}.${name}`, ctx);
      if (f !== null) return f;
    } else if (!field.optional) {
      return { kind: "missing", object: o, field: name, validator, path };
    }
  }
  for (const name of sortedKeys(o)) {
    if (!Object.hasOwn(fields, name))
      return { kind: "extra", object: o, field: name, validator, path };
  }
  return null;
}

/**
 * A one-member union is its member. A union of objects that all carry a literal for a shared field
 * dispatches on that field's value. Otherwise every member is tried; the first missing/extra-field
 * error among the members wins over the generic "does not match".
 */
function checkUnion(
  validator: ValidatorJson,
  value: Value,
  path: string,
  ctx: ValidationContext,
): Failure | null {
  const members = validator.value as ValidatorJson[];
  if (members.length === 1) return check(members[0] as ValidatorJson, value, path, ctx);
  if (isObject(value)) {
    const disc = discriminator(members);
    const tag = disc && (Object.hasOwn(value, disc.field) ? value[disc.field] : undefined);
    if (disc && tag !== undefined) {
      const hit = disc.literals.find(([lit]) => sameValue(resolve(tag), lit));
      if (hit) return check(members[hit[1]] as ValidatorJson, value, path, ctx);
    }
  }
  const failures: Failure[] = [];
  for (const member of members) {
    const f = check(member, value, path, ctx);
    if (f === null) return null;
    failures.push(f);
  }
  return (
    failures.find((f) => f.kind === "missing" || f.kind === "extra") ?? {
      kind: "noMatch",
      value,
      validator,
      path,
    }
  );
}

/** The first (sorted) field every member object has as a literal; literal → first member index. */
function discriminator(
  members: ValidatorJson[],
): { field: string; literals: [Value, number][] } | null {
  if (members.length === 0 || !members.every((m) => m.type === "object")) return null;
  const fieldsOf = (m: ValidatorJson) => m.value as Record<string, FieldJson>;
  const common = Object.keys(fieldsOf(members[0] as ValidatorJson))
    .sort(compareFieldNames)
    .filter((k) => members.every((m) => Object.hasOwn(fieldsOf(m), k)));
  for (const field of common) {
    const literals: [Value, number][] = [];
    let allLiteral = true;
    members.forEach((m, i) => {
      const t = (fieldsOf(m)[field] as FieldJson).fieldType;
      if (t.type !== "literal") allLiteral = false;
      else {
        const lit = literalValue(t.value);
        if (!literals.some(([l]) => sameValue(l, lit))) literals.push([lit, i]);
      }
    });
    if (allLiteral) return { field, literals };
  }
  return null;
}

// ---- Messages ----

function formatFailure(f: Failure): string {
  const context = f.path === "" ? "" : `Path: ${f.path}`;
  switch (f.kind) {
    case "noMatch":
      return `Value does not match validator.\n${context}\nValue: ${renderValue(f.value)}\nValidator: ${validatorToString(f.validator)}`;
    case "literal":
      return `\`${renderValue(f.value)}\` does not match literal validator \`v.literal(${renderLiteral(f.literal)})\`.${context}`;
    case "tableMismatch":
      return `Found ID "${f.id}" from table \`${f.found}\`, which does not match the table name in validator \`v.id("${f.table}")\`.${context}`;
    case "systemTable":
      return `Found ID "${f.id}" from a system table, which does not match the table name in validator \`v.id("${f.table}")\`.${context}`;
    case "missing":
      return `Object is missing the required field \`${f.field}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n${context}\nObject: ${renderValue(f.object)}\nValidator: ${validatorToString(f.validator)}`;
    case "extra":
      return `Object contains extra field \`${f.field}\` that is not in the validator.\n${context}\nObject: ${renderValue(f.object)}\nValidator: ${validatorToString(f.validator)}`;
  }
}

function fieldNameError(name: string): string | null {
  if (name.startsWith("$")) return `Field name ${name} starts with '$', which is reserved.`;
  for (const c of name) {
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e) {
      return `Field name ${name} has invalid character ${rustCharDebug(c)}: Field names can only contain non-control ASCII characters`;
    }
  }
  if (name.length > MAX_FIELD_NAME_LENGTH) {
    return `Field name is too long (${name.length} > maximum ${MAX_FIELD_NAME_LENGTH})`;
  }
  return null;
}

// ---- Values ----

/** Validator types that accept exactly one kind of value (`commitTs`: int64 or the placeholder). */
const PRIMITIVE_KINDS: Record<string, Kind> = {
  null: "null",
  boolean: "boolean",
  string: "string",
  bytes: "bytes",
  number: "float64",
  bigint: "int64",
  commitTs: "int64",
};

/** `ConvexValue` equality for literals: floats by identity (NaN = NaN, 0 ≠ -0), no int/float mixing. */
function sameValue(a: Value, b: Value): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  return typeof a !== "object" && a === b;
}
