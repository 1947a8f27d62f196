// The text operation itself: its format, normal form, validation and application to a text.
// The algebra over two operations (transform, compose) and caret mapping are in ./ot, which
// re-exports everything public here; import from "./ot" (or the package root), not from here.
//
// Format (ot.js, github.com/Operational-Transformation/ot.js, lib/text-operation.js): an
// operation walks the whole base text from start to end, component by component.
//
//   positive integer n   retain n UTF-16 units
//   negative integer -n  delete n UTF-16 units
//   non-empty string s   insert s
//
// Normal form (what every function here returns): no zero or empty components; adjacent
// components of the same kind merged; where a delete and an insert meet at one position the
// DELETE COMES FIRST, so a replace reads "retain, delete, insert, retain" like a textarea edit
// (ot.js puts the insert first; the two orders are equally valid, this one is ours); trailing
// retains are kept, so `baseLength(op)` is exactly the length of the text the operation applies
// to. Because of the order, a replace's insert sits at the END of the range it replaces, which
// decides insert ties in `transform` (see there).

import { findLoneSurrogate, splitsSurrogatePair } from "./utf16";

/** A text operation: retain n (n > 0), delete n (-n), insert s (string). See the file header. */
export type TextOperation = (number | string)[];

/**
 * Thrown for a malformed operation, an operation that does not fit the text it is applied to, or
 * one that would split a surrogate pair. `code` matches `ErrorCode.INVALID_OPERATION`.
 */
export class OperationError extends Error {
  readonly code = "INVALID_OPERATION" as const;
  constructor(message: string) {
    super(message);
    this.name = "OperationError";
  }
}

/** Builds an operation in normal form, one component at a time. Internal to ./ot*. */
export class OperationBuilder {
  readonly ops: TextOperation = [];

  retain(n: number): void {
    if (n <= 0) return;
    const last = this.ops[this.ops.length - 1];
    if (typeof last === "number" && last > 0) this.ops[this.ops.length - 1] = last + n;
    else this.ops.push(n);
  }

  insert(s: string): void {
    if (s === "") return;
    const last = this.ops[this.ops.length - 1];
    if (typeof last === "string") this.ops[this.ops.length - 1] = last + s;
    else this.ops.push(s);
  }

  /** Deletes `n` units (n > 0). Placed before an insert that ends the operation so far. */
  delete(n: number): void {
    if (n <= 0) return;
    const end = this.ops.length;
    const last = this.ops[end - 1];
    if (typeof last === "number" && last < 0) {
      this.ops[end - 1] = last - n;
    } else if (typeof last === "string") {
      const before = this.ops[end - 2];
      if (typeof before === "number" && before < 0) this.ops[end - 2] = before - n;
      else this.ops.splice(end - 1, 0, -n);
    } else {
      this.ops.push(-n);
    }
  }
}

function describe(component: unknown): string {
  return typeof component === "string" ? JSON.stringify(component) : String(component);
}

/** Checks one component's shape; throws OperationError with its index otherwise. */
function checkComponent(component: unknown, index: number): asserts component is number | string {
  if (typeof component === "string") {
    const lone = findLoneSurrogate(component);
    if (lone !== -1) {
      throw new OperationError(
        `Operation component ${index} inserts a lone surrogate at offset ${lone}; inserted text must be well-formed UTF-16`,
      );
    }
    return;
  }
  if (typeof component !== "number" || !Number.isSafeInteger(component)) {
    throw new OperationError(
      `Operation component ${index} is ${describe(component)}; expected a non-zero integer (retain n / delete -n) or a string (insert)`,
    );
  }
}

/**
 * Returns `op` in normal form (see the file header). Zero retains/deletes and empty inserts are
 * dropped. Throws OperationError for a component that is neither a safe integer nor a string.
 */
export function normalize(op: TextOperation): TextOperation {
  const out = new OperationBuilder();
  op.forEach((component, index) => {
    checkComponent(component, index);
    if (typeof component === "string") out.insert(component);
    else if (component > 0) out.retain(component);
    else out.delete(-component);
  });
  return out.ops;
}

/** Length of the text `op` applies to: retains plus deletes. */
export function baseLength(op: TextOperation): number {
  let length = 0;
  for (const c of op) if (typeof c === "number") length += Math.abs(c);
  return length;
}

