/**
 * Expected messages are written from the backend's format strings, not from this module's output:
 * crates/common/src/schemas/validator.rs (`ValidationError`, Display of validators), crates/value
 * (Display of values: floats as Rust `{:?}`, strings as Rust `{:?}`), crates/common/src/schemas/
 * mod.rs (`SchemaEnforcementError`), crates/sync_types/src/identifier.rs.
 */
import { describe, expect, test } from "vitest";
import { CommitTsPlaceholder, v } from "convex/values";
import type { Value } from "convex/values";
import { decodeDocumentId, encodeDocumentId } from "../values/ids.js";
import {
  checkArgs,
  checkDocument,
  checkFieldNames,
  checkIdentifier,
  checkReturns,
  isValidIdentifier,
  validateValue,
  type ValidationContext,
  type ValidatorJson,
} from "./validator.js";
import { renderValue, validatorToString } from "./value-display.js";

const TABLES: Record<number, string> = { 10001: "users", 10002: "messages", 513: "_storage" };
const ctx: ValidationContext = {
  tableNameOfId(id) {
    const d = decodeDocumentId(id);
    return d === null ? null : (TABLES[d.tableNumber] ?? null);
  },
};
const idOf = (table: number, seed = 1) => encodeDocumentId(table, new Uint8Array(16).fill(seed));
const userId = idOf(10001);
const messageId = idOf(10002);
const storageId = idOf(513);

/** The validator JSON `convex/values` exports (`.json` is internal but present at runtime). */
const j = (validator: unknown): ValidatorJson => (validator as { json: ValidatorJson }).json;
const check = (validator: unknown, value: Value | undefined) =>
  validateValue(j(validator), value, ctx);

