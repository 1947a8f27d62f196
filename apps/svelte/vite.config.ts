import { bundleStatsPlugins } from "@rooms/tooling/bundle-stats";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// The deployment URL is read at build time from PUBLIC_CONVEX_URL (`.env` is gitignored, so a
// fresh clone has none): default to the local deployment `pnpm dev` starts.
process.env.PUBLIC_CONVEX_URL ??= "http://127.0.0.1:3210";

export default defineConfig({
  plugins: [sveltekit(), ...bundleStatsPlugins()],
  envPrefix: ["VITE_", "PUBLIC_"],
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
