/**
 * The dashboard's system functions (runtime/dashboard-functions.ts) over the WebSocket with admin
 * auth, as apps/dashboard calls them, and its HTTP routes (http/dashboard.ts): admin only, the
 * same checks as `ctx.db`, reactive, and the health snapshot.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { ADMIN_KEY, push, startDeployment } from "../test-support/deployment.js";
import { filterExpression } from "../runtime/dashboard-functions.js";
import { waitFor } from "./helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/storage", import.meta.url));
const query = (name: string) => makeFunctionReference<"query">(name) as never;
const mutation = (name: string) => makeFunctionReference<"mutation">(name) as never;
let dep: LocalDeployment;
let admin: ConvexClient;
let dashboardDir: string;

beforeAll(async () => {
  dashboardDir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-dashboard-"));
  fs.writeFileSync(path.join(dashboardDir, "index.html"), "<!doctype html><title>dash</title>");
  fs.mkdirSync(path.join(dashboardDir, "assets"));
  fs.writeFileSync(path.join(dashboardDir, "assets", "app-1.js"), "export {}");
  dep = await startDeployment({ dashboardDir });
  await push(dep, PROJECT);
  admin = new ConvexClient(dep.cloudUrl);
  (admin as unknown as { setAdminAuth(key: string): void }).setAdminAuth(ADMIN_KEY);
});

afterAll(async () => {
  await admin?.close();
  await dep?.close();
  fs.rmSync(dashboardDir, { recursive: true, force: true });
});

async function storageId(): Promise<string> {
  const url = (await admin.mutation(
    mutation("_system/frontend/fileStorageV2:generateUploadUrl"),
    {} as never,
  )) as string;
  const res = await fetch(url, { method: "POST", body: new Uint8Array([1, 2, 3]) });
  return ((await res.json()) as { storageId: string }).storageId;
}

describe("dashboard functions", () => {
  it("inserts, filters, replaces and deletes documents, live", async () => {
    const file = await storageId();
    const pages: { page: { _id: string; name: string }[] }[] = [];
    admin.onUpdate(
      query("_system/frontend/paginatedTableDocuments:default"),
      {
        table: "uploads",
        filters: JSON.stringify({ clauses: [{ field: "name", op: "eq", value: "b" }] }),
        paginationOpts: { numItems: 10, cursor: null },
      } as never,
      (page) => pages.push(page as never),
    );
    const ids = (await admin.mutation(mutation("_system/frontend/addDocument:default"), {
      table: "uploads",
      documents: [
        { storageId: file, name: "a" },
        { storageId: file, name: "b" },
      ],
    } as never)) as string[];
    expect(ids).toHaveLength(2);
    await waitFor(() => pages.at(-1)?.page.length === 1, "the filtered page with b");
    expect(pages.at(-1)!.page[0]!._id).toBe(ids[1]);

    await admin.mutation(mutation("_system/frontend/replaceDocument:default"), {
      id: ids[0],
      document: { storageId: file, name: "b" },
    } as never);
    await waitFor(() => pages.at(-1)?.page.length === 2, "both documents named b");

    await admin.mutation(mutation("_system/frontend/deleteDocuments:default"), {
      toDelete: ids.map((id) => ({ id, tableName: "uploads" })),
    } as never);
    await waitFor(() => pages.at(-1)?.page.length === 0, "the page after the delete");
    expect(
      await admin.query(query("_system/frontend/tableSize:default"), {
        tableName: "uploads",
      } as never),
    ).toBe(0);
  });

  it("refuses a document that breaks the schema, with ctx.db's message, writing nothing", async () => {
    await expect(
      admin.mutation(mutation("_system/frontend/addDocument:default"), {
        table: "uploads",
        documents: [{ name: 5 }],
      } as never),
    ).rejects.toThrow(/does not match the schema/);
    await expect(
      admin.mutation(mutation("_system/frontend/addDocument:default"), {
        table: "_storage",
        documents: [{}],
      } as never),
    ).rejects.toThrow("System tables (prefixed with `_`) are read-only.");
  });

  it("lists indexes, the schema, files with their URL, and table numbers", async () => {
    const file = await storageId();
    const indexes = (await admin.query(query("_system/frontend/indexes:default"), {
      tableName: "uploads",
    } as never)) as { name: string }[];
    expect(indexes.map((i) => i.name)).toContain("by_creation_time");
    const schemas = (await admin.query(
      query("_system/frontend/getSchemas:default"),
      {} as never,
    )) as {
      active: string;
    };
    expect(
      JSON.parse(schemas.active).tables.map((t: { tableName: string }) => t.tableName),
    ).toEqual(["uploads"]);
    const files = (await admin.query(query("_system/frontend/fileStorageV2:fileMetadata"), {
      paginationOpts: { numItems: 10, cursor: null },
    } as never)) as { page: { _id: string; url: string; size: number }[] };
    expect(files.page.find((f) => f._id === file)).toMatchObject({
      url: `${dep.cloudUrl}/api/storage/${file}`,
      size: 3,
    });
    expect(
      Object.values(
        (await admin.query(
          query("_system/frontend/getTableMapping:default"),
          {} as never,
        )) as object,
      ),
    ).toEqual(["uploads"]);
  });

  it("lists the first file of a deployment that had none, live", async () => {
    const fresh = await startDeployment();
    const watcher = new ConvexClient(fresh.cloudUrl);
    try {
      await push(fresh, PROJECT);
      (watcher as unknown as { setAdminAuth(key: string): void }).setAdminAuth(ADMIN_KEY);
      const pages: { page: unknown[] }[] = [];
      watcher.onUpdate(
        query("_system/frontend/fileStorageV2:fileMetadata"),
        { paginationOpts: { numItems: 10, cursor: null } } as never,
        (page) => pages.push(page as never),
      );
      await waitFor(() => pages.length > 0, "the empty file list");
      expect(pages.at(-1)!.page).toEqual([]);
      const url = (await watcher.mutation(
        mutation("_system/frontend/fileStorageV2:generateUploadUrl"),
        {} as never,
      )) as string;
      await fetch(url, { method: "POST", body: new Uint8Array([1]) });
      await waitFor(() => pages.at(-1)!.page.length === 1, "the list with the first file");
    } finally {
      await watcher.close();
      await fresh.close();
    }
  });

  it("is not callable without the admin key", async () => {
    const user = new ConvexHttpClient(dep.cloudUrl);
    await expect(
      user.mutation(mutation("_system/frontend/deleteDocuments:default"), {
        toDelete: [],
      } as never),
    ).rejects.toThrow("Could not find public function for '_system/frontend/deleteDocuments'");
    await expect(
      user.query(query("_system/frontend/getTableMapping:default"), {} as never),
    ).rejects.toThrow("Could not find public function");
  });

  it("turns filter clauses into a filter expression, and explains bad ones", () => {
    expect(filterExpression(null)).toBeNull();
    expect(
      filterExpression(JSON.stringify({ clauses: [{ field: "n", op: "gt", value: 1 }] })),
    ).toEqual({ $gt: [{ $field: "n" }, { $literal: 1 }] });
    expect(() => filterExpression("{")).toThrow("`filters` must be a JSON string");
    expect(() =>
      filterExpression(JSON.stringify({ clauses: [{ field: "n", op: "like", value: 1 }] })),
    ).toThrow("filters.clauses[0].op must be one of eq, neq, lt, lte, gt, gte.");
  });
});

describe("dashboard HTTP routes", () => {
  it("serves the app's files, its page for unknown paths, and nothing outside its folder", async () => {
    const index = await fetch(`${dep.cloudUrl}/dashboard/`);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await index.text()).toContain("<title>dash</title>");
    const asset = await fetch(`${dep.cloudUrl}/dashboard/assets/app-1.js`);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const escape = await fetch(`${dep.cloudUrl}/dashboard/..%2f..%2fpackage.json`);
    expect(await escape.text()).toContain("<title>dash</title>");
    const redirect = await fetch(`${dep.cloudUrl}/dashboard`, { redirect: "manual" });
    expect(redirect.status).toBe(308);
  });

  it("answers the health snapshot to the admin key only", async () => {
    const refused = await fetch(`${dep.cloudUrl}/api/local/health`);
    expect(refused.status).toBe(403);
    const res = await fetch(`${dep.cloudUrl}/api/local/health`, {
      headers: { Authorization: `Convex ${ADMIN_KEY}` },
    });
    const health = (await res.json()) as {
      sockets: number;
      subscriptions: number;
      commitTs: string;
      databaseBytes: number;
      executions: { counts: { Mutation: number } };
    };
    expect(health.sockets).toBeGreaterThanOrEqual(1);
    expect(BigInt(health.commitTs)).toBeGreaterThan(0n);
    expect(health.databaseBytes).toBeGreaterThan(0);
    expect(health.executions.counts.Mutation).toBeGreaterThanOrEqual(0);
  });
});
