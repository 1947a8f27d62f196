// Bundle stats for `pnpm compare`: with ROOMS_BUNDLE_STATS=<file> set, a production build also
// writes rollup-plugin-visualizer's raw data (every module of the client bundle with its
// rendered, gzip and brotli bytes per output chunk) to <file>. Unset: no plugin, builds as usual.
// Client build only: SvelteKit's server build would overwrite the file.
import { visualizer } from "rollup-plugin-visualizer";

/** Vite plugins to spread into an app's `plugins`; empty unless ROOMS_BUNDLE_STATS is set. */
export function bundleStatsPlugins() {
  const filename = process.env.ROOMS_BUNDLE_STATS;
  if (!filename) return [];
  return [
    {
      ...visualizer({ filename, template: "raw-data", gzipSize: true, brotliSize: true }),
      apply: (_config, env) => env.command === "build" && !env.isSsrBuild,
    },
  ];
}
