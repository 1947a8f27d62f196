import { describe, expect, it } from "vitest";
import { caretOverlay } from "./caret-overlay";
import type { RemoteCaret } from "./document-session";

function caret(name: string, color: string, anchor: number, head: number): RemoteCaret {
  return { sessionId: name, userId: name, name, color, anchor, head };
}

/** The overlay as a string: text runs, `[color]` around highlighted runs, `|name` at carets. */
function draw(text: string, carets: RemoteCaret[]): string {
  return caretOverlay(text, carets)
    .map((p) =>
      p.kind === "caret" ? `|${p.caret.name}` : p.color ? `[${p.color}:${p.text}]` : p.text,
    )
    .join("");
}

describe("caretOverlay", () => {
  it("is the text plus a final newline when nobody else has a caret", () => {
    expect(draw("hello", [])).toBe("hello\n");
  });

  it("puts a caret at its head and highlights a selection in its color", () => {
    expect(draw("hello world", [caret("Ada", "red", 0, 5)])).toBe("[red:hello]|Ada world\n");
    // A backwards selection: the caret is at the start.
    expect(draw("hello world", [caret("Bo", "blue", 11, 6)])).toBe("hello |Bo[blue:world]\n");
  });

  it("orders several carets by offset and ignores offsets outside the text", () => {
    const carets = [caret("Bo", "blue", 3, 3), caret("Ada", "red", 1, 1), caret("Cy", "g", 9, 9)];
    expect(draw("abcd", carets)).toBe("a|Adabc|Bod\n");
  });

  it("gives overlapping selections the first caret's color", () => {
    const carets = [caret("Ada", "red", 0, 4), caret("Bo", "blue", 2, 6)];
    expect(draw("abcdef", carets)).toBe("[red:ab][red:cd]|Ada[blue:ef]|Bo\n");
  });
});
