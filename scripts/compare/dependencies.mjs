// Installed dependencies per app, from pnpm-lock.yaml (lockfile v9): the closure of the app's
// importer, following workspace links (`link:`) into the packages it uses and every package's own
// `dependencies` and `optionalDependencies` in `snapshots` (its peers left to whoever installs
// it, as pnpm resolves them). A package counts once per
// name@version (peer variants of one version are one install). Two counts: what the app needs at
// run time (`dependencies` only, from the app down) and everything installed to work on it
// (`devDependencies` of the app and of the workspace packages it links, too).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { APPS, ROOT, metric, valuesOf } from "./common.mjs";

/** `1.2.3(peer@4)(x@5)` → `1.2.3`: the installed version without the peer suffix. */
const bareVersion = (version) => String(version).replace(/\(.*$/, "");

/**
 * Distinct name@version installed for the importer at `dir` (relative to ROOT).
 * `dev`: include devDependencies of the app and of linked workspace packages.
 */
function closure(lock, dir, dev) {
  const seen = new Set();
  const visitedImporters = new Set();
  const pending = [];
  const visitImporter = (importerDir) => {
    if (visitedImporters.has(importerDir)) return;
    visitedImporters.add(importerDir);
    const importer = lock.importers[importerDir];
    if (importer === undefined) throw new Error(`pnpm-lock.yaml has no importer ${importerDir}`);
    const groups = [importer.dependencies, importer.optionalDependencies];
    if (dev) groups.push(importer.devDependencies);
    for (const group of groups) {
      for (const [name, { version }] of Object.entries(group ?? {})) {
        if (version.startsWith("link:")) {
          visitImporter(path.posix.normalize(path.posix.join(importerDir, version.slice(5))));
        } else pending.push([name, version]);
      }
    }
  };
  visitImporter(dir);
  while (pending.length > 0) {
    const [name, version] = pending.pop();
    const id = `${name}@${bareVersion(version)}`;
    const snapshot = lock.snapshots[`${name}@${version}`];
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    seen.add(id);
    // A peer is the installer's to provide (the app or a package above): not this package's.
    const peers = lock.packages[id]?.peerDependencies ?? {};
    for (const group of [snapshot?.dependencies, snapshot?.optionalDependencies]) {
      for (const [dep, depVersion] of Object.entries(group ?? {})) {
        if (!(dep in peers)) pending.push([dep, depVersion]);
      }
    }
  }
  // Count name@version once, whatever its peer variants.
  return new Set([...seen].map((key) => key.replace(/\(.*$/, ""))).size;
}

const readLock = () => parse(fs.readFileSync(path.join(ROOT, "pnpm-lock.yaml"), "utf8"));

/** Each app's direct dependencies (dev ones included) with their locked versions. */
export function lockfileVersions() {
  const lock = readLock();
  return Object.fromEntries(
    APPS.map((app) => {
      const importer = lock.importers[app.dir];
      const direct = { ...importer.dependencies, ...importer.devDependencies };
      return [
        app.name,
        Object.fromEntries(
          Object.entries(direct)
            .filter(([, { version }]) => !version.startsWith("link:"))
            .map(([name, { version }]) => [name, bareVersion(version)])
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      ];
    }),
  );
}

export function dependencyMetrics() {
  const lock = readLock();
  const runtime = APPS.map((app) => [closure(lock, app.dir, false)]);
  const installed = APPS.map((app) => [closure(lock, app.dir, true)]);
  return [
    metric(
      "dx",
      "installed packages, dev tools included (pnpm-lock.yaml)",
      "packages",
      valuesOf(installed),
    ),
    metric("dx", "run-time dependency packages (pnpm-lock.yaml)", "packages", valuesOf(runtime)),
  ];
}
