/**
 * Conformance: the stock `convex` CLI's read-only data commands against the deployment
 * (convex-cli-and-errors.md §1–2): `convex data` (tables), `convex data <table>` with `--limit`,
 * `--order` and `--format`, `convex function-spec`, and `convex export` (a snapshot ZIP in
 * Convex's layout). They run system queries over the WebSocket with admin auth
 * (runtime/system-queries.ts) and the export endpoints (http/snapshot-export.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConvexCli, type CliResult } from "../test-support/deployment.js";
import { makeFunctionReference } from "convex/server";
import { api, startFixture, waitFor, type Fixture } from "./helpers.js";

let fx: Fixture;
const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

beforeAll(async () => {
  fx = await startFixture();
  const http = fx.http();
  for (const name of ["alpha", "beta", "gamma"]) {
    await http.mutation(api.counters.increment, { name });
  }
});

afterAll(async () => {
  await fx?.close();
});

describe("convex data", () => {
  it("lists the user tables, one per line, sorted, without system tables", async () => {
    const result = await runConvexCli(fx.dep, ["data"]);
    expect(result.code, output(result)).toBe(0);
    const tables = result.stdout.trim().split("\n");
    expect(tables).toContain("counters");
    expect(tables).toContain("messages");
    expect(tables).toEqual([...tables].sort());
    expect(tables.some((name) => name.startsWith("_"))).toBe(false);
  });

  it("prints a table's documents newest first, up to --limit", async () => {
    const result = await runConvexCli(fx.dep, [
      "data",
      "counters",
      "--limit",
      "2",
      "--format",
      "jsonArray",
    ]);
    expect(result.code, output(result)).toBe(0);
    const docs = JSON.parse(result.stdout) as { name: string; value: number; _id: string }[];
    expect(docs.map((d) => d.name)).toEqual(["gamma", "beta"]);
    expect(docs.every((d) => d.value === 1 && typeof d._id === "string")).toBe(true);
  });

  it("orders oldest first with --order asc, as JSON lines", async () => {
    const result = await runConvexCli(fx.dep, [
      "data",
      "counters",
      "--order",
      "asc",
      "--format",
      "jsonLines",
    ]);
    expect(result.code, output(result)).toBe(0);
    const names = result.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { name: string }).name);
    expect(names).toEqual(["alpha", "beta", "gamma"]);
  });

  it("says so for a table with no documents, and for one that does not exist", async () => {
    for (const table of ["others", "no_such_table"]) {
      const result = await runConvexCli(fx.dep, ["data", table]);
      expect(result.code, output(result)).toBe(0);
      expect(output(result)).toContain("There are no documents in this table.");
    }
  });
});

describe("convex function-spec", () => {
  it("prints every function with its kind, visibility and validators, and the URL", async () => {
    const result = await runConvexCli(fx.dep, ["function-spec"]);
    expect(result.code, output(result)).toBe(0);
    const spec = JSON.parse(result.stdout) as {
      url: string;
      functions: {
        identifier?: string;
        functionType: string;
        visibility?: { kind: string };
        args?: { type: string; value?: Record<string, unknown> };
        returns?: { type: string };
      }[];
    };
    expect(spec.url).toBe(fx.dep.cloudUrl);
    const increment = spec.functions.find((f) => f.identifier === "counters.js:increment");
    expect(increment).toMatchObject({
      functionType: "Mutation",
      visibility: { kind: "public" },
      args: { type: "object" },
    });
    expect(Object.keys(increment!.args!.value!)).toContain("name");
    expect(spec.functions.find((f) => f.identifier === "counters.js:get")?.functionType).toBe(
      "Query",
    );
    const kinds = new Set(spec.functions.map((f) => f.visibility?.kind).filter(Boolean));
    expect(kinds).toEqual(new Set(["public", "internal"]));
  });
});

describe("convex export", () => {
  it("re-runs a subscription to exports:getLatest as the export moves to completed", async () => {
    // The CLI subscribes after requesting; under load its subscription starts while the export
    // is still running, and must then see it complete (it hung once in CI when it did not).
    const admin = fx.client();
    (admin as unknown as { setAdminAuth(key: string): void }).setAdminAuth(fx.dep.adminKey);
    const states: (string | null)[] = [];
    admin.onUpdate(
      makeFunctionReference<"query">("_system/cli/exports:getLatest") as never,
      {} as never,
      (value) => states.push((value as { state: string } | null)?.state ?? null),
    );
    await waitFor(() => states.length > 0, "the first result");
    const before = states.length;
    const res = await fetch(`${fx.dep.cloudUrl}/api/export/request/zip`, {
      method: "POST",
      headers: { Authorization: `Convex ${fx.dep.adminKey}` },
    });
    expect(res.status).toBe(200);
    await waitFor(() => states.at(-1) === "completed", "the export to complete");
    expect(states.length).toBeGreaterThan(before);
  });

  it("downloads a snapshot ZIP of every table in Convex's layout", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-export-"));
    try {
      const file = path.join(dir, "snapshot.zip");
      const result = await runConvexCli(fx.dep, ["export", "--path", file]);
      expect(result.code, output(result)).toBe(0);
      expect(output(result)).toMatch(/Created snapshot export at timestamp \d+/);
      const entries = unzipSync(fs.readFileSync(file));
      const text = (name: string) => strFromU8(entries[name]!);
      expect(Object.keys(entries)[0]).toBe("README.md");
      const tables = text("_tables/documents.jsonl")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { name: string; id: number });
      expect(tables.map((t) => t.name)).toContain("counters");
      expect(tables.every((t) => Number.isInteger(t.id))).toBe(true);
      const counters = text("counters/documents.jsonl").trim().split("\n");
      expect(counters).toHaveLength(3);
      // Export JSON: a float64 keeps its decimal point; ids and creation times are there.
      expect(counters[0]).toMatch(/"value":1\.0/);
      const first = JSON.parse(counters[0]!) as {
        _id: string;
        _creationTime: number;
        name: string;
      };
      expect(typeof first._id).toBe("string");
      expect(first._creationTime).toBeGreaterThan(0);
      expect(text("counters/generated_schema.jsonl").trim()).toBe('"uniform"');
      expect(entries["others/documents.jsonl"]).toBeDefined();
      // A directory as --path: the ZIP gets the server's file name inside it.
      const again = await runConvexCli(fx.dep, ["export", "--path", dir]);
      expect(again.code, output(again)).toBe(0);
      expect(fs.readdirSync(dir).some((name) => /^snapshot_.+_\d+\.zip$/.test(name))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
