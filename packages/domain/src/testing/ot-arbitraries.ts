// Test-only fast-check arbitraries for the OT properties. Not exported from the package.
import fc from "fast-check";
import { normalize, type TextOperation } from "../ot";

/**
 * Characters picked so that collisions are frequent (few letters) and surrogate pairs are
 * everywhere: emoji, a skin-tone sequence (two pairs), a flag (two regional indicators) and an
 * astral CJK character share high surrogates with each other.
 */
export const ALPHABET = ["a", "b", " ", "\n", "é", "😀", "😃", "👍🏽", "🇫🇷", "𠀋"] as const;

/** A well-formed string of up to `maxChars` alphabet entries. */
export function textArb(maxChars = 12): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...ALPHABET), { maxLength: maxChars })
    .map((chars) => chars.join(""));
}

type Step = { kind: "retain" | "delete" | "insert"; count: number; text: string };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom("retain", "delete", "insert"),
  count: fc.integer({ min: 1, max: 4 }),
  text: textArb(3).filter((s) => s !== ""),
});

/**
 * A random valid operation on `text`: retains and deletes cover whole code points only, so it
 * never splits a surrogate pair. Steps past the end of the text are cut short.
 */
export function opArb(text: string): fc.Arbitrary<TextOperation> {
  const points = Array.from(text);
  return fc.array(stepArb, { maxLength: 6 }).map((steps) => {
    const op: TextOperation = [];
    let index = 0; // in code points
    for (const step of steps) {
      if (step.kind === "insert") {
        op.push(step.text);
        continue;
      }
      const taken = points.slice(index, index + step.count).join("").length;
      index = Math.min(points.length, index + step.count);
      op.push(step.kind === "retain" ? taken : -taken);
    }
    op.push(points.slice(index).join("").length);
    return normalize(op);
  });
}

/** A text and `n` concurrent operations on it. */
export function concurrentArb(n: number): fc.Arbitrary<[string, TextOperation[]]> {
  return textArb().chain((text) =>
    fc.tuple(fc.constant(text), fc.array(opArb(text), { minLength: n, maxLength: n })),
  );
}

/** A text and two consecutive operations: `a` on the text, `b` on the result of `a`. */
export function consecutiveArb(
  apply: (text: string, op: TextOperation) => string,
): fc.Arbitrary<[string, TextOperation, TextOperation]> {
  return textArb().chain((text) =>
    opArb(text).chain((a) => fc.tuple(fc.constant(text), fc.constant(a), opArb(apply(text, a)))),
  );
}
