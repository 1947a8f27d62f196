import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// Served by the local deployment at /dashboard/ (packages/local-deployment src/http/dashboard.ts).
// `pnpm --filter @rooms/dashboard dev` proxies the deployment's API to a deployment on :3210.
const deployment = "http://127.0.0.1:3210";

export default defineConfig({
  base: "/dashboard/",
  plugins: [svelte()],
  server: {
    host: "127.0.0.1",
    proxy: { "/api": { target: deployment, ws: true } },
  },
});
