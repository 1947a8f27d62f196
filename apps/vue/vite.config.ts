import { bundleStatsPlugins } from "@rooms/tooling/bundle-stats";
import vue from "@vitejs/plugin-vue";
import { join } from "node:path";
import { defineConfig } from "vite";

// The deployment URL is read at build time from PUBLIC_CONVEX_URL, the Svelte app's variable
// (`.env` is gitignored, so a fresh clone has none): default to the local deployment `pnpm dev`
// starts.
process.env.PUBLIC_CONVEX_URL ??= "http://127.0.0.1:3210";

export default defineConfig({
  plugins: [vue(), ...bundleStatsPlugins()],
  resolve: { alias: { "@": join(import.meta.dirname, "src") } },
  envPrefix: ["VITE_", "PUBLIC_"],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
