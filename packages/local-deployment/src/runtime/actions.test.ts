/**
 * Actions end to end with the real clients and CLI (project test/projects/actions): actions
 * composing mutations and queries, errors and ConvexError data over WebSocket and HTTP, `fetch`
 * allowed in actions only, and `process.env` from `npx convex env set`, kept across a restart.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexError, type Value } from "convex/values";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { push, runConvexCli, startDeployment, tempDataDir } from "../test-support/deployment.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/actions", import.meta.url));

let dataDir: string;
let dep: LocalDeployment;
let client: ConvexClient;
let httpClient: ConvexHttpClient;
/** A plain HTTP server on 127.0.0.1 for actions to fetch. */
let upstream: http.Server;
let upstreamUrl: string;
const upstreamRequests: { method: string; body: string }[] = [];

beforeAll(async () => {
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  await push(dep, PROJECT);
  client = new ConvexClient(dep.cloudUrl);
  httpClient = new ConvexHttpClient(dep.cloudUrl);
  upstream = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      upstreamRequests.push({ method: req.method ?? "", body });
      res.writeHead(202, { "x-test": "upstream" }).end(`got ${body}`);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await client?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fn = (name: string) => `notes:${name}` as never;

/** The ConvexError a promise rejects with (fails the test if it resolves or throws anything else). */
async function convexErrorOf(promise: Promise<unknown>): Promise<ConvexError<Value>> {
  const error = await promise.then(
    () => {
      throw new Error("expected a ConvexError, but the call succeeded");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConvexError);
  return error as ConvexError<Value>;
}

describe("actions", () => {
  it("runs a mutation then a query whose result includes the write", async () => {
    const out = (await client.action(fn("addThenList"), { text: "first" } as never)) as {
      id: string;
      texts: string[];
    };
    expect(out.texts).toContain("first");
    const again = (await httpClient.action(fn("addThenList"), { text: "second" } as never)) as {
      id: string;
      texts: string[];
    };
    expect(again.texts).toEqual(expect.arrayContaining(["first", "second"]));
    expect(again.id).not.toBe(out.id);
    // The writes were committed by the action's mutations, not just seen inside the action.
    expect(await httpClient.query(fn("list"), {} as never)).toEqual(
      expect.arrayContaining(["first", "second"]),
    );
  });

  it("reports a thrown Error to the client over WebSocket and HTTP", async () => {
    await expect(client.action(fn("fail"), {} as never)).rejects.toThrow(
      "action failed on purpose",
    );
    await expect(httpClient.action(fn("fail"), {} as never)).rejects.toThrow(
      "action failed on purpose",
    );
    // A plain Error is not a ConvexError on the client.
    const ws = await client.action(fn("fail"), {} as never).catch((e: unknown) => e);
    expect(ws).not.toBeInstanceOf(ConvexError);
  });

  it("delivers ConvexError data over WebSocket and HTTP", async () => {
    expect((await convexErrorOf(client.action(fn("failWithData"), {} as never))).data).toEqual({
      code: "E_ACTION",
      detail: 42,
    });
    expect((await convexErrorOf(httpClient.action(fn("failWithData"), {} as never))).data).toEqual({
      code: "E_ACTION",
      detail: 42,
    });
  });

  it("logs console.time / timeLog / timeEnd as Convex does: whole milliseconds, warnings", async () => {
    const res = await fetch(`${dep.cloudUrl}/api/action`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "notes:timed", args: {}, format: "json" }),
    });
    const { logLines } = (await res.json()) as { logLines: string[] };
    expect(logLines).toHaveLength(5);
    expect(logLines[0]).toMatch(/^\[LOG\] 'default: \d+ms' 'extra'$/);
    expect(logLines[1]).toMatch(/^\[LOG\] 'default: \d+ms'$/);
    expect(logLines[2]).toBe(`[WARN] "Timer 't' already exists"`);
    expect(logLines[3]).toMatch(/^\[LOG\] 't: \d+ms'$/);
    expect(logLines[4]).toBe(`[WARN] "Timer 'never' does not exist"`);
  });

  it("passes a mutation's ConvexError through ctx.runMutation", async () => {
    expect(
      (await convexErrorOf(client.action(fn("callFailingMutation"), {} as never))).data,
    ).toEqual({ code: "E_MUTATION" });
    expect(
      (await convexErrorOf(httpClient.action(fn("callFailingMutation"), {} as never))).data,
    ).toEqual({ code: "E_MUTATION" });
    // As Convex's own integration tests expect (custom_errors.test.ts): the mutation's error text
    // with its stack frame, wrapped once more by the action that did not catch it, with the
    // action's frame; all under the request id.
    const raw = await fetch(`${dep.cloudUrl}/api/action`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        path: "notes:callFailingMutation",
        args: {},
        format: "convex_encoded_json",
      }),
    });
    const body = (await raw.json()) as { status: string; errorMessage: string; errorData: unknown };
    expect(body).toMatchObject({ status: "error", errorData: { code: "E_MUTATION" } });
    expect(body.errorMessage).toMatch(
      new RegExp(
        '^\\[Request ID: [0-9a-f]{16}\\] Server Error\nUncaught ConvexError: Uncaught ConvexError: \\{"code":"E_MUTATION"\\}\n' +
          "    at .+ \\(\\.\\./convex/notes\\.ts:\\d+:\\d+\\)\n\n" +
          "    at async .+ \\(\\.\\./convex/notes\\.ts:\\d+:\\d+\\)\n$",
      ),
    );
  });
});

