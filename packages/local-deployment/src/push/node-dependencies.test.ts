import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkNodeDependencies,
  DependencyError,
  installNodeDependencies,
  linkNodeModules,
} from "./node-dependencies.js";

const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe("checkNodeDependencies", () => {
  it("accepts npm names and versions, and refuses anything else naming the entry", () => {
    expect(
      checkNodeDependencies([
        { name: "react", version: "18.3.1" },
        { name: "@scope/pkg", version: "^1.2.0" },
      ]),
    ).toHaveLength(2);
    expect(checkNodeDependencies(undefined)).toEqual([]);
    expect(() => checkNodeDependencies([{ name: "../evil", version: "1.0.0" }])).toThrow(
      "nodeDependencies[0].name is not an npm package name",
    );
    expect(() =>
      checkNodeDependencies([
        { name: "ok", version: "1.0.0" },
        { name: "ok2", version: "" },
      ]),
    ).toThrow("nodeDependencies[1].version is not a version or range");
    expect(() => checkNodeDependencies({})).toThrow(DependencyError);
  });
});

describe("installNodeDependencies", () => {
  it("installs a set once, and a pushed module folder that links it can import the package", async () => {
    // A package from a local folder: npm installs it without a registry.
    const pkg = temp("rooms-dep-pkg-");
    fs.writeFileSync(
      path.join(pkg, "package.json"),
      JSON.stringify({ name: "rooms-tiny-dep", version: "1.0.0", main: "index.js" }),
    );
    fs.writeFileSync(path.join(pkg, "index.js"), "module.exports = { answer: 42 };\n");
    const dataDir = temp("rooms-dep-data-");
    const deps = [{ name: "rooms-tiny-dep", version: `file:${pkg}` }];

    const nodeModules = await installNodeDependencies(dataDir, deps);
    expect(nodeModules).not.toBeNull();
    expect(fs.existsSync(path.join(nodeModules!, "rooms-tiny-dep", "index.js"))).toBe(true);
    // The same set again: the earlier install, not a second one.
    const marker = fs.readdirSync(path.dirname(nodeModules!)).find((f) => f.startsWith("."));
    const stamp = fs.readFileSync(path.join(path.dirname(nodeModules!), marker!), "utf8");
    expect(await installNodeDependencies(dataDir, deps)).toBe(nodeModules);
    expect(fs.readFileSync(path.join(path.dirname(nodeModules!), marker!), "utf8")).toBe(stamp);

    const moduleDir = path.join(dataDir, "modules", "abc");
    fs.mkdirSync(moduleDir, { recursive: true });
    linkNodeModules(moduleDir, nodeModules!);
    fs.writeFileSync(
      path.join(moduleDir, "uses.mjs"),
      'import dep from "rooms-tiny-dep"; export default dep.answer;\n',
    );
    const loaded = (await import(path.join(moduleDir, "uses.mjs"))) as { default: number };
    expect(loaded.default).toBe(42);
    expect(await installNodeDependencies(dataDir, [])).toBeNull();
  }, 120_000);

  it("reports a failed install with npm's output", async () => {
    const dataDir = temp("rooms-dep-data-");
    // A tarball that does not exist: npm fails without reaching a registry.
    const missing = path.join(dataDir, "missing-1.0.0.tgz");
    await expect(
      installNodeDependencies(dataDir, [{ name: "rooms-missing-dep", version: `file:${missing}` }]),
    ).rejects.toThrow(/Installing external packages failed \(npm exit \d+\)/);
  }, 120_000);
});
