/**
 * Conformance: the WebSocket sync protocol (convex-protocol.md §a), driven by the real
 * `ConvexClient` and, where the client hides the wire, by a raw protocol socket.
 */
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  api,
  decodeWireTs,
  RawSocket,
  Recorder,
  startFixture,
  waitFor,
  wireArgs,
  ZERO_TS,
  type Fixture,
  type Json,
} from "./helpers.js";

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

/** Checks that every Transition's startVersion is the previous endVersion, from {0,0,0}. */
function expectChained(transitions: Json[]): void {
  let previous: Json = { querySet: 0, identity: 0, ts: ZERO_TS };
  for (const t of transitions) {
    expect(t.startVersion).toEqual(previous);
    expect(decodeWireTs(t.endVersion.ts)).toBeGreaterThanOrEqual(decodeWireTs(t.startVersion.ts));
    expect(t.endVersion.querySet).toBeGreaterThanOrEqual(t.startVersion.querySet);
    previous = t.endVersion;
  }
}

describe("subscriptions", () => {
  it("delivers the initial result and every update through onUpdate", async () => {
    const client = fx.client();
    const rec = new Recorder<number | null>();
    const unsubscribe = client.onUpdate(
      api.counters.get,
      { name: "sub-basic" },
      rec.onValue,
      rec.onError,
    );
    await rec.until((v) => v === null, "the initial null result");
    await fx.http().mutation(api.counters.increment, { name: "sub-basic" });
    await rec.until((v) => v === 1);
    await fx.http().mutation(api.counters.increment, { name: "sub-basic", by: 5 });
    await rec.until((v) => v === 6);
    expect(rec.values).toEqual([null, 1, 6]);
    expect(rec.errors).toEqual([]);
    unsubscribe();
  });

  it("sends nothing to a subscription when a write misses its read set", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [
        {
          type: "Add",
          queryId: 0,
          udfPath: "counters:getWithNonce",
          args: wireArgs({ name: "rs-watched" }),
        },
      ],
    });
    const initial = await socket.queryResult(0);
    expect(initial.value.value).toBeNull();
    const before = socket.transitions().length;

    // Another table, and the same table and index outside the watched range.
    const http = fx.http();
    await http.mutation(api.others.insert, { x: 1 });
    await http.mutation(api.counters.increment, { name: "rs-other" });
    await http.mutation(api.counters.increment, { name: "rs-watched-not" });
    // A write inside the read set: the only Transition this socket gets.
    await http.mutation(api.counters.increment, { name: "rs-watched" });
    const updated = await socket.queryResult(0);
    expect(updated.value.value).toBe(1);
    expect(socket.transitions().length).toBe(before + 1);
    expectChained(socket.transitions());
    socket.close();
  });

  it("does not call onUpdate for writes outside the query's read set (real client)", async () => {
    const client = fx.client();
    const watched = new Recorder<Json>();
    const other = new Recorder<number>();
    client.onUpdate(api.counters.getWithNonce, { name: "rs2-watched" }, watched.onValue);
    client.onUpdate(api.others.count, {}, other.onValue);
    await watched.until((v) => v.value === null);
    const start = await other.until((v) => typeof v === "number");
    await fx.http().mutation(api.others.insert, { x: 2 });
    await other.until((v) => v === start + 1, "the others count to move");
    await fx.http().mutation(api.counters.increment, { name: "rs2-watched" });
    await watched.until((v) => v.value === 1);
    expect(watched.values.map((v) => v.value)).toEqual([null, 1]);
  });
});

