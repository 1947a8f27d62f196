/**
 * Conformance: the official `convex` CLI against the deployment (convex-protocol.md §i) —
 * codegen, refused pushes that leave the serving functions alone, env vars, deploy — and the
 * package's own `local-deployment` command.
 */
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  FIXTURE_PROJECT,
  push,
  runConvexCli,
  tempDataDir,
  type CliResult,
} from "../test-support/deployment.js";
import { api, startFixture, waitFor, type Fixture } from "./helpers.js";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const TSC = path.join(PACKAGE_DIR, "node_modules", "typescript", "bin", "tsc");

let fx: Fixture;
const projects: string[] = [];

/**
 * A copy of the fixture project inside the package (so `convex` resolves from node_modules),
 * in a git-ignored `.tmp-*` dir, with `files` (relative to `convex/`) added or replaced.
 */
function projectCopy(files: Record<string, string> = {}): string {
  const dir = path.join(PACKAGE_DIR, `.tmp-cli-${crypto.randomBytes(4).toString("hex")}`);
  projects.push(dir);
  fs.mkdirSync(path.join(dir, "convex"), { recursive: true });
  fs.copyFileSync(path.join(FIXTURE_PROJECT, "package.json"), path.join(dir, "package.json"));
  for (const f of fs.readdirSync(path.join(FIXTURE_PROJECT, "convex"))) {
    if (f.endsWith(".ts"))
      fs.copyFileSync(path.join(FIXTURE_PROJECT, "convex", f), path.join(dir, "convex", f));
  }
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(dir, "convex", name), text);
  return dir;
}

const output = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

const pushArgs = ["dev", "--once", "--typecheck", "disable", "--codegen", "disable"];

beforeAll(async () => {
  fx = await startFixture();
});

afterEach(async () => {
  await fx.closeClients();
});

afterAll(async () => {
  await fx?.close();
  for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});

