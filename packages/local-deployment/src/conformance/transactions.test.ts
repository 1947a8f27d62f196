/**
 * Conformance: transaction semantics (convex-protocol.md c.7): atomic mutations, nested
 * sub-transactions, serializable concurrent mutations, schema and size checks on writes, and
 * durability across a restart on the same data dir (timestamps never go backwards, a.5 / j.11).
 */
import fs from "node:fs";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LocalDeployment } from "../deployment.js";
import { ADMIN_KEY } from "../test-support/deployment.js";
import { api, decodeWireTs, RawSocket, startFixture, waitFor, type Fixture } from "./helpers.js";

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

async function queryTs(cloudUrl: string): Promise<bigint> {
  const res = await fetch(`${cloudUrl}/api/query_ts`, { method: "POST" });
  return decodeWireTs(((await res.json()) as { ts: string }).ts);
}

describe("atomicity", () => {
  it("discards every write of a mutation that throws after writing", async () => {
    const http = fx.http();
    await http.mutation(api.counters.increment, { name: "atomic", by: 5 });
    const others = await http.query(api.others.count, {});
    await expect(
      http.mutation(api.counters.incrementThenThrow, { name: "atomic" }),
    ).rejects.toThrow(/boom after write/);
    await expect(
      fx.client().mutation(api.counters.incrementThenThrow, { name: "atomic" }),
    ).rejects.toThrow(/boom after write/);
    expect(await http.query(api.counters.get, { name: "atomic" })).toBe(5);
    expect(await http.query(api.others.count, {})).toBe(others);
  });

  it("rolls back a failed nested runMutation but keeps the parent's other work", async () => {
    const http = fx.http();
    const result = await http.mutation(api.nested.outerCatches, { name: "nested" });
    expect(result).toEqual({
      afterFirst: 1,
      caught: expect.stringContaining("inner failure"),
      seen: 1, // the child's +100 is gone even inside the parent
      convexErrorData: { code: "INNER", n: 7 },
    });
    expect(await http.query(api.counters.get, { name: "nested" })).toBe(1);
  });

  it("discards a committed child's writes when the parent throws", async () => {
    const http = fx.http();
    await expect(
      http.mutation(api.nested.outerThrowsAfterChild, { name: "nested-parent" }),
    ).rejects.toThrow(/outer failure/);
    expect(await http.query(api.counters.get, { name: "nested-parent" })).toBeNull();
  });

  it("runs internal queries from a public query with runQuery", async () => {
    await fx.http().mutation(api.counters.increment, { name: "nested-query", by: 4 });
    expect(await fx.http().query(api.nested.outerQuery, { name: "nested-query" })).toBe(4);
  });
});

describe("serializability", () => {
  it("serializes concurrent increments from several clients: no lost updates, no duplicate reads", async () => {
    const name = "concurrent";
    const clients = [fx.client(), fx.client(), fx.client(), fx.client()];
    const http = fx.http();
    const perClient = 10;
    const results = await Promise.all([
      ...clients.flatMap((c) =>
        Array.from({ length: perClient }, () => c.mutation(api.counters.increment, { name })),
      ),
      ...Array.from({ length: perClient }, () => http.mutation(api.counters.increment, { name })),
      ...Array.from({ length: perClient }, () =>
        fx.http().mutation(api.counters.increment, { name }, { skipQueue: true }),
      ),
    ]);
    const total = perClient * (clients.length + 2);
    expect([...results].sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, i) => i + 1),
    );
    expect(await http.query(api.counters.get, { name })).toBe(total);
    for (const c of clients) expect(await c.query(api.counters.get, { name })).toBe(total);
  });
});

describe("write checks", () => {
  it("rejects documents that do not match the schema, on insert and patch", async () => {
    const http = fx.http();
    for (const doc of [
      { name: "bad", age: "old" },
      { name: "bad" },
      { name: "bad", age: 1, extra: true },
      { name: "bad", age: 1n },
    ]) {
      await expect(http.mutation(api.data.insertPerson, { doc })).rejects.toThrow(
        /does not match the schema/,
      );
    }
    const id = await http.mutation(api.data.insertPerson, { doc: { name: "ok", age: 30 } });
    await http.mutation(api.data.insertPerson, { doc: { name: "ok2", age: 31, email: "a@b.c" } });
    await expect(
      http.mutation(api.data.patchPerson, { id, patch: { age: "thirty" } }),
    ).rejects.toThrow(/does not match the schema/);
    await http.mutation(api.data.patchPerson, { id, patch: { email: "x@y.z" } });
    expect((await http.query(api.data.people, {})).sort()).toEqual(["ok", "ok2"]);
  });

  it("rejects documents over 1 MiB and accepts ones under", async () => {
    const http = fx.http();
    expect(await http.mutation(api.data.insertBlob, { size: 1_000_000 })).toBe(1_000_000);
    await expect(http.mutation(api.data.insertBlob, { size: 1024 * 1024 + 1 })).rejects.toThrow(
      /too large/i,
    );
    expect(await http.query(api.data.blobSizes, {})).toEqual([1_000_000]);
  });
});