describe("read your writes", () => {
  it("reflects an awaited mutation in query() and in the local subscription value at once", async () => {
    const client = fx.client();
    const sub = client.onUpdate(api.counters.get, { name: "ryw" }, () => {});
    await waitFor(() => sub.getCurrentValue() === null, "the subscription's first result");
    for (let i = 1; i <= 5; i++) {
      const result = await client.mutation(api.counters.increment, { name: "ryw" });
      expect(result).toBe(i);
      expect(sub.getCurrentValue()).toBe(i);
      expect(await client.query(api.counters.get, { name: "ryw" })).toBe(i);
    }
  });

  it("sends a ts-advancing Transition after each MutationResponse, even with no subscriptions", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    await socket.next((m) => m.type === "Transition");
    socket.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "counters:increment",
      args: wireArgs({ name: "ryw-raw" }),
    });
    const response = await socket.next((m) => m.type === "MutationResponse");
    expect(response).toMatchObject({ requestId: 0, success: true, result: 1, logLines: [] });
    const ts = decodeWireTs(response.ts as string);
    await socket.next(
      (m) => m.type === "Transition" && decodeWireTs(m.endVersion.ts) >= ts,
      "a Transition reaching the commit ts",
    );
    expectChained(socket.transitions());
    socket.close();
  });
});

describe("mutation idempotence across reconnects", () => {
  it("applies a mutation re-sent on a new socket of the same session exactly once", async () => {
    const name = "dedupe-raw";
    const sessionId = crypto.randomUUID();
    const mutation = {
      type: "Mutation",
      requestId: 0,
      udfPath: "counters:slowIncrement",
      args: wireArgs({ name, delayMs: 100 }),
    };

    const first = await RawSocket.connect(fx.dep.cloudUrl, sessionId);
    first.send(mutation);
    first.close(); // before any response
    await first.waitClosed();
    expect(first.messages.filter((m) => m.type === "MutationResponse")).toEqual([]);

    const second = await RawSocket.connect(fx.dep.cloudUrl, sessionId, {
      connectionCount: 1,
      lastCloseReason: null,
    });
    second.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    second.send(mutation);
    const response = await second.next((m) => m.type === "MutationResponse" && m.requestId === 0);
    expect(response).toMatchObject({ success: true, result: 1 });
    expect(await fx.http().query(api.counters.get, { name })).toBe(1);

    // A new request id applies; re-sending the old one again still returns the original outcome.
    second.send({ ...mutation, requestId: 1, args: wireArgs({ name, delayMs: 0 }) });
    expect(
      await second.next((m) => m.type === "MutationResponse" && m.requestId === 1),
    ).toMatchObject({ result: 2 });
    second.send(mutation);
    const again = await second.next((m) => m.type === "MutationResponse" && m.requestId === 0);
    expect(again).toMatchObject({ success: true, result: 1, ts: response.ts });
    expect(await fx.http().query(api.counters.get, { name })).toBe(2);
    second.close();

    // Dedupe is per session: another session's request 0 is a different mutation.
    const other = await RawSocket.connect(fx.dep.cloudUrl);
    other.send(mutation);
    expect(await other.next((m) => m.type === "MutationResponse")).toMatchObject({
      success: true,
      result: 3,
    });
    other.close();
  });

  it("resolves a real client's mutation once when its socket dies mid-mutation", async () => {
    const name = "dedupe-client";
    const client = fx.client();
    await client.query(api.counters.get, { name }); // connected
    const runner = fx.dep.runner;
    const original = runner.runMutation.bind(runner);
    let started!: () => void;
    const startedP = new Promise<void>((resolve) => (started = resolve));
    const spy = vi.spyOn(runner, "runMutation").mockImplementation((...args) => {
      if (JSON.stringify(args[1]).includes(name)) started();
      return original(...args);
    });
    try {
      const pending = client.mutation(api.counters.slowIncrement, { name, delayMs: 150 });
      await startedP;
      // Kill the server side of every sync socket while the mutation runs.
      const sync = (fx.dep as unknown as { sync: { wss: { clients: Set<{ terminate(): void }> } } })
        .sync;
      for (const ws of sync.wss.clients) ws.terminate();
      expect(await pending).toBe(1);
      await waitFor(
        () => spy.mock.calls.filter((c) => JSON.stringify(c[1]).includes(name)).length >= 2,
        "the re-sent mutation",
      );
    } finally {
      spy.mockRestore();
    }
    expect(await client.query(api.counters.get, { name })).toBe(1);
    expect(await fx.http().query(api.counters.get, { name })).toBe(1);
  });
});