/** Length of the text `op` produces: retains plus inserted lengths. */
export function targetLength(op: TextOperation): number {
  let length = 0;
  for (const c of op) {
    if (typeof c === "string") length += c.length;
    else if (c > 0) length += c;
  }
  return length;
}

/** True when `op` changes nothing: only retains (or zero/empty components). */
export function isNoop(op: TextOperation): boolean {
  return op.every((c) => (typeof c === "number" ? c >= 0 : c === ""));
}

/** Type guard for the shape only (array of safe integers and well-formed strings). */
export function isTextOperation(value: unknown): value is TextOperation {
  if (!Array.isArray(value)) return false;
  try {
    value.forEach(checkComponent);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates untrusted input (e.g. a mutation argument) and returns it in normal form. Throws
 * OperationError if `op` is not an array of safe integers and well-formed strings, or if its base
 * length differs from `textLength`. Use `validateOperationOn` when the text itself is at hand: it
 * also rejects operations that would split a surrogate pair.
 */
export function validateOperation(op: unknown, textLength: number): TextOperation {
  if (!Array.isArray(op)) {
    throw new OperationError(`Operation must be an array, got ${op === null ? "null" : typeof op}`);
  }
  const normal = normalize(op as TextOperation);
  const length = baseLength(normal);
  if (length !== textLength) {
    throw new OperationError(
      `Operation base length ${length} does not match text length ${textLength}`,
    );
  }
  return normal;
}

/**
 * `validateOperation(op, text.length)`, and additionally throws OperationError if a component
 * boundary (where an insert lands or a retain/delete starts or ends) falls inside a surrogate
 * pair of `text`.
 */
export function validateOperationOn(op: unknown, text: string): TextOperation {
  const normal = validateOperation(op, text.length);
  let index = 0;
  for (const c of normal) {
    if (typeof c === "number") {
      index += Math.abs(c);
      if (splitsSurrogatePair(text, index)) {
        throw new OperationError(
          `Operation splits the surrogate pair at offsets ${index - 1}..${index} of the text`,
        );
      }
    }
  }
  return normal;
}

/**
 * Applies `op` to `text`. Throws OperationError if `baseLength(op) !== text.length`. Does not
 * check surrogate pairs: validate untrusted operations with `validateOperationOn` first.
 */
export function apply(text: string, op: TextOperation): string {
  const length = baseLength(op);
  if (length !== text.length) {
    throw new OperationError(
      `Cannot apply: operation base length ${length} does not match text length ${text.length}`,
    );
  }
  const parts: string[] = [];
  let index = 0;
  for (const c of op) {
    if (typeof c === "string") {
      parts.push(c);
    } else if (c > 0) {
      parts.push(text.slice(index, index + c));
      index += c;
    } else {
      index -= c;
    }
  }
  return parts.join("");
}

/**
 * The operation that undoes `op`, given the text `op` was applied to:
 * `apply(apply(text, op), invert(op, text)) === text`. Throws OperationError on a length mismatch.
 */
export function invert(op: TextOperation, text: string): TextOperation {
  if (baseLength(op) !== text.length) {
    throw new OperationError(
      `Cannot invert: operation base length ${baseLength(op)} does not match text length ${text.length}`,
    );
  }
  const out = new OperationBuilder();
  let index = 0;
  for (const c of normalize(op)) {
    if (typeof c === "string") {
      out.delete(c.length);
    } else if (c > 0) {
      out.retain(c);
      index += c;
    } else {
      out.insert(text.slice(index, index - c));
      index -= c;
    }
  }
  return out.ops;
}

/**
 * The operation replacing units [from, to) of a text of length `textLength` with `insert`.
 * Throws OperationError unless 0 <= from <= to <= textLength are integers.
 */
export function replaceOp(
  textLength: number,
  from: number,
  to: number,
  insert: string,
): TextOperation {
  if (
    !Number.isSafeInteger(textLength) ||
    !Number.isSafeInteger(from) ||
    !Number.isSafeInteger(to) ||
    from < 0 ||
    from > to ||
    to > textLength
  ) {
    throw new OperationError(
      `Invalid range [${from}, ${to}) for a text of length ${textLength}; need 0 <= from <= to <= length`,
    );
  }
  return normalize([from, -(to - from), insert, textLength - to]);
}