describe("convex dev / deploy", () => {
  it("writes typed _generated code with codegen enabled", async () => {
    const dir = projectCopy();
    const result = await runConvexCli(fx.dep, ["dev", "--once", "--typecheck", "disable"], dir);
    expect(result.code, output(result)).toBe(0);
    const generated = path.join(dir, "convex", "_generated");
    const apiTypes = fs.readFileSync(path.join(generated, "api.d.ts"), "utf8");
    expect(apiTypes).toContain("ApiFromModules");
    for (const mod of ["counters", "messages", "pagination", "nested"])
      expect(apiTypes).toMatch(new RegExp(`\\b${mod}: typeof ${mod}\\b`));
    expect(fs.readFileSync(path.join(generated, "dataModel.d.ts"), "utf8")).toContain(
      "DataModelFromSchemaDefinition",
    );
    for (const f of ["api.js", "server.js", "server.d.ts"])
      expect(fs.existsSync(path.join(generated, f)), f).toBe(true);
    // The push went through as well.
    expect(await fx.http().mutation(api.counters.increment, { name: "codegen" })).toBe(1);
  });

  it("refuses a module that throws at import, with a clear error, and keeps serving the previous functions", async () => {
    const client = fx.client();
    const values: unknown[] = [];
    client.onUpdate(api.counters.get, { name: "survivor" }, (v) => values.push(v));
    await waitFor(() => values.length > 0, "the subscription's first result");

    const dir = projectCopy({
      "broken.ts": `import { queryGeneric } from "convex/server";\nexport const hello = queryGeneric({ args: {}, handler: async () => "hi" });\nthrow new Error("broken at import");\n`,
    });
    const result = await runConvexCli(fx.dep, pushArgs, dir);
    expect(result.code).not.toBe(0);
    expect(output(result)).toContain("broken at import");
    expect(output(result)).toMatch(/broken\.js/);

    await expect(fx.http().query(api.broken.hello, {})).rejects.toThrow(
      /Could not find public function/,
    );
    expect(await fx.http().mutation(api.counters.increment, { name: "survivor" })).toBe(1);
    await waitFor(() => values[values.length - 1] === 1, "the old subscription to keep updating");
  });

  it("deploys with `convex deploy`", async () => {
    const dir = projectCopy({
      "extra.ts": `import { queryGeneric } from "convex/server";\nexport const hello = queryGeneric({ args: {}, handler: async () => "hello from deploy" });\n`,
    });
    const result = await runConvexCli(
      fx.dep,
      ["deploy", "--typecheck", "disable", "--codegen", "disable", "--yes"],
      dir,
    );
    expect(result.code, output(result)).toBe(0);
    expect(await fx.http().query(api.extra.hello, {})).toBe("hello from deploy");
    // Existing functions and data are still there.
    expect(await fx.http().query(api.counters.get, { name: "survivor" })).toBe(1);
  });

  it("refuses a schema change that existing documents break, keeping the old schema", async () => {
    // Its own deployment: this test changes the schema.
    const own = await startFixture();
    try {
      const http = own.http();
      await http.mutation(api.data.insertPerson, { doc: { name: "existing", age: 40 } });
      const schema = fs.readFileSync(path.join(FIXTURE_PROJECT, "convex", "schema.ts"), "utf8");
      const strict = schema.replace(
        "people: defineTable({ name: v.string(), age: v.number(), email: v.optional(v.string()) })",
        "people: defineTable({ name: v.string(), age: v.number(), email: v.optional(v.string()), nickname: v.string() })",
      );
      expect(strict).not.toBe(schema);
      const result = await runConvexCli(own.dep, pushArgs, projectCopy({ "schema.ts": strict }));
      expect(result.code).not.toBe(0);
      expect(output(result)).toMatch(/does not match the schema/);
      expect(output(result)).toContain("people");

      // Still the old schema: no nickname required, and an extra nickname is refused.
      await http.mutation(api.data.insertPerson, { doc: { name: "after", age: 1 } });
      await expect(
        http.mutation(api.data.insertPerson, { doc: { name: "nick", age: 1, nickname: "n" } }),
      ).rejects.toThrow(/does not match the schema/);

      // A compatible change goes through and is enforced.
      const relaxed = strict.replace("nickname: v.string()", "nickname: v.optional(v.string())");
      const ok = await runConvexCli(own.dep, pushArgs, projectCopy({ "schema.ts": relaxed }));
      expect(ok.code, output(ok)).toBe(0);
      await http.mutation(api.data.insertPerson, { doc: { name: "nick", age: 1, nickname: "n" } });
      expect((await http.query(api.data.people, {})).sort()).toEqual(["after", "existing", "nick"]);
    } finally {
      await own.close();
    }
  });

  it("re-runs subscribed queries with the new code after a push, with no commit in between", async () => {
    const version = (v: string) => ({
      "version.ts": `import { queryGeneric } from "convex/server";\nexport const get = queryGeneric({ args: {}, handler: async () => "${v}" });\n`,
    });
    const first = await runConvexCli(fx.dep, pushArgs, projectCopy(version("v1")));
    expect(first.code, output(first)).toBe(0);
    const client = fx.client();
    const values: unknown[] = [];
    client.onUpdate(api.version.get, {}, (v) => values.push(v));
    await waitFor(() => values[values.length - 1] === "v1", "v1");
    const second = await runConvexCli(fx.dep, pushArgs, projectCopy(version("v2")));
    expect(second.code, output(second)).toBe(0);
    await waitFor(
      () => values[values.length - 1] === "v2",
      `the subscription to show v2 (got ${JSON.stringify(values)})`,
    );
    // A fresh subscriber at the same timestamp gets the new code too.
    expect(await fx.client().query(api.version.get, {})).toBe("v2");
  });

  it("pushes again after a refused push", async () => {
    await push(fx.dep);
    await expect(fx.http().query(api.extra.hello, {})).rejects.toThrow(
      /Could not find public function/,
    );
    expect(await fx.http().query(api.counters.get, { name: "survivor" })).toBe(1);
  });
});

