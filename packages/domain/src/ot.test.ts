import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  OperationError,
  apply,
  compose,
  fromTextChange,
  rebase,
  replaceOp,
  targetLength,
  transform,
  transformPosition,
  transformSelection,
  validateOperationOn,
  type TextOperation,
} from "./ot";
import { concurrentArb, consecutiveArb, opArb, textArb } from "./testing/ot-arbitraries";
import { isWellFormed, splitsSurrogatePair } from "./utf16";

const runs = { numRuns: 500 };

describe("ot", () => {
  describe("transform", () => {
    it("shifts an insert past an earlier concurrent insert", () => {
      const [aPrime, bPrime] = transform([5, " world"], ["Oh, ", 5]);
      expect(apply(apply("hello", ["Oh, ", 5]), aPrime)).toBe("Oh, hello world");
      expect(apply(apply("hello", [5, " world"]), bPrime)).toBe("Oh, hello world");
    });

    it("puts a's insert first when both insert at one position", () => {
      const [aPrime, bPrime] = transform([1, "A", 1], [1, "B", 1]);
      expect(apply(apply("xy", [1, "A", 1]), bPrime)).toBe("xABy");
      expect(apply(apply("xy", [1, "B", 1]), aPrime)).toBe("xABy");
    });

    it("deletes a range once when both delete it", () => {
      const [aPrime, bPrime] = transform([1, -3, 1], [2, -3]);
      expect(aPrime).toEqual([1, -1]);
      expect(bPrime).toEqual([1, -1]);
      expect(apply(apply("abcde", [1, -3, 1]), bPrime)).toBe("a");
    });

    it("throws when the base lengths differ", () => {
      expect(() => transform([1], [2])).toThrow("Cannot transform: base lengths differ (1 and 2)");
    });

    it("converges for two sites", () => {
      fc.assert(
        fc.property(concurrentArb(2), ([text, [a, b]]) => {
          const [aPrime, bPrime] = transform(a!, b!);
          const viaA = apply(apply(text, a!), bPrime);
          expect(apply(apply(text, b!), aPrime)).toBe(viaA);
          // Transformed operations are valid where they are applied: no split surrogate pairs.
          validateOperationOn(bPrime, apply(text, a!));
          validateOperationOn(aPrime, apply(text, b!));
          expect(isWellFormed(viaA)).toBe(true);
        }),
        runs,
      );
    });

    it("converges for three sites through a server that orders a, b, c", () => {
      fc.assert(
        fc.property(concurrentArb(3), ([text, [a, b, c]]) => {
          // Server: commits a, then b over a, then c over both.
          const b1 = transform(a!, b!)[1];
          const c2 = rebase(c!, [a!, b1]);
          const server = apply(apply(apply(text, a!), b1), c2);
          // Site A applied a, then receives b1 and c2 as they are.
          // Site B applied b, then receives a (transformed over b), then c2.
          const a1 = transform(a!, b!)[0];
          expect(apply(apply(apply(text, b!), a1), c2)).toBe(server);
          // Site C applied c, then receives a and b1, transforming each over its pending c.
          const [aForC, cOverA] = transform(a!, c!);
          const [b1ForC] = transform(b1, cOverA);
          expect(apply(apply(apply(text, c!), aForC), b1ForC)).toBe(server);
          expect(isWellFormed(server)).toBe(true);
        }),
        runs,
      );
    });

    it("breaks a replace's insert tie at the end of the replaced range", () => {
      // a replaces "b" with "X"; b inserts "Y" before "b": b's insert is earlier, so it goes first.
      const a: TextOperation = [1, -1, "X", 1];
      const b: TextOperation = [1, "Y", 2];
      const [aPrime, bPrime] = transform(a, b);
      expect(apply(apply("abc", a), bPrime)).toBe("aYXc");
      expect(apply(apply("abc", b), aPrime)).toBe("aYXc");
    });
  });

  describe("compose", () => {
    it("merges consecutive edits into one", () => {
      expect(compose([3, "d"], [4, "e"])).toEqual([3, "de"]);
      expect(compose(["abc"], [1, -1, 1])).toEqual(["ac"]);
      expect(compose([-2, 1], [-1])).toEqual([-3]);
    });

    it("throws when b does not start where a ends", () => {
      expect(() => compose([1, "x"], [1])).toThrow(
        "Cannot compose: target length 2 of the first operation does not match base length 1 of the second",
      );
    });

    it("satisfies apply(compose(a, b)) == apply(b) after apply(a)", () => {
      fc.assert(
        fc.property(consecutiveArb(apply), ([text, a, b]) => {
          const composed = compose(a, b);
          expect(apply(text, composed)).toBe(apply(apply(text, a), b));
          validateOperationOn(composed, text);
        }),
        runs,
      );
    });
  });

  describe("rebase", () => {
    it("is a no-op over an empty history", () => {
      expect(rebase([1, "x", 0], [])).toEqual([1, "x"]);
    });

    it("moves an operation past committed ones, committed text first", () => {
      const text = "ab";
      const committed: TextOperation[] = [
        [1, "X", 1],
        [3, "Y"],
      ];
      const incoming: TextOperation = [1, "Z", 1];
      const current = committed.reduce(apply, text);
      expect(apply(current, rebase(incoming, committed))).toBe("aXZbY");
    });
  });

  describe("transformPosition", () => {
    it("moves a caret after text inserted before it", () => {
      expect(transformPosition(3, [1, "xy", 4])).toBe(5);
      expect(transformPosition(0, [1, "xy", 4])).toBe(0);
    });

    it("moves a caret past an insert at its position only for the user's own insert", () => {
      expect(transformPosition(2, [2, "xy", 3])).toBe(2);
      expect(transformPosition(2, [2, "xy", 3], true)).toBe(4);
      expect(transformPosition(5, [5, "!"])).toBe(5);
      expect(transformPosition(5, [5, "!"], true)).toBe(6);
    });

    it("collapses a caret inside a deleted range to where the range was", () => {
      expect(transformPosition(3, [1, -4, 1])).toBe(1);
      expect(transformPosition(5, [1, -4, 1])).toBe(1);
      expect(transformPosition(6, [1, -4, 1])).toBe(2);
    });

    it("puts a caret inside or after a replaced range after the replacement", () => {
      expect(transformPosition(3, [1, -4, "abc", 1])).toBe(4);
      expect(transformPosition(5, [1, -4, "abc", 1])).toBe(4);
      expect(transformPosition(1, [1, -4, "abc", 1])).toBe(1);
      expect(transformPosition(1, [1, -4, "abc", 1], true)).toBe(4);
    });

    it("clamps a caret outside the text", () => {
      expect(transformPosition(-3, [2, "x"])).toBe(0);
      expect(transformPosition(99, [2, "x"])).toBe(2);
      expect(transformPosition(99, [2, "x"], true)).toBe(3);
      expect(transformPosition(Number.NaN, [2])).toBe(0);
    });

    it("snaps back to a pair's start when given the resulting text", () => {
      expect(transformPosition(1, [1, "😀", 1], true, "a😀b")).toBe(3);
      expect(transformPosition(2, [4], false, "a😀b")).toBe(1);
      expect(() => transformPosition(0, [1], false, "ab")).toThrow(OperationError);
    });

    it("stays within the text, keeps order and never splits a pair", () => {
      fc.assert(
        fc.property(
          textArb().chain((t) =>
            fc.tuple(
              fc.constant(t),
              opArb(t),
              fc.integer({ min: -2, max: t.length + 2 }),
              fc.integer({ min: -2, max: t.length + 2 }),
              fc.boolean(),
            ),
          ),
          ([text, op, p, q, own]) => {
            const after = apply(text, op);
            const tp = transformPosition(p, op, own, after);
            const tq = transformPosition(q, op, own, after);
            expect(tp).toBeGreaterThanOrEqual(0);
            expect(tp).toBeLessThanOrEqual(targetLength(op));
            expect(splitsSurrogatePair(after, tp)).toBe(false);
            if (p <= q) expect(tp).toBeLessThanOrEqual(tq);
          },
        ),
        runs,
      );
    });
  });

  it("transformSelection maps both ends", () => {
    expect(transformSelection({ anchor: 4, head: 1 }, ["ab", 5])).toEqual({ anchor: 6, head: 3 });
    expect(transformSelection({ anchor: 1, head: 1 }, [1, "ab", 4], undefined, true)).toEqual({
      anchor: 3,
      head: 3,
    });
    expect(transformSelection({ anchor: 2, head: 2 }, [3], "a😀")).toEqual({ anchor: 1, head: 1 });
  });

  describe("fromTextChange", () => {
    it("finds the replaced range", () => {
      expect(fromTextChange("hello", "help")).toEqual([3, -2, "p"]);
      expect(fromTextChange("abc", "abc")).toEqual([3]);
      expect(fromTextChange("", "")).toEqual([]);
      expect(fromTextChange("", "hi")).toEqual(["hi"]);
    });

    it("uses the caret to place an ambiguous insert or delete", () => {
      expect(fromTextChange("aa", "aaa")).toEqual([2, "a"]);
      expect(fromTextChange("aa", "aaa", 1)).toEqual(["a", 2]);
      expect(fromTextChange("aaa", "aa", 0)).toEqual([-1, 2]);
      expect(fromTextChange("aaa", "aa", 1)).toEqual([1, -1, 1]);
    });

    it("never splits a surrogate pair", () => {
      // 😀 and 😃 share their high surrogate: the whole pair is replaced.
      expect(fromTextChange("x😀", "x😃")).toEqual([1, -2, "😃"]);
      // 🇫🇷 and 🇫🇮 share the first regional indicator but differ in the second.
      expect(fromTextChange("🇫🇷", "🇫🇮")).toEqual([2, -2, "🇮"]);
      // 😀 and 🙀 share their low surrogate.
      expect(fromTextChange("😀!", "🙀!")).toEqual([-2, "🙀", 1]);
    });

    it("turns any edit into a valid single-range op that reproduces it", () => {
      fc.assert(
        fc.property(
          textArb(),
          textArb(),
          fc.option(fc.integer({ min: -1, max: 30 }), { nil: undefined }),
          (before, after, caret) => {
            const op = fromTextChange(before, after, caret);
            expect(apply(before, validateOperationOn(op, before))).toBe(after);
            const inserts = op.filter((c) => typeof c === "string");
            const deletes = op.filter((c) => typeof c === "number" && c < 0);
            expect(inserts.length).toBeLessThanOrEqual(1);
            expect(deletes.length).toBeLessThanOrEqual(1);
            expect(inserts.every((s) => isWellFormed(s as string))).toBe(true);
          },
        ),
        runs,
      );
    });

    it("recovers typing and backspacing exactly when given the caret", () => {
      fc.assert(
        fc.property(
          textArb().chain((t) =>
            fc.tuple(
              fc.constant(t),
              fc.integer({ min: 0, max: Array.from(t).length }),
              fc.integer({ min: 0, max: 3 }),
              textArb(3),
            ),
          ),
          ([text, at, count, typed]) => {
            const points = Array.from(text);
            const from = points.slice(0, at).join("").length;
            const to = points.slice(0, at + count).join("").length;
            // Typing `typed` at `from`: the caret ends after it.
            const typedText = text.slice(0, from) + typed + text.slice(from);
            expect(fromTextChange(text, typedText, from + typed.length)).toEqual(
              replaceOp(text.length, from, from, typed),
            );
            // Deleting [from, to): the caret ends at `from`.
            const deleted = text.slice(0, from) + text.slice(to);
            expect(fromTextChange(text, deleted, from)).toEqual(
              replaceOp(text.length, from, to, ""),
            );
          },
        ),
        runs,
      );
    });

    it("feeds transform: textarea edits from two sites converge without split pairs", () => {
      fc.assert(
        fc.property(textArb(), textArb(), textArb(), (base, left, right) => {
          const a = fromTextChange(base, left);
          const b = fromTextChange(base, right);
          const [aPrime, bPrime] = transform(a, b);
          const merged = apply(left, bPrime);
          expect(apply(right, aPrime)).toBe(merged);
          expect(isWellFormed(merged)).toBe(true);
        }),
        runs,
      );
    });
  });
});
