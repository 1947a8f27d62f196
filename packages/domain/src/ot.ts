// Operational transformation for plain text: the public face of the OT code. The operation
// format, its normal form (delete before insert at one position) and validation are described in
// ./ot-operation and re-exported here; this file adds the algebra over two operations
// (transform, compose, rebase) and the mapping of carets and textarea edits.
//
// Positions are UTF-16 code-unit offsets, as a textarea's selectionStart/selectionEnd report
// them. Valid operations never split a surrogate pair (see validateOperationOn), and the caret
// helpers here never produce a position inside one.

import {
  OperationBuilder,
  OperationError,
  baseLength,
  normalize,
  replaceOp,
  targetLength,
  type TextOperation,
} from "./ot-operation";
import { isHighSurrogate, isLowSurrogate, snapToCodePoint } from "./utf16";

export {
  OperationError,
  apply,
  baseLength,
  invert,
  isNoop,
  isTextOperation,
  normalize,
  replaceOp,
  targetLength,
  validateOperation,
  validateOperationOn,
} from "./ot-operation";
export type { TextOperation } from "./ot-operation";

/**
 * Transforms two operations made concurrently on the same text into `[aPrime, bPrime]` such that
 * `apply(apply(s, a), bPrime) === apply(apply(s, b), aPrime)`.
 *
 * Tie-break: when both insert at the same position, `a`'s insert goes first if `aFirst` (the
 * default), else `b`'s. Rooms decides ties by the operations' sites (`insertsFirst`): the site
 * that sorts first goes first, whichever reached the server first, so an author's consecutive
 * inserts at one spot stay together instead of interleaving character by character with
 * another author's (as ShareDB's and Google Docs' site priorities do). The server passes the
 * committed operation as `a` and the incoming one as `b`; a client passes the operation received
 * from the server as `a` and its own pending one as `b`; both use the same sites, so they agree.
 * An insert that replaces text counts as being at the END of the range it replaces (normal form
 * puts the delete first) and goes before a plain insert there, whatever the sites.
 *
 * The algebra is TP1 only, as in ot.js: transforming over `compose(a, b)` can break an insert tie
 * differently from transforming over `a` and then `b`. A server and its clients must transform
 * over the same operations, one committed operation at a time (`rebase`).
 *
 * Throws OperationError if the base lengths differ.
 */
export function transform(
  a: TextOperation,
  b: TextOperation,
  aFirst = true,
): [TextOperation, TextOperation] {
  const opsA = normalize(a);
  const opsB = normalize(b);
  if (baseLength(opsA) !== baseLength(opsB)) {
    throw new OperationError(
      `Cannot transform: base lengths differ (${baseLength(opsA)} and ${baseLength(opsB)})`,
    );
  }
  const aPrime = new OperationBuilder();
  const bPrime = new OperationBuilder();
  let i = 0;
  let j = 0;
  let x = opsA[i++];
  let y = opsB[j++];
  while (x !== undefined || y !== undefined) {
    if (
      typeof x === "string" &&
      (typeof y !== "string" || insertTieGoesToA(opsA, i, opsB, j, aFirst))
    ) {
      aPrime.insert(x);
      bPrime.retain(x.length);
      x = opsA[i++];
      continue;
    }
    if (typeof y === "string") {
      aPrime.retain(y.length);
      bPrime.insert(y);
      y = opsB[j++];
      continue;
    }
    // Equal base lengths make this unreachable; it guards the loop against malformed input.
    // (x cannot be an insert here: a tie with aFirst false took the branch above.)
    if (x === undefined || y === undefined || typeof x === "string") {
      throw new OperationError("Cannot transform: length");
    }
    const n = Math.min(Math.abs(x), Math.abs(y));
    if (x > 0 && y > 0) {
      aPrime.retain(n);
      bPrime.retain(n);
    } else if (x < 0 && y > 0) {
      aPrime.delete(n);
    } else if (x > 0 && y < 0) {
      bPrime.delete(n);
    } // both delete the same units: nothing left to do for either side
    x = x > 0 ? x - n : x + n;
    y = y > 0 ? y - n : y + n;
    if (x === 0) x = opsA[i++];
    if (y === 0) y = opsB[j++];
  }
  return [aPrime.ops, bPrime.ops];
}

/**
 * Both operations insert at one position (`opsA[i - 1]`, `opsB[j - 1]`): whether `a`'s goes
 * first. An insert that replaces text (right after a delete in its operation: a paste over a
 * selection, a restore) goes before a plain insert at the end of the replaced range, which was
 * typed after that text; otherwise the sites decide (`aFirst`).
 */
function insertTieGoesToA(
  opsA: TextOperation,
  i: number,
  opsB: TextOperation,
  j: number,
  aFirst: boolean,
): boolean {
  const replaces = (ops: TextOperation, k: number) => {
    const before = ops[k - 2];
    return typeof before === "number" && before < 0;
  };
  const aReplaces = replaces(opsA, i);
  const bReplaces = replaces(opsB, j);
  return aReplaces !== bReplaces ? aReplaces : aFirst;
}

/**
 * Composes two consecutive operations into one: `apply(s, compose(a, b)) ===
 * apply(apply(s, a), b)`. Throws OperationError if `baseLength(b) !== targetLength(a)`.
 */
