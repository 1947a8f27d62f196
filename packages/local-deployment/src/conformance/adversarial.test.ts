/**
 * Conformance under hostile or broken peers (issue: what an adversarial run found): messages
 * before Connect, values nested past Convex's limit, refused request bodies on keep-alive
 * connections, sockets that stop reading, silent peers, and a restart's readiness window.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDeployment } from "../deployment.js";
import { MAX_NESTING } from "../values/nesting.js";
import { ADMIN_KEY } from "../test-support/deployment.js";
import { api, RawSocket, startFixture, waitFor, wireArgs, type Fixture } from "./helpers.js";

/** JSON text of `[{value: <depth arrays around 1>}]`, built without recursion. */
function nestedArgsText(depth: number): string {
  return `[{"value":${"[".repeat(depth)}1${"]".repeat(depth)}}]`;
}

/** Sessions the deployment is serving (its WebSocket server's open clients). */
function openSockets(dep: LocalDeployment): number {
  return (dep as unknown as { sync: { wss: { clients: Set<unknown> } } }).sync.wss.clients.size;
}

describe("with default limits", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("refuses any message before Connect as a protocol error, and runs nothing", async () => {
    const name = "before-connect";
    for (const frame of [
      { type: "Mutation", requestId: 0, udfPath: "counters:increment", args: wireArgs({ name }) },
      { type: "Action", requestId: 0, udfPath: "actions:incrementAndRead", args: wireArgs({}) },
      { type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] },
      { type: "Authenticate", tokenType: "None", baseVersion: 0 },
    ]) {
      const socket = await RawSocket.open(fx.dep.cloudUrl);
      socket.send(frame);
      const fatal = await socket.next(
        (m) => m.type === "FatalError",
        `FatalError for ${frame.type}`,
      );
      expect(fatal.error).toMatch(/before Connect/);
      await socket.waitClosed();
      expect(socket.messages.some((m) => m.type === "MutationResponse")).toBe(false);
    }
    expect(await fx.http().query(api.counters.get, { name })).toBe(null);
  });

  it("fails a query whose args nest past the limit and keeps the version chain exact", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    const add = (version: number, queryId: number, argsText: string) =>
      socket.send(
        `{"type":"ModifyQuerySet","baseVersion":${version - 1},"newVersion":${version},` +
          `"modifications":[{"type":"Add","queryId":${queryId},"udfPath":"validated:roundTrip","args":${argsText}}]}`,
      );
    add(1, 1, nestedArgsText(200_000));
    const failed = await socket.queryResult(1);
    expect(failed).toMatchObject({ type: "QueryFailed" });
    expect(failed.errorMessage).toMatch(/Value is too nested .*maximum nesting 64/);
    // One level over the limit fails; the limit itself is accepted (the args object is a level).
    add(2, 2, nestedArgsText(MAX_NESTING));
    expect((await socket.queryResult(2)).errorMessage).toMatch(/nested 65 levels deep/);
    add(3, 3, nestedArgsText(MAX_NESTING - 1));
    expect(await socket.queryResult(3)).toMatchObject({ type: "QueryUpdated" });
    const versions = socket
      .transitions()
      .map((t) => [t.startVersion.querySet, t.endVersion.querySet]);
    expect(versions).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(socket.messages.some((m) => m.type === "FatalError")).toBe(false);
    socket.close();
  });

  it("fails a mutation or an HTTP call whose args nest past the limit", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send(
      `{"type":"Mutation","requestId":0,"udfPath":"data:insertPerson","args":[{"doc":${"[".repeat(100_000)}${"]".repeat(100_000)}}]}`,
    );
    const response = await socket.next((m) => m.type === "MutationResponse");
    expect(response).toMatchObject({ success: false });
    expect(response.result).toMatch(/Value is too nested/);
    socket.close();

    const res = await fetch(`${fx.dep.cloudUrl}/api/query`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: `{"path":"validated:roundTrip","format":"json","args":${nestedArgsText(100_000)}}`,
    });
    const body = (await res.json()) as { status: string; errorMessage: string };
    expect(body.status).toBe("error");
    expect(body.errorMessage).toMatch(/Value is too nested/);
  });

  it("closes a keep-alive connection whose request body it refused, so the next request is answered", async () => {
    const url = new URL(fx.dep.cloudUrl);
    const socket = net.connect(Number(url.port), url.hostname);
    let received = "";
    let ended = false;
    socket.on("data", (d: Buffer) => (received += d.toString()));
    socket.on("end", () => (ended = true));
    socket.on("error", () => (ended = true));
    const size = 17 * 1024 * 1024;
    socket.write(
      `POST /api/mutation HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 0x20));
    await waitFor(() => ended, "the server to end the connection");
    expect(received).toMatch(/^HTTP\/1\.1 413/);
    expect(received.toLowerCase()).toContain("connection: close");
    socket.destroy();
    // The next request (on a new connection) is answered.
    expect(await fx.http().query(api.counters.get, { name: "after-413" })).toBe(null);
  });
});

describe("a restart", () => {
  it("answers nothing until the data dir's functions are loaded, and keeps one copy of them", async () => {
    const fx = await startFixture();
    const port = Number(new URL(fx.dep.cloudUrl).port);
    await fx.close({ keepData: true });
    const restarting = LocalDeployment.start({
      port,
      sitePort: 0,
      adminKey: ADMIN_KEY,
      dataDir: fx.dataDir,
    });
    let started: LocalDeployment | null = null;
    void restarting.then((d) => (started = d));
    // Poll from before the port opens: every answer must be the function's, never "not found".
    const answers: string[] = [];
    while (started === null || answers.length < 3) {
      try {
        const res = await fetch(`${fx.dep.cloudUrl}/api/query`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ path: "counters:get", format: "json", args: { name: "ready" } }),
        });
        answers.push(((await res.json()) as { status: string }).status);
      } catch {
        // Not listening yet.
      }
    }
    const restarted = await restarting;
    try {
      expect(new Set(answers)).toEqual(new Set(["success"]));
      expect(fs.readdirSync(path.join(fx.dataDir, "modules"))).toHaveLength(1);
    } finally {
      await restarted.close();
      fs.rmSync(fx.dataDir, { recursive: true, force: true });
    }
  });
});

describe("a socket that stops reading", () => {
  let fx: Fixture;
  const limit = 1024 * 1024;
  beforeAll(async () => {
    fx = await startFixture({ sync: { sendBufferLimitBytes: limit } });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("is closed once its send buffer passes the limit; other sockets keep their updates", async () => {
    const bystander = fx.client();
    const sizes: number[][] = [];
    bystander.onUpdate(api.data.blobSizes, {}, (v) => sizes.push(v as number[]));
    await waitFor(() => sizes.length > 0, "the bystander's first result");
    const baseline = openSockets(fx.dep);

    const slow = await RawSocket.connect(fx.dep.cloudUrl);
    slow.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 1, udfPath: "data:latestBlob", args: [{}] }],
    });
    await slow.queryResult(1);
    expect(openSockets(fx.dep)).toBe(baseline + 1);
    (slow.ws as unknown as { _socket: net.Socket })._socket.pause();

    // 512 KiB results until the server gives up on the socket (bounded: 200 inserts, 100 MiB).
    let inserts = 0;
    while (openSockets(fx.dep) > baseline && inserts < 200) {
      await fx.http().mutation(api.data.insertBlob, { size: 512 * 1024 });
      inserts++;
    }
    await waitFor(() => openSockets(fx.dep) === baseline, "the slow socket to be closed");
    await waitFor(() => sizes.at(-1)?.length === inserts, "the bystander's latest result");
    slow.close();
  });
});

describe("heartbeats", () => {
  let fx: Fixture;
  beforeAll(async () => {
    // A timeout well above event-loop stalls on a loaded CI machine (the pinging peer shares this process).
    fx = await startFixture({ sync: { heartbeatIntervalMs: 100, heartbeatTimeoutMs: 3_000 } });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("drops a peer that answers no ping and keeps one that does", async () => {
    const silent = await RawSocket.connect(fx.dep.cloudUrl, undefined, {});
    const mute = await RawSocket.open(fx.dep.cloudUrl, { autoPong: false });
    mute.send({
      type: "Connect",
      sessionId: crypto.randomUUID(),
      connectionCount: 0,
      lastCloseReason: "InitialConnect",
      clientTs: Date.now(),
    });
    await mute.waitClosed();
    // The peer that pongs (ws does by default) outlived the timeout and is still served.
    expect(silent.closed).toBe(false);
    silent.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    await silent.next((m) => m.type === "Transition");
    silent.close();
  });
});
