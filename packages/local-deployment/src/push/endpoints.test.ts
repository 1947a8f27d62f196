import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPushHandler } from "./endpoints.js";
import { loadModuleSet } from "./load.js";
import type { ModuleSet, ModuleSource } from "../runtime/modules.js";
import type { PushTarget, StagedPush } from "./types.js";

const pkgRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(pkgRoot, "node_modules/convex/bin/main.js");
const ADMIN_KEY = "local-test|0123456789abcdef";
const tmpRoot = path.join(pkgRoot, `.tmp-push-${randomUUID().slice(0, 8)}`);

/** A PushTarget that keeps everything in memory and loads pushes with loadModuleSet. */
class FakeTarget implements PushTarget {
  readonly instanceName = "local-test";
  cloudUrl = "";
  siteUrl = "";
  readonly adminKey = ADMIN_KEY;
  active: ModuleSet | null = null;
  readonly staged = new Map<string, ModuleSet>();
  readonly activations: { id: string; functions: string[] }[] = [];
  readonly discarded: string[] = [];
  env: Record<string, string> = {};
  /** Set to make the next pushes fail in `wait_for_schema` / `finish_push`. */
  schemaFailure: { error: string; tableName: string | null } | null = null;
  activateFailure: string | null = null;
  private n = 0;

