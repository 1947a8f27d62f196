/**
 * HTTP actions on the site port (convex-protocol.md §f), pushed by the real CLI from
 * test/projects/site: custom status and headers, exact paths over prefixes (longest prefix wins),
 * streamed request and response bodies, a throwing route, unknown paths, and `Bearer` auth.
 */
import fs from "node:fs";
import http from "node:http";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { push, startDeployment, tempDataDir } from "../test-support/deployment.js";
import { waitFor } from "../conformance/helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/site", import.meta.url));
const ISSUER = "https://site-test.example";

let dataDir: string;
let dep: LocalDeployment;
let privateKey: CryptoKey;

beforeAll(async () => {
  const keys = await generateKeyPair("RS256", { extractable: true });
  privateKey = keys.privateKey;
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "site-key", alg: "RS256", use: "sig" };
  const jwks = `data:application/json;base64,${Buffer.from(JSON.stringify({ keys: [jwk] })).toString("base64")}`;
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  // auth.config.ts reads SITE_JWKS when the push evaluates it.
  dep.updateEnvironmentVariables([{ name: "SITE_JWKS", value: jwks }]);
  await push(dep, PROJECT);
});

afterAll(async () => {
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const site = (path: string) => `${dep.siteUrl}${path}`;

function token(claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ email: "ada@example.com", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "site-key" })
    .setIssuer(ISSUER)
    .setSubject("ada")
    .setAudience("site-test")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(privateKey);
}

describe("HTTP actions", () => {
  it("answers with the handler's status, headers and body, and runs with the action ctx", async () => {
    const before = await new ConvexHttpClient(dep.cloudUrl).query(
      "hits:count" as never,
      {} as never,
    );
    const res = await fetch(site("/status"));
    expect(res.status).toBe(201);
    expect(res.headers.get("x-rooms-test")).toBe("yes");
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toBe("created here");
    // The handler's ctx.runMutation committed.
    expect(await new ConvexHttpClient(dep.cloudUrl).query("hits:count" as never, {} as never)).toBe(
      (before as number) + 1,
    );
  });

  it("prefers an exact path, then the longest matching prefix", async () => {
    const text = async (path: string) => {
      const res = await fetch(site(path));
      return `${res.status} ${await res.text()}`;
    };
    expect(await text("/files")).toBe("200 exact");
    expect(await text("/files/a.txt")).toBe("200 prefix /files/a.txt");
    expect(await text("/files/deep/b.txt")).toBe("200 deep /files/deep/b.txt");
    expect(await text("/files/deeper")).toBe("200 prefix /files/deeper");
    // The query string is not part of the route.
    expect(await text("/files?x=1")).toBe("200 exact");
    // HEAD is routed as GET, without a body.
    const head = await fetch(site("/files/deep/c"), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("answers 404 for an unknown path or an unrouted method", async () => {
    const res = await fetch(site("/nope"));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("/nope");
    expect((await fetch(site("/status"), { method: "DELETE" })).status).toBe(404);
    // "/files" is exact: "/filesX" matches neither it nor the "/files/" prefix.
    expect((await fetch(site("/filesX"))).status).toBe(404);
  });

  it("echoes a POST body, streaming it back before the request has ended", async () => {
    const req = http.request(site("/echo"), {
      method: "POST",
      headers: { "Content-Type": "text/x-rooms" },
    });
    const response = once(req, "response") as Promise<[http.IncomingMessage]>;
    req.write("first chunk|");
    const [res] = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/x-rooms");
    let received = "";
    res.on("data", (d: Buffer) => (received += d.toString()));
    // The first chunk comes back while the request body is still open.
    await waitFor(() => received === "first chunk|", "the first chunk to be echoed");
    req.end("second chunk");
    await once(res, "end");
    expect(received).toBe("first chunk|second chunk");
  });

  it("echoes a large binary body byte for byte", async () => {
    const body = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const res = await fetch(site("/echo"), {
      method: "POST",
      body,
      headers: { "Content-Type": "application/octet-stream" },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
  });

  it("answers Convex's 500 JSON when a route throws, and keeps serving", async () => {
    const res = await fetch(site("/throw"));
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = (await res.json()) as { code: string; trace: string; data?: unknown };
    expect(body.code).toMatch(
      /^\[Request ID: [0-9a-f]{16}\] Server Error: Uncaught Error: route exploded$/,
    );
    expect(body.trace).toMatch(/^Uncaught Error: route exploded\n/);
    expect(body).not.toHaveProperty("data");
    const convexError = await fetch(site("/throw-convex-error"));
    expect(convexError.status).toBe(500);
    expect(((await convexError.json()) as { data: unknown }).data).toEqual({
      code: "NOPE",
      retry: false,
    });
    const after = await fetch(site("/files"));
    expect(after.status).toBe(200);
    expect(await after.text()).toBe("exact");
  });

  it("gives the handler the identity of a valid Bearer token; a refused one throws when read", async () => {
    const anonymous = await fetch(site("/whoami"));
    expect(await anonymous.json()).toEqual({ identity: null });

    const res = await fetch(site("/whoami"), {
      headers: { Authorization: `Bearer ${await token({ role: "admin" })}` },
    });
    expect(res.status).toBe(200);
    const { identity } = (await res.json()) as { identity: Record<string, unknown> };
    expect(identity).toMatchObject({
      tokenIdentifier: `${ISSUER}|ada`,
      issuer: ISSUER,
      subject: "ada",
      email: "ada@example.com",
      role: "admin",
    });

    // An invalid token does not refuse the request; the handler runs, and reading the identity
    // throws why (a handler that never reads it answers as usual).
    const bad = await fetch(site("/whoami"), {
      headers: { Authorization: `Bearer ${await token()}x` },
    });
    expect(bad.status).toBe(500);
    expect(((await bad.json()) as { code: string }).code).toMatch(/Server Error: Uncaught /);
    // An Authorization header that is not `Bearer <token>` is refused the same way.
    const notBearer = await fetch(site("/whoami"), { headers: { Authorization: "a" } });
    expect(notBearer.status).toBe(500);
    expect(((await notBearer.json()) as { code: string }).code).toContain(
      "expected `Bearer <token>`",
    );
    const unread = await fetch(site("/files"), {
      headers: { Authorization: `Bearer ${await token()}x` },
    });
    expect(unread.status).toBe(200);
  });
});
