/**
 * File storage end to end (test/projects/storage, pushed by the real CLI): upload URLs from a
 * mutation, POSTing bytes, serving URLs from a query, `getMetadata`, the `_storage` system table,
 * transactional deletes, `store`/`get` in actions, refused upload tokens, byte ranges and the
 * upload `Digest` check.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { push, startDeployment, tempDataDir } from "../test-support/deployment.js";
import { Recorder } from "../conformance/helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/storage", import.meta.url));

let dataDir: string;
let dep: LocalDeployment;
let http: ConvexHttpClient;
let client: ConvexClient;

beforeAll(async () => {
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  await push(dep, PROJECT);
  http = new ConvexHttpClient(dep.cloudUrl);
  client = new ConvexClient(dep.cloudUrl);
});

afterAll(async () => {
  await client?.close();
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const fn = (name: string) => `files:${name}` as never;
const call = <T>(
  kind: "query" | "mutation" | "action",
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> =>
  (http[kind] as (f: never, a: never) => Promise<unknown>).call(
    http,
    fn(name),
    args as never,
  ) as Promise<T>;

/** Uploads `bytes` through a fresh upload URL; returns the storage id. */
async function upload(bytes: Uint8Array, contentType: string): Promise<string> {
  const url = await call<string>("mutation", "generateUploadUrl");
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": contentType },
    body: bytes,
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { storageId: string };
  expect(body).toEqual({ storageId: expect.any(String) });
  return body.storageId;
}

function sampleBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
  return bytes;
}