  constructor(private readonly root: string) {}
  activeModuleHashes() {
    return this.active?.hashes ?? [];
  }
  activeModules() {
    return this.active;
  }
  async stage(modules: ModuleSource[], schema: ModuleSource | null): Promise<StagedPush> {
    const id = `push-${++this.n}`;
    const set = await loadModuleSet(path.join(this.root, id), modules, schema);
    this.staged.set(id, set);
    return { id, modules: set };
  }
  schemaStatus() {
    return this.schemaFailure
      ? ({ type: "failed", ...this.schemaFailure } as const)
      : ({ type: "complete" } as const);
  }
  async activate(id: string) {
    const set = this.staged.get(id);
    if (!set) throw new Error(`unknown push ${id}`);
    if (this.activateFailure) throw new Error(this.activateFailure);
    this.staged.delete(id);
    this.active = set;
    this.activations.push({ id, functions: [...set.functions.keys()].sort() });
  }
  discard(id: string) {
    this.discarded.push(id);
    this.staged.delete(id);
  }
  updateEnvironmentVariables(changes: { name: string; value: string | null }[]) {
    for (const { name, value } of changes) {
      if (value === null) delete this.env[name];
      else this.env[name] = value;
    }
  }
  environmentVariables() {
    return { ...this.env };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: http.Server;
let url: string;
/** `METHOD /path` of every request the test server saw. */
const requests: string[] = [];
let target: FakeTarget;
const projectDir = path.join(tmpRoot, "project");

function write(rel: string, text: string) {
  const file = path.join(projectDir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Environment for the CLI: no network, empty HOME, only the self-hosted variables. */
function cliEnv(adminKey: string): NodeJS.ProcessEnv {
  const home = path.join(tmpRoot, "home");
  mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home,
    CONVEX_SELF_HOSTED_URL: url,
    CONVEX_SELF_HOSTED_ADMIN_KEY: adminKey,
    CI: "1",
    NO_COLOR: "1",
  };
}

/** Runs the real convex CLI against the test server. */
function runCli(
  args: string[],
  adminKey = ADMIN_KEY,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = cliEnv(adminKey);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: projectDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 110_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  mkdirSync(tmpRoot, { recursive: true });
  target = new FakeTarget(path.join(tmpRoot, "pushes"));
  const handle = createPushHandler(target, { logPollMs: 200 });
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${u.pathname}`);
    handle(req, res, u).then(
      (owned) => {
        if (!owned) {
          res.writeHead(404, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ code: "NotFound", message: `No route ${u.pathname}` }));
        }
      },
      (e) => {
        res.writeHead(500);
        res.end(String(e));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  target.cloudUrl = url;
  target.siteUrl = url.replace(/:\d+$/, ":1");

  write(
    "package.json",
    JSON.stringify({
      name: "push-test",
      private: true,
      type: "module",
      dependencies: { convex: "*" },
    }),
  );
  write(
    "convex/schema.ts",
    `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  messages: defineTable({ body: v.string(), author: v.string() }).index("by_author", ["author"]),
  tasks: defineTable({ text: v.string(), done: v.boolean() }),
});
`,
  );
  write(
    "convex/messages.ts",
    `import { query, mutation } from "./_generated/server";
import { v } from "convex/values";
export const list = query({ args: {}, handler: async (ctx) => await ctx.db.query("messages").collect() });
export const send = mutation({
  args: { body: v.string(), author: v.string() },
  handler: async (ctx, args) => { await ctx.db.insert("messages", args); },
});
`,
  );
  write(
    "convex/tasks.ts",
    `import { query, internalMutation } from "./_generated/server";
import { v } from "convex/values";
export const get = query({ args: { id: v.id("tasks") }, handler: async (ctx, { id }) => await ctx.db.get(id) });
export const complete = internalMutation({ args: { id: v.id("tasks") }, handler: async (ctx, { id }) => {
  await ctx.db.patch(id, { done: true });
} });
`,
  );
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(tmpRoot, { recursive: true, force: true });
});

describe("CLI push endpoints with the real convex CLI", () => {
  it("`convex dev --once` pushes, generates typed bindings and activates the functions", async () => {
    const r = await runCli(["dev", "--once", "--typecheck", "disable"]);
    expect(r.code, r.stderr).toBe(0);
    const apiDts = readFileSync(path.join(projectDir, "convex/_generated/api.d.ts"), "utf8");
    expect(apiDts).toMatch(/import type \* as messages from "..\/messages.js"/);
    expect(apiDts).toMatch(/import type \* as tasks from "..\/tasks.js"/);
    expect(apiDts).toContain("ApiFromModules");
    const dataModel = readFileSync(
      path.join(projectDir, "convex/_generated/dataModel.d.ts"),
      "utf8",
    );
    expect(dataModel).toContain("DataModelFromSchemaDefinition");

    expect(target.activations).toHaveLength(1);
    expect(target.activations[0]!.functions).toEqual([
      "messages:list",
      "messages:send",
      "tasks:complete",
      "tasks:get",
    ]);
    expect(target.active!.functions.get("tasks:complete")).toMatchObject({
      kind: "mutation",
      visibility: "internal",
    });
    expect(target.active!.schema!.tables.map((t) => t.tableName)).toEqual(["messages", "tasks"]);
    expect(r.stderr).toMatch(/Added table indexes:[\s\S]*messages\.by_author/);
  }, 120_000);

  it("a second push with a new function replaces the serving set", async () => {
    write(
      "convex/messages.ts",
      readFileSync(path.join(projectDir, "convex/messages.ts"), "utf8") +
        `export const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query("messages").collect()).length });\n`,
    );
    const r = await runCli(["dev", "--once", "--typecheck", "disable"]);
    expect(r.code, r.stderr).toBe(0);
    expect(target.activations).toHaveLength(2);
    expect(target.activations[1]!.functions).toEqual([
      "messages:count",
      "messages:list",
      "messages:send",
      "tasks:complete",
      "tasks:get",
    ]);
  }, 120_000);

  it("refuses a module that throws at import and does not activate it", async () => {
    write(
      "convex/broken.ts",
      `import { query } from "./_generated/server";\nexport const q = query(async () => 1);\nthrow new Error("kaboom during import");\n`,
    );
    try {
      const before = target.activations.length;
      const r = await runCli(["dev", "--once", "--typecheck", "disable"]);
      expect(r.code).not.toBe(0);
      const out = r.stdout + r.stderr;
      expect(out).toContain(
        "400 Bad Request: InvalidModules: Failed to analyze broken.js: Uncaught Error: kaboom during import",
      );
      expect(target.activations).toHaveLength(before);
      expect(target.active!.functions.has("broken:q")).toBe(false);
    } finally {
      rmSync(path.join(projectDir, "convex/broken.ts"));
    }
  }, 120_000);

  it("reports schema validation failures and activation failures without activating", async () => {
    const before = target.activations.length;
    target.schemaFailure = {
      error: 'Document 123 in table "tasks" does not match the schema',
      tableName: "tasks",
    };
    try {
      const r = await runCli(["dev", "--once", "--typecheck", "disable"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain("Schema validation failed.");
      expect(r.stdout + r.stderr).toContain(
        'Document 123 in table "tasks" does not match the schema',
      );
    } finally {
      target.schemaFailure = null;
    }
    target.activateFailure = "Existing documents in table tasks break the new schema";
    try {
      const r = await runCli(["dev", "--once", "--typecheck", "disable"]);
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain(
        "400 Bad Request: PushFailed: Existing documents in table tasks break the new schema",
      );
    } finally {
      target.activateFailure = null;
    }
    expect(target.activations).toHaveLength(before);
  }, 120_000);

  it("`convex codegen` stages a push without activating it", async () => {
    const before = target.activations.length;
    const r = await runCli(["codegen", "--typecheck", "disable"]);
    expect(r.code, r.stderr).toBe(0);
    expect(target.activations).toHaveLength(before);
    expect(requests.filter((q) => q === "POST /api/deploy2/start_push").length).toBeGreaterThan(0);
  }, 120_000);

  it("rejects a wrong admin key with BadAdminKey", async () => {
    const r = await runCli(["dev", "--once", "--typecheck", "disable"], "wrong-key");
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(
      "401 Unauthorized: BadAdminKey: The provided admin key was invalid for this instance",
    );
  }, 120_000);

  it("`convex dev` (watch mode) pushes and tails logs without spinning", async () => {
    const before = target.activations.length;
    const child = spawn(process.execPath, [CLI, "dev", "--typecheck", "disable"], {
      cwd: projectDir,
      env: cliEnv(ADMIN_KEY),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.on("close", resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (target.activations.length === before && Date.now() < deadline) await sleep(100);
      expect(target.activations.length, output).toBe(before + 1);
      const polls = () => requests.filter((r) => r === "GET /api/stream_function_logs").length;
      const start = polls();
      await sleep(1500);
      // logPollMs is 200 ms, so about 7 polls; a client spinning on instant answers would make hundreds.
      expect(polls() - start).toBeLessThan(20);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
  }, 120_000);

  it("`convex env set` and `convex deploy` work", async () => {
    const set = await runCli(["env", "set", "GREETING", "hello world"]);
    expect(set.code, set.stderr).toBe(0);
    expect(target.env).toEqual({ GREETING: "hello world" });

    // Nothing changed since the last push: the CLI sends every module as an unchanged hash, and the
    // endpoint rebuilds the module set from the serving sources.
    const before = target.activations.length;
    const r = await runCli(["deploy", "--typecheck", "disable", "--yes"]);
    expect(r.code, r.stderr).toBe(0);
    expect(target.activations).toHaveLength(before + 1);
    expect(target.activations.at(-1)!.functions).toEqual([
      "messages:count",
      "messages:list",
      "messages:send",
      "tasks:complete",
      "tasks:get",
    ]);
    expect(target.active!.sources.map((s) => s.path).sort()).toEqual(
      target.active!.hashes.map((h) => h.path).sort(),
    );
  }, 120_000);
});

describe("CLI push endpoints over plain HTTP", () => {
  const auth = { Authorization: `Convex ${ADMIN_KEY}`, "Content-Type": "application/json" };

  it("serves instance info and canonical URLs", async () => {
    expect(await (await fetch(`${url}/instance_name`)).text()).toBe("local-test");
    const res = await fetch(`${url}/api/v1/get_canonical_urls`, { headers: auth });
    expect(await res.json()).toEqual({ convexCloudUrl: url, convexSiteUrl: target.siteUrl });
    const missing = await fetch(`${url}/api/v1/get_canonical_urls`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: "MissingAdminKey" });
  });

  it("reports module hashes from get_config_hashes", async () => {
    const res = await fetch(`${url}/api/get_config_hashes`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ version: "1.48.0", adminKey: ADMIN_KEY }),
    });
    const body = (await res.json()) as {
      config: { functions: string };
      moduleHashes: { path: string }[];
    };
    expect(body.config.functions).toBe("convex/");
    expect(body.moduleHashes.map((h) => h.path)).toEqual(
      target.activeModuleHashes().map((h) => h.path),
    );
  });

  it("answers bad JSON, bad keys in bodies and brotli bodies", async () => {
    const badJson = await fetch(`${url}/api/deploy2/start_push`, {
      method: "POST",
      headers: auth,
      body: "{nope",
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({
      code: "BadJsonBody",
      message: expect.stringContaining("Invalid JSON body"),
    });

    const wrongBodyKey = await fetch(`${url}/api/deploy2/report_push_completed`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ adminKey: "nope", spans: [] }),
    });
    expect(wrongBodyKey.status).toBe(401);

    const br = await promisify(zlib.brotliCompress)(
      Buffer.from(JSON.stringify({ adminKey: ADMIN_KEY, spans: [] })),
    );
    const ok = await fetch(`${url}/api/deploy2/report_push_completed`, {
      method: "POST",
      headers: { ...auth, "Content-Encoding": "br" },
      body: br,
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});

    const invalid = await fetch(`${url}/api/deploy2/start_push`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ adminKey: ADMIN_KEY, dryRun: false }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      message: "Invalid start_push request: `appDefinition` must be an object",
    });
  });

  it("long-polls stream_function_logs and returns no entries", async () => {
    const start = Date.now();
    const res = await fetch(`${url}/api/stream_function_logs?cursor=0`, { headers: auth });
    const body = (await res.json()) as { entries: unknown[]; newCursor: number };
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
    expect(body.entries).toEqual([]);
    expect(body.newCursor).toBeGreaterThan(0);
  });

  it("leaves paths it does not own to the caller and rejects wrong methods", async () => {
    expect(
      (await fetch(`${url}/api/deploy2/unknown`, { method: "POST", headers: auth })).status,
    ).toBe(404);
    expect((await fetch(`${url}/api/deploy2/start_push`, { headers: auth })).status).toBe(405);
  });

  it("refuses finish_push for a push it never started", async () => {
    const res = await fetch(`${url}/api/deploy2/finish_push`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        adminKey: ADMIN_KEY,
        startPush: { localPushId: "nope" },
        dryRun: false,
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "UnknownPush" });
  });
});
