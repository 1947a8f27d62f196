/**
 * Export JSON, the value format of snapshot ZIPs: int64 bare, float64 always with a decimal point
 * or exponent, the floats JSON cannot hold and bytes tagged, objects in field order.
 */
import { describe, expect, it } from "vitest";
import { exportJson, extensionOf } from "./snapshot-zip.js";

const floatTag = (n: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(n);
  return `{"$float":"${bytes.toString("base64")}"}`;
};

describe("snapshot-zip", () => {
  it("writes int64 bare and float64 with a decimal point", () => {
    expect(exportJson(12n)).toBe("12");
    expect(exportJson(-9007199254740993n)).toBe("-9007199254740993");
    expect(exportJson(1)).toBe("1.0");
    expect(exportJson(-2.5)).toBe("-2.5");
    expect(exportJson(1e21)).toBe("1e+21");
  });

  it("tags NaN, infinities, negative zero and bytes", () => {
    expect(exportJson(Number.NaN)).toBe(floatTag(Number.NaN));
    expect(exportJson(Number.POSITIVE_INFINITY)).toBe(floatTag(Number.POSITIVE_INFINITY));
    expect(exportJson(-0)).toBe(floatTag(-0));
    expect(exportJson(new Uint8Array([1, 2, 255]).buffer)).toBe('{"$bytes":"AQL/"}');
  });

  it("writes documents field by field, nested values included", () => {
    expect(exportJson({ _id: "abc", n: 3, tags: ["a", true, null], nested: { big: 2n } })).toBe(
      '{"_id":"abc","n":3.0,"tags":["a",true,null],"nested":{"big":2}}',
    );
  });

  it("names stored files by their type", () => {
    expect(extensionOf("image/png")).toBe(".png");
    expect(extensionOf("text/plain; charset=utf-8")).toBe(".txt");
    expect(extensionOf(undefined)).toBe("");
  });
});
