/**
 * Conformance: `convex import` with the stock CLI (convex-cli-and-errors.md §5) — JSON lines,
 * CSV and a JSON array into a table, the default mode refusing a table with documents,
 * `--append` and `--replace` — and the round trip: `convex export --include-file-storage` of one
 * deployment, imported into a fresh one with the same functions, restores every document with
 * its `_id` and `_creationTime`, and every file with its bytes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import {
  push,
  runConvexCli,
  startDeployment,
  tempDataDir,
  type CliResult,
} from "../test-support/deployment.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/storage", import.meta.url));
const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;
const dirs: string[] = [];
const deployments: LocalDeployment[] = [];
let work: string;

async function freshDeployment(): Promise<LocalDeployment> {
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const dep = await startDeployment({ dataDir });
  deployments.push(dep);
  await push(dep, PROJECT);
  return dep;
}

const fn = (name: string) => `files:${name}` as never;

async function upload(dep: LocalDeployment, bytes: Uint8Array, type: string): Promise<string> {
  const url = (await new ConvexHttpClient(dep.cloudUrl).mutation(
    fn("generateUploadUrl"),
    {} as never,
  )) as string;
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": type }, body: bytes });
  expect(res.status).toBe(200);
  return ((await res.json()) as { storageId: string }).storageId;
}

async function uploads(dep: LocalDeployment): Promise<Record<string, unknown>[]> {
  const result = await runConvexCli(
    dep,
    ["data", "uploads", "--order", "asc", "--format", "jsonArray"],
    PROJECT,
  );
  expect(result.code, output(result)).toBe(0);
  return result.stdout.includes("There are no documents") ? [] : JSON.parse(result.stdout);
}

function file(name: string, text: string): string {
  const p = path.join(work, name);
  fs.writeFileSync(p, text);
  return p;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-import-"));
  dirs.push(work);
});

afterAll(async () => {
  for (const dep of deployments) await dep.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("convex import", () => {
  it("imports JSON lines, CSV and a JSON array, in each mode", async () => {
    const a = await freshDeployment();
    const storageId = await upload(a, new Uint8Array([1, 2, 3]), "application/octet-stream");

    const lines = file(
      "uploads.jsonl",
      `{"storageId":"${storageId}","name":"cat"}\n{"storageId":"${storageId}","name":"dog"}\n`,
    );
    const first = await runConvexCli(a, ["import", "--table", "uploads", lines, "-y"], PROJECT);
    expect(first.code, output(first)).toBe(0);
    expect(output(first)).toContain('Added 2 documents to table "uploads"');
    expect((await uploads(a)).map((d) => d.name)).toEqual(["cat", "dog"]);

    // The default mode needs an empty table.
    const again = await runConvexCli(a, ["import", "--table", "uploads", lines, "-y"], PROJECT);
    expect(again.code).not.toBe(0);
    expect(output(again)).toContain(
      "Table uploads already exists. Please choose a new table name or use replace/append modes.",
    );

    const csv = file("more.csv", `storageId,name\n${storageId},owl\n`);
    const appended = await runConvexCli(
      a,
      ["import", "--table", "uploads", "--append", csv, "-y"],
      PROJECT,
    );
    expect(appended.code, output(appended)).toBe(0);
    expect((await uploads(a)).map((d) => d.name)).toEqual(["cat", "dog", "owl"]);

    // A row that breaks the schema fails the whole import; nothing is written.
    const bad = file(
      "bad.json",
      JSON.stringify([
        { storageId, name: "ok" },
        { storageId, name: 7 },
      ]),
    );
    const refused = await runConvexCli(
      a,
      ["import", "--table", "uploads", "--replace", bad, "-y"],
      PROJECT,
    );
    expect(refused.code).not.toBe(0);
    expect((await uploads(a)).map((d) => d.name)).toEqual(["cat", "dog", "owl"]);

    const array = file(
      "replace.json",
      JSON.stringify([
        { storageId, name: "fox" },
        { storageId, name: "elk" },
      ]),
    );
    const replaced = await runConvexCli(
      a,
      ["import", "--table", "uploads", "--replace", array, "-y"],
      PROJECT,
    );
    expect(replaced.code, output(replaced)).toBe(0);
    expect(output(replaced)).toContain("Import change summary:");
    expect((await uploads(a)).map((d) => d.name)).toEqual(["fox", "elk"]);
  });

  it("restores every document, id and file from an export into a fresh deployment", async () => {
    const a = await freshDeployment();
    const png = new Uint8Array(3000).map((_, i) => (i * 13 + 7) & 0xff);
    const storageId = await upload(a, png, "image/png");
    const rows = ["fox", "elk"].map((name) => JSON.stringify({ storageId, name })).join("\n");
    const seeded = await runConvexCli(
      a,
      ["import", "--table", "uploads", file("seed.jsonl", `${rows}\n`), "-y"],
      PROJECT,
    );
    expect(seeded.code, output(seeded)).toBe(0);
    const before = await uploads(a);
    expect(before.map((d) => d.name)).toEqual(["fox", "elk"]);

    const zip = path.join(work, "snapshot.zip");
    const exported = await runConvexCli(
      a,
      ["export", "--path", zip, "--include-file-storage"],
      PROJECT,
    );
    expect(exported.code, output(exported)).toBe(0);
    const b = await freshDeployment();
    const restored = await runConvexCli(b, ["import", zip, "-y"], PROJECT);
    expect(restored.code, output(restored)).toBe(0);
    expect(output(restored)).toContain("Added 3 documents");
    expect(await uploads(b)).toEqual(before);
    const url = (await new ConvexHttpClient(b.cloudUrl).query(fn("getUrl"), {
      storageId,
    } as never)) as string;
    const served = await fetch(url);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png);
  });

  it("imports more rows than a function may write, in one transaction", async () => {
    const dep = await freshDeployment();
    const storageId = await upload(dep, new Uint8Array([1, 2, 3]), "application/octet-stream");
    const rows = 16_001;
    const lines = Array.from(
      { length: rows },
      (_, i) => `{"storageId":"${storageId}","name":"n${i}"}`,
    );
    const result = await runConvexCli(
      dep,
      ["import", "--table", "uploads", file("many.jsonl", `${lines.join("\n")}\n`), "-y"],
      PROJECT,
    );
    expect(result.code, output(result)).toBe(0);
    expect(output(result)).toContain(`Added ${rows} documents to table "uploads"`);
  });
});