export function compose(a: TextOperation, b: TextOperation): TextOperation {
  const opsA = normalize(a);
  const opsB = normalize(b);
  if (targetLength(opsA) !== baseLength(opsB)) {
    throw new OperationError(
      `Cannot compose: target length ${targetLength(opsA)} of the first operation does not match base length ${baseLength(opsB)} of the second`,
    );
  }
  const out = new OperationBuilder();
  let i = 0;
  let j = 0;
  let x = opsA[i++];
  let y = opsB[j++];
  while (x !== undefined || y !== undefined) {
    if (typeof x === "number" && x < 0) {
      out.delete(-x);
      x = opsA[i++];
      continue;
    }
    if (typeof y === "string") {
      out.insert(y);
      y = opsB[j++];
      continue;
    }
    if (x === undefined || y === undefined) throw new OperationError("Cannot compose: length");
    // x is a retain or an insert of a; y is a retain or a delete of b.
    const xLength = typeof x === "string" ? x.length : x;
    const n = Math.min(xLength, Math.abs(y));
    if (y > 0) {
      if (typeof x === "string") out.insert(x.slice(0, n));
      else out.retain(n);
    } else if (typeof x === "number") {
      out.delete(n);
    } // b deletes text that a inserted: it never existed
    x = typeof x === "string" ? x.slice(n) : x - n;
    y = y > 0 ? y - n : y + n;
    if (x === 0 || x === "") x = opsA[i++];
    if (y === 0) y = opsB[j++];
  }
  return out.ops;
}

/**
 * Transforms `op`, made against an older revision, over the operations committed since, in
 * order: what the server does with an incoming operation. Returns the operation to apply to the
 * current text. Committed operations win insert ties (they are `a` in `transform`).
 */
export function rebase(op: TextOperation, committedSince: readonly TextOperation[]): TextOperation {
  let current = op;
  for (const committed of committedSince) current = transform(committed, current)[1];
  return normalize(current);
}

/** A textarea selection: `anchor` where it started, `head` where the caret is (may be < anchor). */
export interface TextSelection {
  anchor: number;
  head: number;
}

/**
 * Maps a caret position in the text before `op` to the text after it. Text inserted exactly at
 * the caret pushes it forward only when `isOwnInsert` (the local user typed it); a remote insert
 * at the caret lands after it. A caret inside or at the end of a deleted or replaced range moves
 * to the end of what replaced it; one at its start stays before any inserted text. The
 * result is in [0, targetLength(op)]; `pos` is first clamped into [0, baseLength(op)].
 *
 * When `textAfter` (the text after `op`, of length targetLength(op)) is given, a result inside a
 * surrogate pair moves back to the pair's start; a mismatched length throws OperationError.
 */
export function transformPosition(
  pos: number,
  op: TextOperation,
  isOwnInsert = false,
  textAfter?: string,
): number {
  const ops = normalize(op);
  let caret = Math.min(Math.max(Number.isFinite(pos) ? Math.floor(pos) : 0, 0), baseLength(ops));
  let oldIndex = 0;
  let newIndex = 0;
  let result: number | undefined;
  let replaced = false;
  for (const c of ops) {
    if (typeof c === "string") {
      // oldIndex <= caret here: components past the caret returned already.
      if (oldIndex < caret || isOwnInsert || replaced) newIndex += c.length;
      else {
        result = newIndex;
        break;
      }
    } else if (c > 0) {
      if (oldIndex + c > caret) {
        result = newIndex + (caret - oldIndex);
        break;
      }
      oldIndex += c;
      newIndex += c;
    } else {
      const start = oldIndex;
      oldIndex -= c;
      // A caret in the deleted range collapses to where it was; one past the range's start also
      // moves past a replacement inserted there, like a caret right after the range would.
      if (caret <= oldIndex) {
        replaced = caret > start;
        caret = oldIndex;
      }
    }
  }
  result ??= newIndex;
  if (textAfter === undefined) return result;
  if (textAfter.length !== targetLength(ops)) {
    throw new OperationError(
      `transformPosition: text length ${textAfter.length} is not the operation's target length ${targetLength(ops)}`,
    );
  }
  return snapToCodePoint(textAfter, result);
}

/**
 * `transformPosition` applied to both ends of a selection. `textAfter` and `isOwnInsert` as there.
 */
export function transformSelection(
  selection: TextSelection,
  op: TextOperation,
  textAfter?: string,
  isOwnInsert = false,
): TextSelection {
  return {
    anchor: transformPosition(selection.anchor, op, isOwnInsert, textAfter),
    head: transformPosition(selection.head, op, isOwnInsert, textAfter),
  };
}

/**
 * The minimal single-range replace turning `before` into `after`: what a textarea `input` event
 * did (typing, paste, cut, backspace, autocorrect). Common prefix and suffix are retained; the
 * range between them is replaced. Never splits a surrogate pair: a range boundary inside a pair
 * widens to the whole pair. Returns a no-op (`[before.length]`, or `[]` for "") when equal.
 *
 * `caretHint` is the caret (selectionEnd) after the edit. It settles ambiguous edits, e.g. typing
 * "a" into "aa": the inserted text is taken to end at the caret, as it does when typing.
 */
export function fromTextChange(before: string, after: string, caretHint?: number): TextOperation {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (caretHint !== undefined && Number.isFinite(caretHint)) {
    const inserted = Math.max(0, after.length - before.length);
    prefix = Math.max(0, Math.min(prefix, Math.floor(caretHint) - inserted));
  }
  // The prefix is common to both texts, so checking one of them suffices.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return replaceOp(
    before.length,
    prefix,
    before.length - suffix,
    after.slice(prefix, after.length - suffix),
  );
}

/**
 * The site of an operation: its author's client, the part of its tag before the first `:`
 * (tags are `<clientId>:<sequence>`; a restore's tag is `restore`).
 */
export function operationSite(tag: string): string {
  const colon = tag.indexOf(":");
  return colon === -1 ? tag : tag.slice(0, colon);
}

/** Whether site `a`'s insert goes before site `b`'s at the same position (`transform`'s `aFirst`). */
export function insertsFirst(a: string, b: string): boolean {
  return a <= b;
}