describe("protocol errors", () => {
  async function expectFatal(frames: (string | Json | Buffer)[], pattern: RegExp): Promise<void> {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    for (const frame of frames) {
      if (Buffer.isBuffer(frame)) socket.ws.send(frame, { binary: true });
      else socket.send(frame);
    }
    const fatal = await socket.next((m) => m.type === "FatalError", "a FatalError");
    expect(fatal.error).toMatch(pattern);
    await socket.waitClosed();
  }

  it("answers malformed frames, unknown types and bad versions with FatalError on that socket only", async () => {
    const client = fx.client();
    const rec = new Recorder<number | null>();
    client.onUpdate(api.counters.get, { name: "fatal-bystander" }, rec.onValue);
    await rec.until((v) => v === null);

    await expectFatal(["{not json"], /json/i);
    await expectFatal([{ type: "Bogus" }], /unknown message type/i);
    await expectFatal([Buffer.from([1, 2, 3])], /binary/i);
    await expectFatal(
      [{ type: "Mutation", requestId: 0, udfPath: "counters:increment", args: { name: "x" } }],
      /args/i,
    );
    await expectFatal(
      [{ type: "ModifyQuerySet", baseVersion: 5, newVersion: 6, modifications: [] }],
      /baseVersion/i,
    );
    await expectFatal(
      [
        { type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] },
        { type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] },
      ],
      /baseVersion/i,
    );
    await expectFatal(
      [{ type: "Authenticate", tokenType: "None", baseVersion: 3 }],
      /baseVersion/i,
    );

    // The bystander client still works, over the same deployment.
    expect(await client.mutation(api.counters.increment, { name: "fatal-bystander" })).toBe(1);
    await rec.until((v) => v === 1);
  });

  it("ignores Event messages", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({ type: "Event", eventType: "ClientConnect", event: { anything: true } });
    socket.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    await socket.next((m) => m.type === "Transition");
    expect(socket.messages.some((m) => m.type === "FatalError")).toBe(false);
    socket.close();
  });
});

