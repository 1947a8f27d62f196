// Section 1 of `pnpm compare`, what the JS is made of: each app's production client build with
// rollup-plugin-visualizer's raw data (@rooms/tooling/bundle-stats, ROOMS_BUNDLE_STATS), every
// module's rendered bytes (its code as the bundler placed it in a chunk, before minification)
// summed by origin across all chunks, lazy ones included. Not gzip: the visualizer gzips each
// module alone, which overstates a runtime made of many small modules (Svelte's) against one
// made of a few large ones; the shares are what this section shows. Shown, not scored: the rows
// add up to the bundle the per-route sizes already score.
import fs from "node:fs";
import path from "node:path";
import { APPS, ROOT, metric, timed, valuesOf } from "./common.mjs";

/** Origins in report order; a module's origin is the first whose test matches its path. */
const ORIGINS = [
  {
    label: "framework runtime (Svelte + SvelteKit / Vue + vue-router)",
    packages: /^(svelte|@sveltejs\/kit|esm-env|devalue|vue|@vue\/.*|vue-router)$/,
    paths: /\/\.svelte-kit\//,
  },
  { label: "Convex client (convex)", packages: /^convex$/ },
  {
    label: "Convex adapter (convex-svelte / convex-vue, with its dependencies)",
    packages: /^(convex-svelte|convex-vue|runed)$/,
  },
  {
    label: "shared core (@rooms/domain, @rooms/client, generated API)",
    paths: /\/(packages\/(domain|client)|convex\/_generated)\//,
  },
  { label: "app code (components, routes, bindings)", paths: /\/apps\/[^/]+\/src\// },
  { label: "other libraries", packages: /./ },
  { label: "bundler runtime (virtual modules)", paths: /^\0/ },
];

/** The npm package a module path is in (the last node_modules segment), or null. */
function packageOf(id) {
  const at = id.lastIndexOf("/node_modules/");
  if (at < 0) return null;
  const [first, second] = id.slice(at + "/node_modules/".length).split("/");
  return first.startsWith("@") ? `${first}/${second}` : first;
}

function originOf(id) {
  const pkg = packageOf(id);
  for (const origin of ORIGINS) {
    if (pkg !== null && origin.packages?.test(pkg)) return origin.label;
    if (pkg === null && origin.paths?.test(id)) return origin.label;
  }
  return pkg === null ? "app code (components, routes, bindings)" : "other libraries";
}

/** `{ [origin]: rendered bytes }` from a visualizer raw-data file. */
function bytesByOrigin(file) {
  const { nodeParts, nodeMetas } = JSON.parse(fs.readFileSync(file, "utf8"));
  const totals = Object.fromEntries(ORIGINS.map((o) => [o.label, 0]));
  for (const meta of Object.values(nodeMetas)) {
    const origin = originOf(meta.id);
    for (const partUid of Object.values(meta.moduleParts)) {
      totals[origin] += nodeParts[partUid]?.renderedLength ?? 0;
    }
  }
  return totals;
}

/** Builds each app once more with stats on; the stats files land in `rawDir`. */
export function bundleMetrics(rawDir) {
  const totals = APPS.map((app) => {
    const file = path.join(rawDir, `${app.name}-bundle-stats.json`);
    timed("pnpm", ["run", "build"], path.join(ROOT, app.dir), { ROOMS_BUNDLE_STATS: file });
    return bytesByOrigin(file);
  });
  return ORIGINS.map((origin) => ({
    ...metric(
      "size",
      `all JS by origin: ${origin.label}, rendered before minification`,
      "KB",
      valuesOf(totals.map((t) => [t[origin.label] / 1024])),
    ),
    scored: false,
  }));
}
