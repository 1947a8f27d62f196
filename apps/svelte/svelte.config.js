// SvelteKit as a single-page app: adapter-static writes `build/` with `index.html` as the
// fallback for every route, and `src/routes/+layout.ts` turns SSR off (the app talks to Convex
// over a WebSocket from the browser only).
import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ fallback: "index.html" }),
  },
};
