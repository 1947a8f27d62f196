import type { Plugin } from "vite";

/** Vite plugins to spread into an app's `plugins`; empty unless ROOMS_BUNDLE_STATS is set. */
export function bundleStatsPlugins(): Plugin[];