describe("versions", () => {
  it("chains every Transition from the previous endVersion across query set, identity and ts changes", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    const add = (version: number, queryId: number, name: string) =>
      socket.send({
        type: "ModifyQuerySet",
        baseVersion: version - 1,
        newVersion: version,
        modifications: [
          { type: "Add", queryId, udfPath: "counters:get", args: wireArgs({ name }) },
        ],
      });
    add(1, 0, "chain-a");
    add(2, 1, "chain-b");
    await socket.queryResult(1);
    socket.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "counters:increment",
      args: wireArgs({ name: "chain-a" }),
    });
    expect((await socket.queryResult(0)).value).toBe(1);
    await fx.http().mutation(api.counters.increment, { name: "chain-b" });
    expect((await socket.queryResult(1)).value).toBe(1);
    socket.send({
      type: "ModifyQuerySet",
      baseVersion: 2,
      newVersion: 3,
      modifications: [{ type: "Remove", queryId: 0 }],
    });
    const removed = await socket.next(
      (m) =>
        m.type === "Transition" && m.modifications.some((x: Json) => x.type === "QueryRemoved"),
    );
    expect(removed.endVersion.querySet).toBe(3);
    socket.send({ type: "Authenticate", tokenType: "None", baseVersion: 0 });
    const auth = await socket.next(
      (m) => m.type === "Transition" && m.endVersion.identity === 1,
      "an identity-advancing Transition",
    );
    expect(auth.startVersion.identity).toBe(0);
    socket.send({
      type: "Authenticate",
      tokenType: "Admin",
      value: fx.dep.adminKey,
      baseVersion: 1,
    });
    await socket.next(
      (m) => m.type === "Transition" && m.endVersion.identity === 2,
      "a second identity-advancing Transition",
    );

    const transitions = socket.transitions();
    expect(transitions[0]!.startVersion).toEqual({ querySet: 0, identity: 0, ts: ZERO_TS });
    expectChained(transitions);
    for (const t of transitions) {
      expect(Array.isArray(t.modifications)).toBe(true);
      for (const m of t.modifications)
        if (m.type !== "QueryRemoved") expect(Array.isArray(m.logLines)).toBe(true);
    }
    socket.close();
  });

  it("keeps the chain intact and results monotonic under concurrent commits and mutations", async () => {
    const name = "chain-stress";
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [
        { type: "Add", queryId: 7, udfPath: "counters:get", args: wireArgs({ name }) },
      ],
    });
    await socket.queryResult(7);
    for (let i = 0; i < 10; i++)
      socket.send({
        type: "Mutation",
        requestId: i,
        udfPath: "counters:increment",
        args: wireArgs({ name }),
      });
    await Promise.all(
      Array.from({ length: 30 }, () =>
        fx.http().mutation(api.counters.increment, { name }, { skipQueue: true }),
      ),
    );
    await socket.next(
      (m) =>
        m.type === "Transition" &&
        m.modifications.some((x: Json) => x.queryId === 7 && x.value === 40),
      "the final value 40",
    );
    const responses = socket.messages.filter((m) => m.type === "MutationResponse");
    expect(responses.map((r) => r.requestId)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const transitions = socket.transitions();
    expectChained(transitions);
    const values = transitions.flatMap((t) =>
      t.modifications
        .filter((x: Json) => x.queryId === 7)
        .map((x: Json) => x.value as number | null),
    );
    for (let i = 2; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    // Each MutationResponse is followed by a Transition reaching its ts.
    for (const r of responses) {
      const at = socket.messages.indexOf(r);
      const ts = decodeWireTs(r.ts as string);
      expect(
        socket.messages
          .slice(at + 1)
          .some((m) => m.type === "Transition" && decodeWireTs(m.endVersion.ts) >= ts),
      ).toBe(true);
    }
    socket.close();
  });

  it("answers a bad admin key with AuthError and keeps the identity version", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({ type: "Authenticate", tokenType: "Admin", value: "not-the-key", baseVersion: 0 });
    const error = await socket.next((m) => m.type === "AuthError");
    expect(error).toMatchObject({ baseVersion: 0, authUpdateAttempted: true });
    expect(socket.messages.some((m) => m.type === "FatalError")).toBe(false);
    socket.close();
  });

  it("starts every new socket from version {0,0,0} and accepts the client's maxObservedTimestamp", async () => {
    const first = await RawSocket.connect(fx.dep.cloudUrl);
    first.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    const t = await first.next((m) => m.type === "Transition");
    first.close();
    const second = await RawSocket.connect(fx.dep.cloudUrl, first.sessionId, {
      connectionCount: 1,
      lastCloseReason: null,
      maxObservedTimestamp: t.endVersion.ts,
    });
    second.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [
        { type: "Add", queryId: 0, udfPath: "counters:get", args: wireArgs({ name: "chain-a" }) },
      ],
    });
    const mod = await second.queryResult(0);
    expect(mod).toMatchObject({ type: "QueryUpdated", value: 1, journal: null });
    expect(second.transitions()[0]!.startVersion).toEqual({
      querySet: 0,
      identity: 0,
      ts: ZERO_TS,
    });
    expect(decodeWireTs(second.transitions()[0]!.endVersion.ts)).toBeGreaterThanOrEqual(
      decodeWireTs(t.endVersion.ts),
    );
    second.close();
  });

  it("answers WebSocket ping frames and sends a protocol Ping after 15 s of silence", async () => {
    const socket = await RawSocket.connect(fx.dep.cloudUrl);
    socket.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
    await socket.next((m) => m.type === "Transition");
    const pong = new Promise<void>((resolve) => socket.ws.once("pong", () => resolve()));
    socket.ws.ping();
    await pong;
    socket.close();

    // The heartbeat timer is created with the session: fake it (and the clock) for this socket only.
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    try {
      const idle = await RawSocket.connect(fx.dep.cloudUrl);
      idle.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
      await idle.next((m) => m.type === "Transition");
      expect(idle.messages.some((m) => m.type === "Ping")).toBe(false);
      vi.advanceTimersByTime(15_000);
      await idle.next((m) => m.type === "Ping", "a Ping");
      idle.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