describe("each validator kind", () => {
  test("primitives accept their type and reject others", () => {
    expect(check(v.string(), "a")).toBeNull();
    expect(check(v.number(), 1.5)).toBeNull();
    expect(check(v.float64(), Number.NaN)).toBeNull();
    expect(check(v.int64(), 5n)).toBeNull();
    expect(check(v.boolean(), false)).toBeNull();
    expect(check(v.null(), null)).toBeNull();
    expect(check(v.bytes(), new Uint8Array([1]).buffer)).toBeNull();
    expect(check(v.any(), { x: [1n] })).toBeNull();

    expect(check(v.string(), 1)).toBe(
      "Value does not match validator.\n\nValue: 1.0\nValidator: v.string()",
    );
    expect(check(v.number(), 5n)).toBe(
      "Value does not match validator.\n\nValue: 5\nValidator: v.float64()",
    );
    expect(check(v.int64(), 5)).toBe(
      "Value does not match validator.\n\nValue: 5.0\nValidator: v.int64()",
    );
    expect(check(v.boolean(), null)).toBe(
      "Value does not match validator.\n\nValue: null\nValidator: v.boolean()",
    );
    expect(check(v.null(), "null")).toBe(
      'Value does not match validator.\n\nValue: "null"\nValidator: v.null()',
    );
    expect(check(v.bytes(), "AQID")).toBe(
      'Value does not match validator.\n\nValue: "AQID"\nValidator: v.bytes()',
    );
  });

  test("commitTs accepts int64 and the unresolved placeholder (validated as i64::MAX)", () => {
    expect(check(v.commitTs(), 7n)).toBeNull();
    expect(check(v.commitTs(), new CommitTsPlaceholder())).toBeNull();
    expect(check(v.int64(), new CommitTsPlaceholder())).toBeNull();
    expect(check(v.commitTs(), 7)).toBe(
      "Value does not match validator.\n\nValue: 7.0\nValidator: v.commitTs()",
    );
    expect(check(v.number(), new CommitTsPlaceholder())).toBe(
      "Value does not match validator.\n\nValue: 9223372036854775807\nValidator: v.float64()",
    );
  });

  test("id: right table, wrong table, system table, not an id", () => {
    expect(check(v.id("users"), userId)).toBeNull();
    expect(check(v.id("messages"), userId)).toBe(
      `Found ID "${userId}" from table \`users\`, which does not match the table name in validator \`v.id("messages")\`.`,
    );
    expect(check(v.id("users"), storageId)).toBe(
      `Found ID "${storageId}" from a system table, which does not match the table name in validator \`v.id("users")\`.`,
    );
    expect(check(v.id("users"), "notanid")).toBe(
      'Value does not match validator.\n\nValue: "notanid"\nValidator: v.id("users")',
    );
    expect(check(v.id("users"), idOf(10003))).toBe(
      `Value does not match validator.\n\nValue: "${idOf(10003)}"\nValidator: v.id("users")`,
    );
    expect(check(v.object({ author: v.id("users") }), { author: messageId })).toBe(
      `Found ID "${messageId}" from table \`messages\`, which does not match the table name in validator \`v.id("users")\`.Path: .author`,
    );
  });

  test("literal: string, float, boolean, bigint", () => {
    expect(check(v.literal("a"), "a")).toBeNull();
    expect(check(v.literal("a"), "b")).toBe(
      '`"b"` does not match literal validator `v.literal("a")`.',
    );
    expect(check(v.literal(3), 3)).toBeNull();
    expect(check(v.literal(3), 3n)).toBe("`3` does not match literal validator `v.literal(3.0)`.");
    expect(check(v.literal(true), false)).toBe(
      "`false` does not match literal validator `v.literal(true)`.",
    );
    expect(check(v.literal(5n), 5n)).toBeNull();
    expect(check(v.literal(5n), 6n)).toBe(
      "`6` does not match literal validator `v.literal(<bigint>)`.",
    );
    expect(check(v.literal(5n), 5)).toBe(
      "`5.0` does not match literal validator `v.literal(<bigint>)`.",
    );
    expect(check(v.object({ kind: v.literal("x") }), { kind: "y" })).toBe(
      '`"y"` does not match literal validator `v.literal("x")`.Path: .kind',
    );
  });

  test("array: elements checked in order with [i] paths", () => {
    expect(check(v.array(v.number()), [1, 2])).toBeNull();
    expect(check(v.array(v.number()), [1, "x", true])).toBe(
      'Value does not match validator.\nPath: [1]\nValue: "x"\nValidator: v.float64()',
    );
    expect(check(v.array(v.number()), { 0: 1 })).toBe(
      "Value does not match validator.\n\nValue: {0: 1.0}\nValidator: v.array(v.float64())",
    );
  });

  test("object: optional fields, missing and extra fields", () => {
    const validator = v.object({
      author: v.string(),
      body: v.string(),
      tag: v.optional(v.string()),
    });
    expect(check(validator, { author: "a", body: "b" })).toBeNull();
    expect(check(validator, { author: "a", body: "b", tag: undefined })).toBeNull();
    expect(check(validator, { author: "a", body: "b", tag: "t" })).toBeNull();
    expect(check(validator, { body: "b" })).toBe(
      "Object is missing the required field `author`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        '\nObject: {body: "b"}\nValidator: v.object({author: v.string(), body: v.string(), tag: v.optional(v.string())})',
    );
    expect(check(validator, { author: "a", body: "b", extra: 1 })).toBe(
      "Object contains extra field `extra` that is not in the validator.\n" +
        '\nObject: {author: "a", body: "b", extra: 1.0}\nValidator: v.object({author: v.string(), body: v.string(), tag: v.optional(v.string())})',
    );
    expect(check(validator, { author: "a", body: "b", tag: 1 })).toBe(
      "Value does not match validator.\nPath: .tag\nValue: 1.0\nValidator: v.string()",
    );
  });

  test("object: fields are checked in sorted order, missing before extra", () => {
    const validator = v.object({ b: v.string(), a: v.string() });
    expect(check(validator, { b: 1, a: 2 })).toBe(
      "Value does not match validator.\nPath: .a\nValue: 2.0\nValidator: v.string()",
    );
    expect(check(validator, { zz: 1, a: "x" })).toBe(
      "Object is missing the required field `b`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        '\nObject: {a: "x", zz: 1.0}\nValidator: v.object({a: v.string(), b: v.string()})',
    );
  });

  test("nested paths", () => {
    const validator = v.object({ a: v.object({ b: v.array(v.number()), c: v.string() }) });
    expect(check(validator, { a: { b: [1, "x"], c: "c" } })).toBe(
      'Value does not match validator.\nPath: .a.b[1]\nValue: "x"\nValidator: v.float64()',
    );
    expect(check(validator, { a: { b: [] } })).toBe(
      "Object is missing the required field `c`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        "Path: .a\nObject: {b: []}\nValidator: v.object({b: v.array(v.float64()), c: v.string()})",
    );
    expect(check(v.array(v.object({ x: v.int64() })), [{ x: 1n }, { x: 1n, y: null }])).toBe(
      "Object contains extra field `y` that is not in the validator.\nPath: [1]\nObject: {x: 1, y: null}\nValidator: v.object({x: v.int64()})",
    );
  });

  test("record: keys and values, .keys()/.values() paths", () => {
    const validator = v.record(v.string(), v.number());
    expect(check(validator, { a: 1, b: 2 })).toBeNull();
    expect(check(validator, {})).toBeNull();
    expect(check(validator, { a: 1, b: "x" })).toBe(
      'Value does not match validator.\nPath: .values()\nValue: "x"\nValidator: v.float64()',
    );
    expect(check(validator, [1])).toBe(
      "Value does not match validator.\n\nValue: [1.0]\nValidator: v.record(v.string(), v.float64())",
    );
    const byId = v.record(v.id("users"), v.boolean());
    expect(check(byId, { [userId]: true })).toBeNull();
    expect(check(byId, { hello: true })).toBe(
      'Value does not match validator.\nPath: .keys()\nValue: "hello"\nValidator: v.id("users")',
    );
    expect(check(byId, { [messageId]: true })).toBe(
      `Found ID "${messageId}" from table \`messages\`, which does not match the table name in validator \`v.id("users")\`.Path: .keys()`,
    );
    expect(check(v.object({ m: byId }), { m: { [userId]: 1 } })).toBe(
      "Value does not match validator.\nPath: .m.values()\nValue: 1.0\nValidator: v.boolean()",
    );
  });

  test("union: any member matches; otherwise no match for the whole union", () => {
    const validator = v.union(v.string(), v.number());
    expect(check(validator, "a")).toBeNull();
    expect(check(validator, 1)).toBeNull();
    expect(check(validator, true)).toBe(
      "Value does not match validator.\n\nValue: true\nValidator: v.union(v.string(), v.float64())",
    );
    expect(check(v.object({ x: v.optional(v.nullable(v.string())) }), { x: 3 })).toBe(
      "Value does not match validator.\nPath: .x\nValue: 3.0\nValidator: v.union(v.string(), v.null())",
    );
    // A one-member union is its member.
    expect(check(v.union(v.string()), 1)).toBe(
      "Value does not match validator.\n\nValue: 1.0\nValidator: v.string()",
    );
  });

  test("union of objects: literal discriminator dispatch, else the first missing/extra field", () => {
    const shapes = v.union(
      v.object({ kind: v.literal("circle"), r: v.number() }),
      v.object({ kind: v.literal("square"), side: v.number() }),
    );
    expect(check(shapes, { kind: "square", side: 2 })).toBeNull();
    expect(check(shapes, { kind: "square", side: "2" })).toBe(
      'Value does not match validator.\nPath: .side\nValue: "2"\nValidator: v.float64()',
    );
    expect(check(shapes, { r: 1 })).toBe(
      "Object is missing the required field `kind`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        '\nObject: {r: 1.0}\nValidator: v.object({kind: v.literal("circle"), r: v.float64()})',
    );
    expect(check(shapes, 5)).toBe(
      'Value does not match validator.\n\nValue: 5.0\nValidator: v.union(v.object({kind: v.literal("circle"), r: v.float64()}), v.object({kind: v.literal("square"), side: v.float64()}))',
    );
  });
});

