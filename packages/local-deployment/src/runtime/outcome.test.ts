import { describe, expect, it } from "vitest";
import { clientErrorMessage, toFailure } from "./outcome.js";
import { SyscallError } from "./host.js";

describe("clientErrorMessage", () => {
  it("names the request with 16 hex characters, the same for the same parts", () => {
    const a = clientErrorMessage("Uncaught Error: x", "session", 7);
    expect(a).toMatch(/^\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: x$/);
    expect(clientErrorMessage("Uncaught Error: x", "session", 7)).toBe(a);
    expect(clientErrorMessage("Uncaught Error: x", "session", 8)).not.toBe(a);
    expect(clientErrorMessage("m")).not.toBe(clientErrorMessage("m"));
  });
});

describe("toFailure", () => {
  it("wraps an error again when it came out of a nested call", () => {
    const inner = toFailure(new Error("kaboom"), []);
    const outer = toFailure(new Error(inner.ok ? "" : inner.message), []);
    expect(outer).toMatchObject({ ok: false, message: "Uncaught Error: Uncaught Error: kaboom" });
  });

  it("keeps a ConvexError subclass's name and data", () => {
    class FooError extends Error {
      data = JSON.stringify({ code: 1 });
      [Symbol.for("ConvexError")] = true;
    }
    const e = new FooError('{"code":1}');
    e.name = "FooError";
    expect(toFailure(e, [])).toMatchObject({
      message: 'Uncaught FooError: {"code":1}',
      data: { code: 1 },
    });
  });

  it("passes a nested call's failure from the runner through unchanged", () => {
    expect(toFailure(new SyscallError("Uncaught Error: inner", { a: 1 }), [])).toMatchObject({
      message: "Uncaught Error: inner",
      data: { a: 1 },
    });
  });
});