describe("file storage", () => {
  it("uploads through a generated URL and serves the same bytes and content type", async () => {
    const bytes = sampleBytes(256 * 1024 + 3);
    const storageId = await upload(bytes, "image/png");
    const url = await client.query(fn("getUrl"), { storageId } as never);
    expect(url).toEqual(expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//));
    const res = await fetch(url as string);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("serves one byte range with 206, and 416 past the end", async () => {
    const bytes = sampleBytes(1000);
    const storageId = await upload(bytes, "application/octet-stream");
    const url = (await client.query(fn("getUrl"), { storageId } as never)) as string;
    const part = async (range: string) => {
      const res = await fetch(url, { headers: { Range: range } });
      return { res, body: Buffer.from(await res.arrayBuffer()) };
    };
    const middle = await part("bytes=10-19");
    expect(middle.res.status).toBe(206);
    expect(middle.res.headers.get("content-range")).toBe("bytes 10-19/1000");
    expect(middle.body.equals(Buffer.from(bytes.subarray(10, 20)))).toBe(true);
    const tail = await part("bytes=-5");
    expect(tail.res.headers.get("content-range")).toBe("bytes 995-999/1000");
    expect(tail.body.equals(Buffer.from(bytes.subarray(995)))).toBe(true);
    const open = await part("bytes=990-");
    expect(open.body.length).toBe(10);
    const past = await part("bytes=1000-1010");
    expect(past.res.status).toBe(416);
    expect(past.res.headers.get("content-range")).toBe("bytes */1000");
    const whole = await fetch(url);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
  });

  it("checks an upload against its Digest header", async () => {
    const bytes = new TextEncoder().encode("digest me");
    const url = await call<string>("mutation", "generateUploadUrl");
    const good = crypto.createHash("sha256").update(bytes).digest("base64");
    const refused = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "text/plain",
        Digest: `sha-256=${Buffer.alloc(32).toString("base64")}`,
      },
      body: bytes,
    });
    expect(refused.status).toBe(400);
    const url2 = await call<string>("mutation", "generateUploadUrl");
    const accepted = await fetch(url2, {
      method: "POST",
      headers: { "Content-Type": "text/plain", Digest: `sha-256=${good}` },
      body: bytes,
    });
    expect(accepted.status).toBe(200);
  });

  it("reports metadata: sha256 in hex, size and content type", async () => {
    const bytes = new TextEncoder().encode("hello, storage");
    const storageId = await upload(bytes, "text/plain");
    expect(await call("query", "metadata", { storageId })).toEqual({
      storageId,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      contentType: "text/plain",
    });
    // The `_storage` document itself keeps the digest in base64 (as Convex's system table).
    expect(await call("query", "systemGet", { storageId })).toEqual({
      _id: storageId,
      _creationTime: expect.any(Number),
      sha256: crypto.createHash("sha256").update(bytes).digest("base64"),
      size: bytes.length,
      contentType: "text/plain",
    });
  });

  it("refuses a system-table id in db.get and a user-table id in db.system.get", async () => {
    const storageId = await upload(new TextEncoder().encode("guarded"), "text/plain");
    await expect(call("query", "userGet", { id: storageId })).rejects.toThrow(
      "System tables can only be accessed with db.system.",
    );
    const uploadId = await call<string>("mutation", "addUpload", { storageId, name: "guarded" });
    await expect(call("query", "systemGetAny", { id: uploadId })).rejects.toThrow(
      "User tables cannot be accessed with db.system.",
    );
    expect(await call("query", "systemGetAny", { id: storageId })).toMatchObject({
      _id: storageId,
    });
  });

  it("lists uploads in the _storage system table, live on a subscription", async () => {
    const rec = new Recorder<{ _id: string; size: number }[]>();
    const unsubscribe = client.onUpdate(fn("listFiles"), {} as never, rec.onValue, rec.onError);
    const initial = await rec.until((v) => Array.isArray(v), "the initial file list");
    const a = await upload(new TextEncoder().encode("a"), "text/plain");
    const b = await upload(new TextEncoder().encode("bb"), "application/json");
    const files = await rec.until(
      (v) => v.length === initial.length + 2,
      "both uploads on the subscription",
    );
    const byId = new Map(files.map((f) => [f._id, f]));
    expect(byId.get(a)?.size).toBe(1);
    expect(byId.get(b)?.size).toBe(2);
    expect(await call("query", "listFiles")).toEqual(files);
    unsubscribe();
  });

  it("deletes from a mutation: GET answers 404 and getUrl null", async () => {
    const storageId = await upload(new TextEncoder().encode("short-lived"), "text/plain");
    const url = (await call<string>("query", "getUrl", { storageId }))!;
    expect((await fetch(url)).status).toBe(200);
    await call("mutation", "remove", { storageId });
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe("FileNotFound");
    expect(await call("query", "getUrl", { storageId })).toBeNull();
    expect(await call("query", "metadata", { storageId })).toBeNull();
    const files = await call<{ _id: string }[]>("query", "listFiles");
    expect(files.map((f) => f._id)).not.toContain(storageId);
  });

  it("keeps the file when the deleting mutation throws", async () => {
    const storageId = await upload(new TextEncoder().encode("survivor"), "text/plain");
    await expect(call("mutation", "removeThenThrow", { storageId })).rejects.toThrow(
      "changed my mind",
    );
    const url = await call<string | null>("query", "getUrl", { storageId });
    expect(url).not.toBeNull();
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("survivor");
  });

  it("stores and reads a Blob in an action", async () => {
    const out = await client.action(fn("storeAndGet"), {
      text: "from an action ✓",
      contentType: "text/markdown",
    } as never);
    expect(out).toEqual({
      storageId: expect.any(String),
      text: "from an action ✓",
      type: "text/markdown",
      url: expect.any(String),
    });
    const { storageId, url } = out as { storageId: string; url: string };
    const res = await fetch(url);
    expect(res.headers.get("content-type")).toBe("text/markdown");
    expect(await res.text()).toBe("from an action ✓");
    const bytes = Buffer.from("from an action ✓");
    expect(await call("query", "metadata", { storageId })).toEqual({
      storageId,
      sha256: crypto.createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      contentType: "text/markdown",
    });
    // An uploaded file is readable from an action too.
    const uploaded = await upload(new TextEncoder().encode("uploaded"), "text/plain");
    expect(await call("action", "getInAction", { storageId: uploaded })).toBe("uploaded");
  });

  it("refuses a forged upload token with 401 and stores nothing", async () => {
    const before = (await call<unknown[]>("query", "listFiles")).length;
    const url = new URL(await call<string>("mutation", "generateUploadUrl"));
    const [expires, nonce, mac] = url.searchParams.get("token")!.split(".");
    // Same expiry and nonce, wrong signature; a later expiry, or another nonce, with the original
    // signature.
    const forged = new URL(url);
    forged.searchParams.set("token", `${expires}.${nonce}.${"A".repeat(43)}`);
    const extended = new URL(url);
    extended.searchParams.set("token", `${Number(expires) + 1000}.${nonce}.${mac}`);
    const renonced = new URL(url);
    renonced.searchParams.set("token", `${expires}.${"B".repeat(16)}.${mac}`);
    for (const bad of [forged, extended, renonced, new URL("/api/storage/upload", dep.cloudUrl)]) {
      const res = await fetch(bad, {
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: "nope",
      });
      expect(res.status, bad.href).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("StorageTokenInvalid");
    }
    expect((await call<unknown[]>("query", "listFiles")).length).toBe(before);
  });

  it("accepts one upload per upload URL, as Convex's are single-use", async () => {
    const before = (await call<unknown[]>("query", "listFiles")).length;
    const url = await call<string>("mutation", "generateUploadUrl");
    const post = (body: string) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "text/plain" }, body });
    const first = await post("first");
    expect(first.status).toBe(200);
    const again = await post("second");
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toContain("already been used");
    expect((await call<unknown[]>("query", "listFiles")).length).toBe(before + 1);
  });

  it("serves files with X-Content-Type-Options: nosniff", async () => {
    const storageId = await upload(new TextEncoder().encode("<script>1</script>"), "text/plain");
    const url = await client.query(fn("getUrl"), { storageId } as never);
    const res = await fetch(url as string);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.headers.get("cache-control")).toBe("private, max-age=2592000");
  });

  it("serves an empty file whole (200) even when a Range is asked", async () => {
    const storageId = await upload(new Uint8Array(0), "text/plain");
    const url = await client.query(fn("getUrl"), { storageId } as never);
    const res = await fetch(url as string, { headers: { Range: "bytes=0-0" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-range")).toBeNull();
    expect(await res.text()).toBe("");
  });

  it("throws Invalid storage ID for a string that is no id, and names a missing one", async () => {
    await expect(call("query", "metadataOfString", { storageId: "INVALID" })).rejects.toThrow(
      'Invalid argument `storageId` for `storage.getMetadata`: Invalid storage ID: "INVALID"',
    );
    await expect(call("mutation", "removeString", { storageId: "INVALID" })).rejects.toThrow(
      "Invalid argument `storageId` for `storage.delete`",
    );
    const storageId = await upload(new TextEncoder().encode("gone"), "text/plain");
    await call("mutation", "remove", { storageId });
    await expect(call("mutation", "remove", { storageId })).rejects.toThrow(
      new RegExp(`Uncaught Error: storage id ${storageId} not found`),
    );
  });

  it("refuses an expired upload URL with 401", async () => {
    // A genuine URL minted two hours ago (URLs are valid for one hour).
    const realNow = Date.now();
    const spy = vi.spyOn(Date, "now").mockReturnValue(realNow - 2 * 60 * 60 * 1000);
    let expired: string;
    try {
      expired = dep.files.uploadUrl(dep.cloudUrl);
    } finally {
      spy.mockRestore();
    }
    const res = await fetch(expired, {
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "late",
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: "StorageTokenExpired",
      message: expect.stringContaining("expired"),
    });
    // A fresh URL still works.
    expect(await upload(new TextEncoder().encode("on time"), "text/plain")).toEqual(
      expect.any(String),
    );
  });
});