describe("full messages", () => {
  test("checkArgs prefixes ArgumentValidationError and skips `any`", () => {
    const args = j(v.object({ body: v.string(), author: v.string() }));
    expect(checkArgs(args, { body: "hi", author: "me" }, ctx)).toBeNull();
    expect(checkArgs(args, { body: 1, author: "me" }, ctx)).toBe(
      "ArgumentValidationError: Value does not match validator.\nPath: .body\nValue: 1.0\nValidator: v.string()",
    );
    expect(checkArgs(args, { author: "me" }, ctx)).toBe(
      "ArgumentValidationError: Object is missing the required field `body`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        '\nObject: {author: "me"}\nValidator: v.object({author: v.string(), body: v.string()})',
    );
    expect(checkArgs({ type: "any" }, { anything: 1 }, ctx)).toBeNull();
  });

  test("checkReturns prefixes ReturnsValidationError; null validator and undefined results", () => {
    expect(checkReturns(null, 5, ctx)).toBeNull();
    expect(checkReturns(j(v.null()), undefined, ctx)).toBeNull();
    expect(checkReturns(j(v.number()), "x", ctx)).toBe(
      'ReturnsValidationError: Value does not match validator.\n\nValue: "x"\nValidator: v.float64()',
    );
  });

  test("checkDocument strips system fields and wraps the schema message", () => {
    const documentType = j(v.object({ author: v.id("users"), body: v.string() }));
    const doc = { _id: messageId, _creationTime: 1700000000000.5, author: userId, body: "hi" };
    expect(checkDocument("messages", documentType, doc, ctx)).toBeNull();
    expect(checkDocument("messages", null, { whatever: 1 }, ctx)).toBeNull();
    expect(checkDocument("messages", { type: "any" }, { whatever: 1 }, ctx)).toBeNull();
    expect(
      checkDocument(
        "messages",
        documentType,
        { _id: messageId, _creationTime: 1, author: userId },
        ctx,
      ),
    ).toBe(
      'Failed to insert or update a document in table "messages" because it does not match the schema: ' +
        "Object is missing the required field `body`. Consider wrapping the field validator in `v.optional(...)` if this is expected.\n" +
        `\nObject: {author: "${userId}"}\nValidator: v.object({author: v.id("users"), body: v.string()})`,
    );
    expect(
      checkDocument("messages", documentType, { author: userId, body: "b", extra: true }, ctx),
    ).toBe(
      'Failed to insert or update a document in table "messages" because it does not match the schema: ' +
        "Object contains extra field `extra` that is not in the validator.\n" +
        `\nObject: {author: "${userId}", body: "b", extra: true}\nValidator: v.object({author: v.id("users"), body: v.string()})`,
    );
  });
});

