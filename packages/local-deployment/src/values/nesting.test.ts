import type { JSONValue } from "convex/values";
import { describe, expect, it } from "vitest";
import { jsonNesting, MAX_NESTING, tooNestedMessage } from "./nesting.js";

/** `depth` arrays around 1, built without recursion. */
function nested(depth: number): JSONValue {
  let value: JSONValue = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("jsonNesting", () => {
  it("counts arrays and objects, not primitives or encoded bigints, bytes and floats", () => {
    expect(jsonNesting(1)).toBe(0);
    expect(jsonNesting("x")).toBe(0);
    expect(jsonNesting([])).toBe(1);
    expect(jsonNesting({ a: [1, [2]] })).toBe(3);
    expect(jsonNesting({ a: { $integer: "AQAAAAAAAAA=" }, b: { $bytes: "" } })).toBe(1);
    expect(jsonNesting([{ $float: "AAAAAAAA+H8=" }])).toBe(1);
    // An object with `$integer` and another key is an ordinary object.
    expect(jsonNesting({ a: { $integer: "x", b: 1 } })).toBe(2);
  });

  it("measures values far deeper than the call stack allows", () => {
    expect(jsonNesting(nested(300_000))).toBe(300_000);
  });

  it("stops past the limit with a depth over it", () => {
    const depth = jsonNesting(nested(300_000), MAX_NESTING);
    expect(depth).toBe(MAX_NESTING + 1);
    expect(tooNestedMessage(depth)).toBe(
      "Value is too nested (nested 65 levels deep > maximum nesting 64)",
    );
    expect(jsonNesting(nested(MAX_NESTING), MAX_NESTING)).toBe(MAX_NESTING);
  });
});
