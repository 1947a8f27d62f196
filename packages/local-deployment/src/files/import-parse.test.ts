/**
 * Parsing `convex import` uploads: JSON lines, JSON arrays and CSV into one table; a snapshot ZIP
 * into its tables, read losslessly when its schema is "uniform" (export JSON from
 * snapshot-zip.ts comes back as the same values), and Convex's errors for broken input.
 */
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ImportError, parseImport } from "./import-parse.js";
import { exportJson } from "./snapshot-zip.js";

const docsOf = (format: "jsonLines" | "jsonArray" | "csv", text: string) =>
  parseImport(format, strToU8(text), "t").tables.get("t");

describe("import-parse", () => {
  it("reads JSON lines, a JSON array and CSV as float64 numbers and strings", () => {
    expect(docsOf("jsonLines", '{"a":1,"b":"x"}\n\n{"a":2.5}\n')).toEqual([
      { a: 1, b: "x" },
      { a: 2.5 },
    ]);
    expect(docsOf("jsonArray", '[{"a":[1,true,null]}]')).toEqual([{ a: [1, true, null] }]);
    expect(docsOf("csv", "\uFEFFname,age\nAda,36\n007,\n")).toEqual([
      { name: "Ada", age: 36 },
      { name: 7, age: "" },
    ]);
  });

  it("refuses broken input with Convex's messages", () => {
    expect(() => docsOf("jsonLines", '{"a":1}\n{oops}\n')).toThrow(/^Row 2 wasn't valid JSON: /);
    expect(() => docsOf("jsonArray", '{"a":1}')).toThrow(new ImportError("Not a JSON array"));
    expect(() => docsOf("jsonLines", "[1,2]\n")).toThrow("Row 1 is not an object.");
    expect(() => parseImport("csv", strToU8("a\n1\n"), null)).toThrow(/requires a table name/);
  });

  it("reads a snapshot ZIP back into the values export JSON wrote", () => {
    const doc = {
      _id: "abc",
      _creationTime: 1733212345678.5,
      count: 41n,
      ratio: 1,
      odd: Number.NaN,
      data: new Uint8Array([9, 8, 7]).buffer,
      nested: { list: [2n, 0.25] },
    };
    const zip = zipSync({
      "_tables/documents.jsonl": strToU8('{"name":"items","id":10001}\n'),
      "items/documents.jsonl": strToU8(`${exportJson(doc)}\n`),
      "items/generated_schema.jsonl": strToU8('"uniform"\n'),
      "_scheduled_functions/documents.jsonl": strToU8('{"name":"x"}\n'),
    });
    const { tables } = parseImport("zip", zip, null);
    expect([...tables.keys()]).toEqual(["items"]);
    const [read] = tables.get("items")!;
    expect(read).toEqual(doc);
    expect(typeof read!.count).toBe("bigint");
    expect(typeof read!.ratio).toBe("number");
  });

  it("needs each stored file of a ZIP's _storage table", () => {
    const zip = zipSync({
      "_storage/documents.jsonl": strToU8('{"_id":"f1","_creationTime":1.0,"size":1}\n'),
    });
    expect(() => parseImport("zip", zip, null)).toThrow("The ZIP has no file for storage ID f1.");
  });
});
