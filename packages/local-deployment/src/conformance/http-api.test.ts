/**
 * Conformance: the HTTP function API (convex-protocol.md §b), errors and validation (a.7, c.8),
 * visibility and admin auth, driven by the real `ConvexHttpClient` and `ConvexClient`.
 */
import { ConvexHttpClient } from "convex/browser";
import { ConvexError, convexToJson, type Value } from "convex/values";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_KEY } from "../test-support/deployment.js";
import { api, setAdminAuth, startFixture, type Fixture } from "./helpers.js";

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterEach(async () => {
  await fx.closeClients();
});

afterAll(async () => {
  await fx?.close();
});

async function post(
  path: string,
  body: string | object,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${fx.dep.cloudUrl}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The error a call fails with (a thunk, so no rejection goes unhandled while others run). */
async function rejection(call: Promise<unknown> | (() => Promise<unknown>)): Promise<Error> {
  try {
    await (typeof call === "function" ? call() : call);
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("ConvexHttpClient", () => {
  it("runs queries, mutations and actions", async () => {
    const http = fx.http();
    expect(await http.query(api.counters.get, { name: "http-basic" })).toBeNull();
    expect(await http.mutation(api.counters.increment, { name: "http-basic", by: 2 })).toBe(2);
    expect(await http.query(api.counters.get, { name: "http-basic" })).toBe(2);
    expect(await http.action(api.actions.incrementAndRead, { name: "http-basic" })).toEqual({
      written: 3,
      read: 3,
    });
  });

  it("round-trips values of every type through args and results, over HTTP and WebSocket", async () => {
    const value: Value = {
      int: 123456789012345678n,
      negInt: -1n,
      float: 1.5,
      negZero: -0,
      nan: NaN,
      inf: -Infinity,
      bool: false,
      nil: null,
      str: "héllo 😀",
      bytes: new Uint8Array([0, 1, 254, 255]).buffer,
      arr: [1n, "two", [3]],
      obj: { nested: { deep: true } },
    };
    const viaHttp = (await fx.http().query(api.validated.roundTrip, { value })) as { value: Value };
    const viaWs = (await fx.client().query(api.validated.roundTrip, { value })) as { value: Value };
    for (const result of [viaHttp, viaWs]) {
      expect(convexToJson(result.value)).toEqual(convexToJson(value));
      expect(Object.is((result.value as { negZero: number }).negZero, -0)).toBe(true);
    }
  });

  it("sees a consistent snapshot with query_ts / query_at_ts", async () => {
    const http = fx.http();
    await http.mutation(api.counters.increment, { name: "snapshot" });
    const { ts } = (await (await post("/api/query_ts", "")).json()) as { ts: string };
    await http.mutation(api.counters.increment, { name: "snapshot" });
    const old = await post("/api/query_at_ts", {
      path: "counters:get",
      args: [{ name: "snapshot" }],
      format: "convex_encoded_json",
      ts,
    });
    expect(await old.json()).toMatchObject({ status: "success", value: 1 });
    expect(await http.query(api.counters.get, { name: "snapshot" })).toBe(2);
  });
});

describe("errors", () => {
  const data = { code: "E_TEST", n: 5n, nested: { list: [1, "x", null] } };

  it("carries ConvexError data over WebSocket for queries, mutations and actions", async () => {
    const client = fx.client();
    const before = await client.query(api.others.count, {});
    for (const call of [
      () => client.query(api.errors.queryConvexError, { data }),
      () => client.mutation(api.errors.mutationConvexError, { data }),
      () => client.action(api.errors.actionConvexError, { data }),
    ]) {
      const e = await rejection(call);
      expect(e).toBeInstanceOf(ConvexError);
      expect((e as ConvexError<Value>).data).toEqual(data);
    }
    // The mutation's insert was rolled back with it.
    expect(await client.query(api.others.count, {})).toBe(before);
  });

  it("carries ConvexError data over HTTP, including string data", async () => {
    const http = fx.http();
    for (const call of [
      () => http.query(api.errors.queryConvexError, { data }),
      () => http.mutation(api.errors.mutationConvexError, { data }),
      () => http.action(api.errors.actionConvexError, { data }),
    ]) {
      const e = await rejection(call);
      expect(e).toBeInstanceOf(ConvexError);
      expect((e as ConvexError<Value>).data).toEqual(data);
    }
    const e = await rejection(http.query(api.errors.queryConvexError, { data: "just a string" }));
    expect((e as ConvexError<Value>).data).toBe("just a string");
  });

  it("reports plain errors with their message and no data", async () => {
    for (const call of [
      () => fx.http().query(api.errors.plainError, {}),
      () => fx.client().query(api.errors.plainError, {}),
    ]) {
      const e = await rejection(call);
      expect(e).not.toBeInstanceOf(ConvexError);
      expect(e.message).toContain("plain failure");
    }
  });
});

describe("validation", () => {
  it("rejects bad arguments with ArgumentValidationError over HTTP and WebSocket", async () => {
    const cases: [Record<string, Value>, RegExp][] = [
      [{ s: 1, n: 2 }, /Value does not match validator/],
      [{ s: "a" }, /missing the required field `n`/],
      [{ s: "a", n: 1, extra: true }, /extra field `extra`/],
      [{ s: "a", n: 1n }, /Value does not match validator/],
      [{ s: "a", n: 1, tags: ["x", 2] }, /Value does not match validator/],
    ];
    for (const [args, detail] of cases) {
      for (const call of [
        () => fx.http().query(api.validated.echo, args),
        () => fx.client().query(api.validated.echo, args),
      ]) {
        const e = await rejection(call);
        expect(e).not.toBeInstanceOf(ConvexError);
        expect(e.message).toContain("ArgumentValidationError");
        expect(e.message).toMatch(detail);
      }
    }
    expect(await fx.http().query(api.validated.echo, { s: "a", n: 1, tags: ["x"] })).toEqual({
      s: "a",
      n: 1,
      tagCount: 1,
    });
  });

  it("checks v.id() arguments against the table", async () => {
    const http = fx.http();
    const messageId = await http.mutation(api.messages.send, { channel: "ids", n: 1, body: "b" });
    const e = await rejection(http.mutation(api.validated.echoMutation, { id: messageId }));
    expect(e.message).toContain("ArgumentValidationError");
    const e2 = await rejection(http.mutation(api.validated.echoMutation, { id: "not-an-id" }));
    expect(e2.message).toContain("ArgumentValidationError");
  });

  it("rejects results that break the returns validator, rolling back a mutation", async () => {
    const http = fx.http();
    const before = await http.query(api.others.count, {});
    for (const call of [
      () => http.query(api.validated.badReturn, {}),
      () => fx.client().query(api.validated.badReturn, {}),
    ]) {
      expect((await rejection(call)).message).toContain("ReturnsValidationError");
    }
    expect((await rejection(http.mutation(api.validated.badReturnMutation, {}))).message).toContain(
      "ReturnsValidationError",
    );
    expect(await http.query(api.others.count, {})).toBe(before);
  });

  it("refuses to run a function as the wrong kind", async () => {
    const e = await rejection(fx.http().query(api.counters.increment, { name: "kind" }));
    expect(e.message).toMatch(/mutation/);
    expect(await fx.http().query(api.counters.get, { name: "kind" })).toBeNull();
  });
});

describe("visibility and admin auth", () => {
  it("refuses internal and missing functions to the public, over HTTP and WebSocket", async () => {
    const calls = [
      () => fx.http().query(api.internal.secret, {}),
      () => fx.http().mutation(api.internal.bumpCounter, { name: "internal" }),
      () => fx.client().query(api.internal.secret, {}),
      () => fx.client().mutation(api.internal.bumpCounter, { name: "internal" }),
      () => fx.http().query(api.nope.missing, {}),
    ];
    for (const call of calls)
      expect((await rejection(call)).message).toContain("Could not find public function");
    expect(await fx.http().query(api.counters.get, { name: "internal" })).toBeNull();
  });

  it("lets admin auth call internal functions over HTTP and WebSocket", async () => {
    const http = new ConvexHttpClient(fx.dep.cloudUrl);
    setAdminAuth(http, ADMIN_KEY);
    expect(await http.query(api.internal.secret, {})).toBe("the secret");
    expect(await http.mutation(api.internal.bumpCounter, { name: "admin" })).toBe(1);

    const client = fx.client();
    setAdminAuth(client, ADMIN_KEY);
    expect(await client.query(api.internal.secret, {})).toBe("the secret");
    expect(await client.mutation(api.internal.bumpCounter, { name: "admin" })).toBe(2);
  });

  it("rejects a wrong admin key", async () => {
    const http = new ConvexHttpClient(fx.dep.cloudUrl);
    setAdminAuth(http, "wrong-key");
    await expect(http.query(api.internal.secret, {})).rejects.toThrow();
    const res = await post(
      "/api/query",
      { path: "internal:secret", args: {} },
      { Authorization: "Convex wrong-key" },
    );
    expect(res.status).toBe(401);
  });
});

describe("raw HTTP endpoints", () => {
  it("answers CORS preflights by mirroring origin and requested headers", async () => {
    const origin = "http://localhost:5173";
    const res = await fetch(`${fx.dep.cloudUrl}/api/query`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,convex-client,authorization",
      },
    });
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-allow-headers")).toMatch(/convex-client/);
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
    const actual = await post(
      "/api/query",
      { path: "counters:get", args: [{ name: "cors" }], format: "convex_encoded_json" },
      { Origin: origin },
    );
    expect(actual.headers.get("access-control-allow-origin")).toBe(origin);
    expect(await actual.json()).toEqual({ status: "success", value: null });
  });

  it("serves /api/run/<module>/<function> with clean JSON by default", async () => {
    const res = await post("/api/run/counters/increment", { args: { name: "run", by: 3 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "success", value: 3 });
    const query = await post("/api/run/counters/get", { args: { name: "run" } });
    expect(await query.json()).toEqual({ status: "success", value: 3 });
    const failure = await post("/api/run/errors/plainError", { args: {} });
    expect(await failure.json()).toMatchObject({
      status: "error",
      errorMessage: expect.stringContaining("plain failure"),
    });
    const internal = await post("/api/run/internal/secret", { args: {} });
    expect(await internal.json()).toMatchObject({
      status: "error",
      errorMessage: expect.stringContaining("Could not find public function"),
    });
  });

  it("serves /api/function with bare object args (convex run)", async () => {
    const res = await post(
      "/api/function",
      { path: "internal:secret", args: {}, format: "convex_encoded_json" },
      { Authorization: `Convex ${ADMIN_KEY}` },
    );
    expect(await res.json()).toEqual({ status: "success", value: "the secret" });
    const mutation = await post("/api/function", {
      path: "counters:increment",
      args: { name: "fn" },
      format: "convex_encoded_json",
    });
    expect(await mutation.json()).toEqual({ status: "success", value: 1 });
  });

  it("accepts args as a bare object on /api/query and canonicalizes udf paths", async () => {
    await fx.http().mutation(api.counters.increment, { name: "canon" });
    for (const path of ["counters:get", "counters.js:get"]) {
      const res = await post("/api/query", {
        path,
        args: { name: "canon" },
        format: "convex_encoded_json",
      });
      expect(await res.json()).toEqual({ status: "success", value: 1 });
    }
  });

  it("answers 400 for bad JSON and bodies that are not function calls", async () => {
    for (const body of [
      "{not json",
      "[1,2]",
      JSON.stringify({ args: {} }),
      JSON.stringify({ path: "counters:get", args: [{}, {}] }),
    ]) {
      const res = await post("/api/query", body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
      });
    }
    const res = await post("/api/mutation", "{oops");
    expect(res.status).toBe(400);
  });
});
