/**
 * Conformance: the stock `convex` CLI's read-only data commands against the deployment
 * (convex-cli-and-errors.md §1–2): `convex data` (tables), `convex data <table>` with `--limit`,
 * `--order` and `--format`, and `convex function-spec`. They run system queries over the
 * WebSocket with admin auth (runtime/system-queries.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runConvexCli, type CliResult } from "../test-support/deployment.js";
import { api, startFixture, type Fixture } from "./helpers.js";

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
