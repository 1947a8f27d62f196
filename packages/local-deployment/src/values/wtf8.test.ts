import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { compareValues } from "convex/values";
import { decodeWtf8, encodeWtf8 } from "./wtf8.js";

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
// prettier-ignore
const units = ["\u0000", "a", "\u007f", "\u0080", "\u07ff", "\u0800", "\uD800", "\uDBFF", "\uDC00",
  "\uDFFF", "\uE000", "\uFFFF", "\u{10000}", "\u{10FFFF}"];
const anyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom(...units), maxLength: 6 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
);

describe("wtf8", () => {
  it("is plain UTF-8 for well-formed strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(Buffer.from(encodeWtf8(s)).equals(Buffer.from(s, "utf8"))).toBe(true);
      }),
    );
  });

  it("encodes lone surrogates as 3-byte sequences", () => {
    expect(Buffer.from(encodeWtf8("\uD800")).toString("hex")).toBe("eda080");
    expect(Buffer.from(encodeWtf8("a\uDFFFb")).toString("hex")).toBe("61edbfbf62");
    expect(Buffer.from(encodeWtf8("\uD83D\uDE00")).toString("hex")).toBe("f09f9880");
    expect(decodeWtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe("\uD800");
  });

  it("round-trips any JS string (property)", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(decodeWtf8(encodeWtf8(s))).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });

  it("byte order equals compareValues string order (property)", () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const bytes = sign(Buffer.compare(Buffer.from(encodeWtf8(a)), Buffer.from(encodeWtf8(b))));
        expect(bytes).toBe(sign(compareValues(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects malformed input", () => {
    // prettier-ignore
    const bad = [[0x80], [0xc0, 0x80], [0xc2], [0xe0, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x80, 0x80, 0x80],
      [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0x61, 0xc3, 0x28]];
    for (const b of bad) expect(() => decodeWtf8(Uint8Array.from(b)), b.join(",")).toThrow(Error);
  });
});