describe("fetch", () => {
  it("works in actions", async () => {
    const before = upstreamRequests.length;
    const out = await client.action(fn("fetchText"), { url: upstreamUrl } as never);
    expect(out).toEqual({ status: 202, text: "got ping", header: "upstream" });
    expect(upstreamRequests.slice(before)).toEqual([{ method: "POST", body: "ping" }]);
  });

  it("fails in queries and mutations with Convex's message, without reaching the network", async () => {
    const before = upstreamRequests.length;
    const message = "Can't use fetch() in queries and mutations. Please consider using an action.";
    await expect(client.query(fn("fetchInQuery"), { url: upstreamUrl } as never)).rejects.toThrow(
      message,
    );
    await expect(
      httpClient.query(fn("fetchInQuery"), { url: upstreamUrl } as never),
    ).rejects.toThrow(message);
    await expect(
      client.mutation(fn("fetchInMutation"), { url: upstreamUrl } as never),
    ).rejects.toThrow(message);
    expect(upstreamRequests.length).toBe(before);
  });
});

describe("environment variables", () => {
  it("shows a variable set with `convex env set` in queries and actions, also after a restart", async () => {
    expect(await httpClient.query(fn("greetingQuery"), {} as never)).toBeNull();
    const set = await runConvexCli(dep, ["env", "set", "GREETING", "hi"], PROJECT);
    expect(set.code, `${set.stdout}\n${set.stderr}`).toBe(0);
    expect(await httpClient.query(fn("greetingQuery"), {} as never)).toBe("hi");
    expect(await client.action(fn("greetingAction"), {} as never)).toEqual({
      greeting: "hi",
      cloudUrl: dep.cloudUrl,
    });
    // The host's own environment is not what functions see.
    expect(process.env.GREETING).toBeUndefined();

    await client.close();
    await dep.close();
    dep = await startDeployment({ dataDir });
    client = new ConvexClient(dep.cloudUrl);
    httpClient = new ConvexHttpClient(dep.cloudUrl);
    expect(await httpClient.query(fn("greetingQuery"), {} as never)).toBe("hi");
    // CONVEX_CLOUD_URL follows the new port; GREETING is still there.
    expect(await client.action(fn("greetingAction"), {} as never)).toEqual({
      greeting: "hi",
      cloudUrl: dep.cloudUrl,
    });
    const list = await runConvexCli(dep, ["env", "list"], PROJECT);
    expect(list.stdout).toContain("GREETING=hi");
  });
});