describe("convex env", () => {
  it("sets, lists, gets and removes environment variables", async () => {
    const run = async (...args: string[]) => {
      const r = await runConvexCli(fx.dep, ["env", ...args]);
      expect(r.code, output(r)).toBe(0);
      return r.stdout;
    };
    await run("set", "FOO", "bar");
    await run("set", "OTHER", "value with spaces");
    const listed = await run("list");
    expect(listed).toMatch(/^FOO=bar$/m);
    expect(listed).toMatch(/^OTHER=value with spaces$/m);
    expect((await run("get", "FOO")).trim()).toBe("bar");
    await run("set", "FOO", "baz");
    expect((await run("get", "FOO")).trim()).toBe("baz");
    await run("remove", "FOO");
    const list = await run("list");
    expect(list).not.toMatch(/FOO=/);
    expect(list).toMatch(/^OTHER=/m);
    const missing = await runConvexCli(fx.dep, ["env", "get", "FOO"]);
    expect(output(missing)).toMatch(/not found/i);
    // A name every object inherits is not a variable.
    const inherited = await runConvexCli(fx.dep, ["env", "get", "toString"]);
    expect(output(inherited)).toMatch(/not found/i);
  });

  // Deployment env vars reach functions through process.env (convex-protocol.md §f).
  it("exposes environment variables to functions as process.env", async () => {
    const dir = projectCopy({
      "env.ts": `import { queryGeneric } from "convex/server";\nexport const read = queryGeneric({ args: {}, handler: async () => process.env.FROM_ENV ?? null });\n`,
    });
    const r = await runConvexCli(fx.dep, pushArgs, dir);
    expect(r.code, output(r)).toBe(0);
    const values: unknown[] = [];
    fx.client().onUpdate(api.env.read, {}, (v) => values.push(v));
    await waitFor(() => values.length > 0 && values[values.length - 1] === null, "the unset value");
    expect((await runConvexCli(fx.dep, ["env", "set", "FROM_ENV", "yes"])).code).toBe(0);
    expect(await fx.http().query(api.env.read, {})).toBe("yes");
    // Subscriptions re-run with the new value although nothing was committed.
    await waitFor(
      () => values[values.length - 1] === "yes",
      "the subscription to see the new value",
    );
  });
});

describe("local-deployment command", () => {
  const BIN = path.join(PACKAGE_DIR, "bin", "local-deployment.mjs");

  beforeAll(() => {
    // `pnpm build` writes dist/ before tests run; build it here when it is missing or stale.
    const built = path.join(PACKAGE_DIR, "dist", "cli.js");
    const newest = (dir: string): number =>
      Math.max(
        0,
        ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
          const p = path.join(dir, e.name);
          return e.isDirectory()
            ? newest(p)
            : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
              ? fs.statSync(p).mtimeMs
              : 0;
        }),
      );
    if (
      !fs.existsSync(built) ||
      fs.statSync(built).mtimeMs < newest(path.join(PACKAGE_DIR, "src"))
    ) {
      try {
        execFileSync(
          process.execPath,
          [
            TSC,
            "-p",
            "tsconfig.json",
            "--noEmit",
            "false",
            "--outDir",
            "dist",
            "--declaration",
            "false",
          ],
          {
            cwd: PACKAGE_DIR,
            stdio: "pipe",
          },
        );
      } catch (e) {
        // Type errors still emit JavaScript (typecheck reports them); only a missing build is fatal.
        if (!fs.existsSync(built)) throw e;
      }
    }
  });

  function run(args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: PACKAGE_DIR,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  it("starts, prints the URLs and admin key, serves, and exits 0 on SIGTERM", async () => {
    const dataDir = tempDataDir();
    const child = spawn(
      process.execPath,
      [
        BIN,
        "start",
        "--port",
        "0",
        "--site-port",
        "0",
        "--data-dir",
        dataDir,
        "--admin-key",
        "cli-key",
      ],
      {
        cwd: PACKAGE_DIR,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on("close", (code) => resolve(code)),
    );
    try {
      const url = await waitFor(
        () => /^CONVEX_SELF_HOSTED_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1],
        `the URL line (stderr: ${stderr})`,
      );
      expect(stdout).toMatch(/^CONVEX_SELF_HOSTED_ADMIN_KEY=cli-key$/m);
      expect(stdout).toMatch(/Site URL:\s+http:\/\/127\.0\.0\.1:\d+/);
      const res = await fetch(`${url}/instance_name`);
      expect(res.status).toBe(200);
      const env = await runConvexCli({ cloudUrl: url, adminKey: "cli-key" }, ["env", "list"]);
      expect(env.code, output(env)).toBe(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("exits 2 with the usage for bad commands and flags", async () => {
    for (const args of [
      [],
      ["bogus"],
      ["start", "--port", "abc"],
      ["start", "--port", "70000"],
      ["start", "--nope"],
      ["reset"],
    ]) {
      const r = await run(args);
      expect(r.code, `${args.join(" ")}: ${output(r)}`).toBe(2);
      expect(r.stderr).toContain("Usage:");
    }
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("local-deployment start");
  });
});
