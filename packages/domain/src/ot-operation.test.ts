import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
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
  type TextOperation,
} from "./ot-operation";
import { opArb, textArb } from "./testing/ot-arbitraries";
import { isWellFormed } from "./utf16";

/** Normal form: no empty components, no two of a kind in a row, never an insert before a delete. */
function isNormal(op: TextOperation): boolean {
  return op.every((c, i) => {
    if (c === 0 || c === "") return false;
    const next = op[i + 1];
    if (next === undefined) return true;
    const kind = (x: number | string) => (typeof x === "string" ? "i" : x > 0 ? "r" : "d");
    if (kind(c) === kind(next)) return false;
    return !(kind(c) === "i" && kind(next) === "d");
  });
}

describe("ot-operation", () => {
  describe("normalize", () => {
    it("drops empty components and merges neighbours of one kind", () => {
      expect(normalize([0, 2, 3, "", -1, -2, "a", "b", 0])).toEqual([5, -3, "ab"]);
    });

    it("puts a delete before an insert at the same position", () => {
      expect(normalize([1, "x", -2, 3])).toEqual([1, -2, "x", 3]);
      expect(normalize(["x", -1, "y", -1])).toEqual([-2, "xy"]);
    });

    it("keeps trailing retains so the base length stays exact", () => {
      expect(normalize(["a", 4])).toEqual(["a", 4]);
    });

    it("rejects components that are neither integers nor strings", () => {
      expect(() => normalize([1.5])).toThrow(OperationError);
      expect(() => normalize([NaN])).toThrow(/component 0 is NaN/);
      expect(() => normalize([1, null as unknown as number])).toThrow(/component 1 is null/);
    });

    it("is idempotent and yields normal form", () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom("", "a", "😀"))),
          (op) => {
            const once = normalize(op);
            expect(isNormal(once)).toBe(true);
            expect(normalize(once)).toEqual(once);
            expect(baseLength(once)).toBe(baseLength(op));
            expect(targetLength(once)).toBe(targetLength(op));
          },
        ),
      );
    });
  });

  it("measures base and target lengths in UTF-16 units", () => {
    expect(baseLength([2, -3, "😀", 1])).toBe(6);
    expect(targetLength([2, -3, "😀", 1])).toBe(5);
    expect(baseLength([])).toBe(0);
  });

  it("isNoop is true only for operations that change nothing", () => {
    expect(isNoop([])).toBe(true);
    expect(isNoop([5])).toBe(true);
    expect(isNoop([2, 0, "", 3])).toBe(true);
    expect(isNoop([2, "a"])).toBe(false);
    expect(isNoop([-1])).toBe(false);
  });

  it("isTextOperation checks the shape only", () => {
    expect(isTextOperation([1, "a", -2])).toBe(true);
    expect(isTextOperation("abc")).toBe(false);
    expect(isTextOperation([1, true])).toBe(false);
    expect(isTextOperation(["\ud83d"])).toBe(false);
  });

  describe("validateOperation", () => {
    it("returns the normalized operation", () => {
      expect(validateOperation([1, "a", 0, 2], 3)).toEqual([1, "a", 2]);
    });

    it("rejects what is not an array of integers and strings", () => {
      expect(() => validateOperation("x", 1)).toThrow("Operation must be an array, got string");
      expect(() => validateOperation(null, 0)).toThrow("Operation must be an array, got null");
      expect(() => validateOperation([1, {}], 1)).toThrow(/component 1/);
      expect(() => validateOperation([Infinity], 1)).toThrow(OperationError);
      expect(() => validateOperation([2 ** 60], 1)).toThrow(OperationError);
    });

    it("rejects a base length that does not match the text", () => {
      expect(() => validateOperation([3], 4)).toThrow(
        "Operation base length 3 does not match text length 4",
      );
    });

    it("rejects inserts with lone surrogates", () => {
      expect(() => validateOperation(["a\ud83d"], 0)).toThrow(/lone surrogate at offset 1/);
      expect(() => validateOperation(["\ude00"], 0)).toThrow(OperationError);
    });

    it("carries the INVALID_OPERATION code", () => {
      try {
        validateOperation([1], 0);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(OperationError);
        expect((error as OperationError).code).toBe("INVALID_OPERATION");
        expect((error as OperationError).name).toBe("OperationError");
      }
    });
  });

  describe("validateOperationOn", () => {
    const text = "a😀b"; // units: a, \ud83d, \ude00, b

    it("accepts operations on code-point boundaries", () => {
      expect(validateOperationOn([1, "x", -2, 1], text)).toEqual([1, -2, "x", 1]);
      expect(validateOperationOn([3, "👍", 1], text)).toEqual([3, "👍", 1]);
    });

    it("rejects an insert, retain or delete boundary inside a surrogate pair", () => {
      expect(() => validateOperationOn([2, "x", 2], text)).toThrow(
        "Operation splits the surrogate pair at offsets 1..2 of the text",
      );
      expect(() => validateOperationOn([1, -1, 2], text)).toThrow(OperationError);
      expect(() => validateOperationOn([2, -2], text)).toThrow(OperationError);
    });

    it("accepts every generated operation", () => {
      fc.assert(
        fc.property(
          textArb().chain((t) => fc.tuple(fc.constant(t), opArb(t))),
          ([t, op]) => {
            expect(validateOperationOn(op, t)).toEqual(op);
          },
        ),
      );
    });
  });

  describe("apply", () => {
    it("retains, deletes and inserts", () => {
      expect(apply("hello world", [6, -5, "there"])).toBe("hello there");
      expect(apply("", ["abc"])).toBe("abc");
      expect(apply("abc", [-3])).toBe("");
      expect(apply("abc", [3])).toBe("abc");
    });

    it("throws on a length mismatch", () => {
      expect(() => apply("abc", [2])).toThrow(
        "Cannot apply: operation base length 2 does not match text length 3",
      );
    });

    it("gives a text of the target length that stays well-formed", () => {
      fc.assert(
        fc.property(
          textArb().chain((t) => fc.tuple(fc.constant(t), opArb(t))),
          ([t, op]) => {
            const result = apply(t, op);
            expect(result.length).toBe(targetLength(op));
            expect(isWellFormed(result)).toBe(true);
          },
        ),
      );
    });
  });

  describe("invert", () => {
    it("undoes an operation", () => {
      expect(invert([1, -2, "xy", 1], "abcd")).toEqual([1, -2, "bc", 1]);
    });

    it("round-trips every generated operation", () => {
      fc.assert(
        fc.property(
          textArb().chain((t) => fc.tuple(fc.constant(t), opArb(t))),
          ([t, op]) => {
            expect(apply(apply(t, op), invert(op, t))).toBe(t);
          },
        ),
      );
    });

    it("throws on a length mismatch", () => {
      expect(() => invert([1], "ab")).toThrow(OperationError);
    });
  });

  describe("replaceOp", () => {
    it("replaces a range", () => {
      expect(replaceOp(5, 1, 3, "xy")).toEqual([1, -2, "xy", 2]);
      expect(replaceOp(5, 5, 5, "!")).toEqual([5, "!"]);
      expect(replaceOp(5, 0, 5, "")).toEqual([-5]);
      expect(replaceOp(0, 0, 0, "")).toEqual([]);
    });

    it("rejects a range outside the text", () => {
      expect(() => replaceOp(3, 2, 1, "")).toThrow(
        "Invalid range [2, 1) for a text of length 3; need 0 <= from <= to <= length",
      );
      expect(() => replaceOp(3, 0, 4, "")).toThrow(OperationError);
      expect(() => replaceOp(3, -1, 1, "")).toThrow(OperationError);
      expect(() => replaceOp(3, 0.5, 1, "")).toThrow(OperationError);
    });
  });
});
