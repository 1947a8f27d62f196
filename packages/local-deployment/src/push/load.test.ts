import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModuleSet, moduleAnalysis } from "./load.js";
import type { ModuleSource } from "../runtime/modules.js";

const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tmpRoot = path.join(pkgRoot, `.tmp-load-${randomUUID().slice(0, 8)}`);

// esbuild is a dependency of `convex`; load it the way the CLI does.
const convexDir = realpathSync(path.join(pkgRoot, "node_modules/convex"));
type EsbuildOut = { outputFiles: { path: string; text: string }[] };
const esbuild = createRequire(path.join(convexDir, "package.json"))("esbuild") as {
  build(options: Record<string, unknown>): Promise<EsbuildOut>;
};

let counter = 0;

/** Bundles `files` (relative path → source) like the CLI: ESM, split `_deps/` chunks, external sourcemaps. */
async function bundle(
  files: Record<string, string>,
  opts: {
    platform?: "browser" | "node";
    environment?: "isolate" | "node";
    splitting?: boolean;
  } = {},
): Promise<ModuleSource[]> {
  const src = path.join(tmpRoot, `src-${++counter}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    writeFileSync(path.join(src, rel), text);
  }
  const out = path.join(src, "out");
  const result = await esbuild.build({
    absWorkingDir: src,
    entryPoints: Object.keys(files).map((f) => path.join(src, f)),
    bundle: true,
    format: "esm",
    platform: opts.platform ?? "browser",
    splitting: opts.splitting ?? true,
    chunkNames: "_deps/[hash]",
    outdir: out,
    outbase: src,
    write: false,
    sourcemap: "external",
    logLevel: "silent",
  });
  const maps = new Map<string, string>();
  const modules: ModuleSource[] = [];
  for (const f of result.outputFiles) {
    const rel = path.relative(out, f.path).split(path.sep).join("/");
    if (rel.endsWith(".map")) maps.set(rel.slice(0, -4), f.text);
    else modules.push({ path: rel, source: f.text, environment: opts.environment ?? "isolate" });
  }
  for (const m of modules) m.sourceMap = maps.get(m.path);
  return modules;
}

const MESSAGES = `
import { queryGeneric, mutationGeneric, internalMutationGeneric, actionGeneric, httpActionGeneric } from "convex/server";
import { v } from "convex/values";
export const list = queryGeneric({ args: {}, returns: v.string(), handler: async () => "VERSION" });
export const send = mutationGeneric({ args: { body: v.string(), n: v.optional(v.number()) }, handler: async () => null });
export const clear = internalMutationGeneric(async () => null);
export const doIt = actionGeneric({ handler: async () => 1 });
export const hook = httpActionGeneric(async () => new Response("ok"));
export const notAFunction = 42;
`;

const NESTED = `
import { queryGeneric, internalQueryGeneric } from "convex/server";
import { v } from "convex/values";
export default queryGeneric(async () => "default");
export const other = internalQueryGeneric({ args: { id: v.id("messages") }, handler: async () => null });
`;

const HTTP = `
import { httpRouter } from "convex/server";
import { hook } from "./messages";
const http = httpRouter();
http.route({ path: "/hook", method: "POST", handler: hook });
http.route({ pathPrefix: "/files/", method: "GET", handler: hook });
export default http;
`;

const CRONS = `
import { cronJobs, makeFunctionReference } from "convex/server";
const crons = cronJobs();
crons.interval("clear messages", { minutes: 5 }, makeFunctionReference("messages:clear"));
export default crons;
`;

const SCHEMA = `
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  messages: defineTable({ body: v.string(), author: v.string() })
    .index("by_author", ["author"])
    .searchIndex("search_body", { searchField: "body", filterFields: ["author"] }),
});
`;

beforeAll(() => mkdirSync(tmpRoot, { recursive: true }));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

describe("loadModuleSet", () => {
  it("loads bundled modules with _deps chunks and classifies every export", async () => {
    const modules = await bundle({
      "messages.ts": MESSAGES,
      "dir/nested.ts": NESTED,
      "http.ts": HTTP,
      "crons.ts": CRONS,
    });
    expect(modules.some((m) => m.path.startsWith("_deps/"))).toBe(true);
    const [schema] = await bundle({ "schema.ts": SCHEMA }, { splitting: false });
    const dir = path.join(tmpRoot, "push-1");
    const set = await loadModuleSet(dir, modules, schema!);

    expect([...set.functions.keys()].sort()).toEqual([
      "dir/nested:default",
      "dir/nested:other",
      "messages:clear",
      "messages:doIt",
      "messages:list",
      "messages:send",
    ]);
    const list = set.functions.get("messages:list")!;
    expect(list).toMatchObject({
      kind: "query",
      visibility: "public",
      returns: { type: "string" },
    });
    expect(list.args).toEqual({ type: "object", value: {} });
    expect(set.functions.get("messages:send")!.args).toEqual({
      type: "object",
      value: {
        body: { fieldType: { type: "string" }, optional: false },
        n: { fieldType: { type: "number" }, optional: true },
      },
    });
    expect(set.functions.get("messages:send")!.returns).toBeNull();
    expect(set.functions.get("messages:clear")).toMatchObject({
      kind: "mutation",
      visibility: "internal",
      args: { type: "any" },
    });
    expect(set.functions.get("messages:doIt")).toMatchObject({
      kind: "action",
      visibility: "public",
    });
    expect(set.functions.get("dir/nested:default")).toMatchObject({
      kind: "query",
      visibility: "public",
    });
    expect(set.functions.get("dir/nested:other")!.args).toMatchObject({
      type: "object",
      value: { id: { fieldType: { type: "id", tableName: "messages" } } },
    });
    expect(typeof set.functions.get("messages:doIt")!.fn.invokeAction).toBe("function");

    // The HTTP action is analysed but reached through the router, not the function map.
    const analysis = moduleAnalysis(set);
    expect(analysis.get("messages.js")!.map((f) => [f.name, f.udfType])).toEqual([
      // ES module namespaces list exports alphabetically.
      ["clear", "Mutation"],
      ["doIt", "Action"],
      ["hook", "HttpAction"],
      ["list", "Query"],
      ["send", "Mutation"],
    ]);
    expect(analysis.get("http.js")).toEqual([]);
    expect([...analysis.keys()].some((k) => k.startsWith("_deps/"))).toBe(false);

    const router = set.httpRouter as {
      isRouter: boolean;
      getRoutes(): [string, string, unknown][];
    };
    expect(router.isRouter).toBe(true);
    expect(router.getRoutes().map(([p, m]) => `${m} ${p}`)).toEqual(["POST /hook", "GET /files/*"]);
    expect((set.crons as { isCrons: boolean; crons: Record<string, unknown> }).isCrons).toBe(true);
    expect(Object.keys((set.crons as { crons: Record<string, unknown> }).crons)).toEqual([
      "clear messages",
    ]);
    expect(set.authConfig).toBeNull();

    expect(set.schema!.schemaValidation).toBe(true);
    expect(set.schema!.tables).toHaveLength(1);
    expect(set.schema!.tables[0]).toMatchObject({
      tableName: "messages",
      indexes: [{ indexDescriptor: "by_author", fields: ["author"] }],
      searchIndexes: [
        { indexDescriptor: "search_body", searchField: "body", filterFields: ["author"] },
      ],
      documentType: { type: "object" },
    });

    // Hashes cover every module (chunks too) and match the CLI's sha256(source + sourceMap).
    expect(set.hashes.map((h) => h.path).sort()).toEqual(modules.map((m) => m.path).sort());
    for (const m of modules) {
      const want = createHash("sha256")
        .update(m.source)
        .update(m.sourceMap ?? "")
        .digest("hex");
      expect(set.hashes.find((h) => h.path === m.path)).toEqual({
        path: m.path,
        hash: want,
        environment: "isolate",
      });
      expect(readFileSync(path.join(dir, m.path), "utf8")).toBe(m.source);
      expect(existsSync(path.join(dir, `${m.path}.map`))).toBe(true);
    }
    expect(set.sources).toHaveLength(modules.length);
  });

  it("imports each push fresh from its own directory", async () => {
    const v1 = await bundle({ "messages.ts": MESSAGES.replace("VERSION", "one") });
    const v2 = await bundle({ "messages.ts": MESSAGES.replace("VERSION", "two") });
    const a = await loadModuleSet(path.join(tmpRoot, "fresh-1"), v1, null);
    const b = await loadModuleSet(path.join(tmpRoot, "fresh-2"), v2, null);
    expect(a.schema).toBeNull();
    const run = (fn: { invokeQuery?: (s: string) => Promise<string> }) =>
      fn.invokeQuery!(JSON.stringify([{}]));
    expect(await run(a.functions.get("messages:list")!.fn)).toBe('"one"');
    expect(await run(b.functions.get("messages:list")!.fn)).toBe('"two"');
  });

  it('loads "use node" modules bundled for Node', async () => {
    const modules = await bundle(
      {
        "crypto.ts": `"use node";
