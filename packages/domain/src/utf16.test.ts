import { describe, expect, it } from "vitest";
import {
  findLoneSurrogate,
  isHighSurrogate,
  isLowSurrogate,
  isWellFormed,
  snapToCodePoint,
  splitsSurrogatePair,
} from "./utf16";

describe("utf16", () => {
  const text = "a😀b"; // a, \ud83d, \ude00, b

  it("classifies surrogates", () => {
    expect(isHighSurrogate(0xd83d)).toBe(true);
    expect(isLowSurrogate(0xde00)).toBe(true);
    expect(isHighSurrogate(0xde00)).toBe(false);
    expect(isLowSurrogate("a".charCodeAt(0))).toBe(false);
  });

  it("finds positions inside a pair", () => {
    expect([0, 1, 2, 3, 4].map((pos) => splitsSurrogatePair(text, pos))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });

  it("snaps into the text and back to a pair's start", () => {
    expect(snapToCodePoint(text, 2)).toBe(1);
    expect(snapToCodePoint(text, 3)).toBe(3);
    expect(snapToCodePoint(text, -1)).toBe(0);
    expect(snapToCodePoint(text, 10)).toBe(4);
    expect(snapToCodePoint(text, 2.7)).toBe(1);
    expect(snapToCodePoint(text, Number.NaN)).toBe(0);
  });

  it("finds lone surrogates", () => {
    expect(findLoneSurrogate("ok 👍🏽")).toBe(-1);
    expect(findLoneSurrogate("a\ud83d")).toBe(1);
    expect(findLoneSurrogate("\ude00a")).toBe(0);
    expect(findLoneSurrogate("\ud83d\ud83d\ude00")).toBe(0);
    expect(isWellFormed("🇫🇷")).toBe(true);
    expect(isWellFormed("🇫🇷".slice(0, 3))).toBe(false);
  });
});
