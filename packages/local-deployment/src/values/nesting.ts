/**
 * Nesting depth of Convex values, as the official backend limits it: a primitive has nesting 0,
 * an array or object 1 + the nesting of its deepest element, and at most MAX_NESTING levels are
 * accepted (source: convex-backend crates/value/src/size.rs MAX_NESTING, check_nesting).
 *
 * Measured on the JSON encoding (convex@1.48 values/value.ts `convexToJson`): `{"$bytes"}`,
 * `{"$integer"}` and `{"$float"}` objects are primitives. Iterative, so a value nested far deeper
 * than the limit (a hostile frame) is measured without exhausting the call stack.
 */
import type { JSONValue } from "convex/values";

export const MAX_NESTING = 64;

/** Convex's message for a value over MAX_NESTING (size.rs check_nesting). */
export function tooNestedMessage(nesting: number): string {
  return `Value is too nested (nested ${nesting} levels deep > maximum nesting ${MAX_NESTING})`;
}

/** The nesting of `value`; stops counting once it passes `limit` (then returns a value > limit). */
export function jsonNesting(value: JSONValue, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [JSONValue, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object" || isEncodedPrimitive(node)) {
      if (depth > deepest) deepest = depth;
      continue;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    if (children.length === 0 && depth + 1 > deepest) deepest = depth + 1;
    if (depth + 1 > limit) return depth + 1;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return deepest;
}

function isEncodedPrimitive(node: object): boolean {
  if (Array.isArray(node)) return false;
  const keys = Object.keys(node);
  return (
    keys.length === 1 && (keys[0] === "$bytes" || keys[0] === "$integer" || keys[0] === "$float")
  );
}