describe("durability across restart", () => {
  it("keeps every acknowledged write, re-sent mutations apply once, and timestamps keep increasing", async () => {
    const first = await startFixture();
    const port = Number(new URL(first.dep.cloudUrl).port);
    const dataDir = first.dataDir;
    let second: LocalDeployment | null = null;
    // The client outlives the first deployment: it reconnects to the second on the same port.
    const client = new ConvexClient(first.dep.cloudUrl);
    try {
      const http = new ConvexHttpClient(first.dep.cloudUrl);
      const acknowledged: { key: string; id: string; creationTime: number }[] = [];
      for (let i = 0; i < 10; i++) {
        const r = (await http.mutation(api.data.putNote, { key: `http${i}`, value: i })) as {
          id: string;
          creationTime: number;
        };
        acknowledged.push({ key: `http${i}`, ...r });
      }
      const seen: { key: string }[][] = [];
      client.onUpdate(api.data.notes, {}, (notes) => seen.push(notes as { key: string }[]));
      await waitFor(() => seen.length > 0, "the first notes result");

      // Fire mutations and stop the deployment while some are still in flight.
      const inFlight = Array.from({ length: 20 }, (_, i) =>
        client.mutation(api.data.putNote, { key: `ws${i}`, value: i }),
      );
      let done = 0;
      for (const p of inFlight) void p.then(() => done++);
      await waitFor(() => done >= 3, "a few acknowledged mutations");
      const tsBefore = await queryTs(first.dep.cloudUrl);
      await first.close({ keepData: true });

      second = await LocalDeployment.start({ port, sitePort: 0, adminKey: ADMIN_KEY, dataDir });
      const http2 = new ConvexHttpClient(second.cloudUrl);
      expect(await queryTs(second.cloudUrl)).toBeGreaterThanOrEqual(tsBefore);
      // Functions are served without a new push, and the HTTP writes are all there, unchanged.
      type Note = { key: string; value: number; id: string; creationTime: number };
      const notes = (await http2.query(api.data.notes, {})) as Note[];
      for (const a of acknowledged)
        expect(notes.find((n) => n.key === a.key)).toMatchObject({
          id: a.id,
          creationTime: a.creationTime,
        });

      // Every in-flight mutation resolves (re-sent after reconnect) and applied exactly once.
      const results = (await Promise.all(inFlight)) as { id: string }[];
      const after = (await http2.query(api.data.notes, {})) as Note[];
      const wsKeys = after.filter((n) => n.key.startsWith("ws")).map((n) => n.key);
      expect(wsKeys.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ws${i}`).sort());
      expect(new Set(results.map((r) => r.id)).size).toBe(20);

      // A new commit gets a larger timestamp and creation time than anything before the restart.
      const fresh = (await http2.mutation(api.data.putNote, { key: "fresh", value: 0 })) as {
        creationTime: number;
      };
      expect(fresh.creationTime).toBeGreaterThan(
        Math.max(...after.filter((n) => n.key !== "fresh").map((n) => n.creationTime)),
      );
      expect(await queryTs(second.cloudUrl)).toBeGreaterThan(tsBefore);
      // The reconnected subscription sees it.
      await waitFor(
        () => seen[seen.length - 1]?.some((n) => n.key === "fresh"),
        "the subscription to see the new note",
      );

      // A client that observed the old timestamps is served.
      const raw = await RawSocket.connect(second.cloudUrl, undefined, {
        maxObservedTimestamp: Buffer.alloc(8).fill(0).toString("base64"),
      });
      const observed = Buffer.alloc(8);
      observed.writeBigUInt64LE(tsBefore);
      const raw2 = await RawSocket.connect(second.cloudUrl, undefined, {
        maxObservedTimestamp: observed.toString("base64"),
      });
      for (const socket of [raw, raw2]) {
        socket.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] });
        const t = await socket.next((m) => m.type === "Transition");
        expect(decodeWireTs(t.endVersion.ts)).toBeGreaterThan(tsBefore);
        socket.close();
      }
    } finally {
      await client.close();
      await second?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