describe("rendering", () => {
  test("values print like the backend's ConvexValue Display", () => {
    expect(renderValue(1)).toBe("1.0");
    expect(renderValue(0.1)).toBe("0.1");
    expect(renderValue(-2.5)).toBe("-2.5");
    expect(renderValue(-0)).toBe("-0.0");
    expect(renderValue(1e16)).toBe("1e16");
    expect(renderValue(1234.5e20)).toBe("1.2345e23");
    expect(renderValue(0.0001)).toBe("0.0001");
    expect(renderValue(1e-7)).toBe("1e-7");
    expect(renderValue(Number.NaN)).toBe("NaN");
    expect(renderValue(-Infinity)).toBe("-inf");
    expect(renderValue(-12n)).toBe("-12");
    expect(renderValue(new Uint8Array([1, 2, 3]).buffer)).toBe('b"AQID"');
    expect(renderValue('a"b\\c\nd\t\u0001é')).toBe('"a\\"b\\\\c\\nd\\t\\u{1}é"');
    expect(renderValue([1, "x", null, [true]])).toBe('[1.0, "x", null, [true]]');
    expect(renderValue({ b: { d: 1n }, a: [], c: undefined })).toBe("{a: [], b: {d: 1}}");
  });

  test("validators print like the backend's Validator Display", () => {
    expect(validatorToString(j(v.literal(123)))).toBe("v.literal(123.0)");
    expect(validatorToString(j(v.literal(0.5)))).toBe("v.literal(0.5)");
    expect(validatorToString(j(v.literal(1e21)))).toBe("v.literal(1e21)");
    expect(validatorToString(j(v.literal(1e-7)))).toBe("v.literal(1e-7)");
    expect(validatorToString(j(v.literal(Number.NaN)))).toBe("v.literal(<number>)");
    expect(validatorToString(j(v.literal('q"')))).toBe('v.literal("q\\"")');
    expect(validatorToString(j(v.object({})))).toBe("v.object({})");
    expect(validatorToString(j(v.array(v.union(v.id("users"), v.null()))))).toBe(
      'v.array(v.union(v.id("users"), v.null()))',
    );
    expect(validatorToString(j(v.record(v.string(), v.any())))).toBe(
      "v.record(v.string(), v.any())",
    );
    expect(validatorToString(j(v.object({ z: v.bytes(), a: v.optional(v.boolean()) })))).toBe(
      "v.object({a: v.optional(v.boolean()), z: v.bytes()})",
    );
  });
});