import { createHash } from "node:crypto";
import { internalActionGeneric } from "convex/server";
export const digest = internalActionGeneric(async () => createHash("sha256").update("x").digest("hex"));`,
      },
      { platform: "node", environment: "node", splitting: false },
    );
    const set = await loadModuleSet(path.join(tmpRoot, "node-1"), modules, null);
    expect(set.functions.get("crypto:digest")).toMatchObject({
      kind: "action",
      visibility: "internal",
    });
    expect(set.hashes[0]!.environment).toBe("node");
  });

  it("refuses a module that throws at import, naming it", async () => {
    const modules = await bundle({
      "ok.ts": `import { queryGeneric } from "convex/server"; export const q = queryGeneric(async () => 1);`,
      "broken.ts": `import { queryGeneric } from "convex/server";
export const q = queryGeneric(async () => 1);
throw new Error("boom at import");`,
    });
    await expect(loadModuleSet(path.join(tmpRoot, "broken-1"), modules, null)).rejects.toThrow(
      /^Failed to analyze broken\.js: Uncaught Error: boom at import/,
    );
  });

  it("refuses args validators that are not objects", async () => {
    const modules = await bundle({
      "bad.ts": `import { mutationGeneric } from "convex/server";
import { v } from "convex/values";
export const fn = mutationGeneric({ args: v.string(), handler: async () => null });`,
    });
    await expect(loadModuleSet(path.join(tmpRoot, "badargs-1"), modules, null)).rejects.toThrow(
      /Failed to analyze bad\.js: Invalid args validator for bad:fn: .*type "string"/,
    );
  });

  it("refuses a schema module without a defineSchema default export", async () => {
    const [schema] = await bundle({ "schema.ts": `export const x = 1;` }, { splitting: false });
    await expect(loadModuleSet(path.join(tmpRoot, "schema-1"), [], schema!)).rejects.toThrow(
      /Failed to analyze schema\.js: the schema module must `export default defineSchema/,
    );
  });

  it("refuses an http.js whose default export is not a router", async () => {
    const modules = await bundle(
      { "http.ts": `export default { notARouter: true };` },
      { splitting: false },
    );
    await expect(loadModuleSet(path.join(tmpRoot, "http-1"), modules, null)).rejects.toThrow(
      /http\.js: .*HttpRouter/,
    );
  });

  it("refuses module paths that escape the directory", async () => {
    const bad: ModuleSource = { path: "../escape.js", source: "export {}", environment: "isolate" };
    await expect(loadModuleSet(path.join(tmpRoot, "escape-1"), [bad], null)).rejects.toThrow(
      /Invalid module path/,
    );
    expect(existsSync(path.join(tmpRoot, "escape.js"))).toBe(false);
  });

  it("reads auth.config.js providers", async () => {
    const modules: ModuleSource[] = [
      {
        path: "auth.config.js",
        source: `export default { providers: [{ domain: "https://issuer.example", applicationID: "convex" }] };`,
        environment: "isolate",
      },
    ];
    const set = await loadModuleSet(path.join(tmpRoot, "auth-1"), modules, null);
    expect(set.authConfig).toEqual({
      providers: [{ domain: "https://issuer.example", applicationID: "convex" }],
    });
    expect(set.functions.size).toBe(0);
  });
});