describe("names", () => {
  test("checkFieldNames: $, control/non-ASCII characters, length, top-level _", () => {
    expect(
      checkFieldNames({ _id: "x", _creationTime: 1, a: { _nested: 1 }, "with space": [{ ok: 1 }] }),
    ).toBeNull();
    expect(checkFieldNames({ $a: 1 })).toBe("Field name $a starts with '$', which is reserved.");
    expect(checkFieldNames({ a: [{ "x\ny": 1 }] })).toBe(
      "Field name x\ny has invalid character '\\n': Field names can only contain non-control ASCII characters",
    );
    expect(checkFieldNames({ é: 1 })).toBe(
      "Field name é has invalid character 'é': Field names can only contain non-control ASCII characters",
    );
    expect(checkFieldNames({ ["a".repeat(1025)]: 1 })).toBe(
      "Field name is too long (1025 > maximum 1024)",
    );
    expect(checkFieldNames({ _secret: 1 })).toBe(
      "Field name _secret starts with '_', which is reserved for system fields.",
    );
    expect(checkFieldNames({ _secret: 1 }, { document: false })).toBeNull();
  });

  test("identifiers", () => {
    expect(isValidIdentifier("messages_2")).toBe(true);
    expect(isValidIdentifier("_storage")).toBe(false);
    expect(isValidIdentifier("2x")).toBe(false);
    expect(isValidIdentifier("a".repeat(65))).toBe(false);
    expect(checkIdentifier("by_author")).toBeNull();
    expect(checkIdentifier("_storage")).toBeNull();
    expect(checkIdentifier("")).toBe("Identifier cannot be empty");
    expect(checkIdentifier("1abc")).toBe(
      "Invalid first character '1' in 1abc: Identifiers must start with an alphabetic character or underscore",
    );
    expect(checkIdentifier("a-b")).toBe(
      "Identifier a-b has invalid character '-': Identifiers can only contain alphanumeric characters or underscores",
    );
    expect(checkIdentifier("a'b")).toBe(
      "Identifier a'b has invalid character '\\'': Identifiers can only contain alphanumeric characters or underscores",
    );
    expect(checkIdentifier("a".repeat(65))).toBe("Identifier is too long (65 > maximum 64)");
    expect(checkIdentifier("___")).toBe("Identifier ___ cannot have exclusively underscores");
  });
});
