import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Conformance tests start deployments and run the real convex CLI: a push takes seconds, and
    // a test running the CLI five times took 49 s on 2 cores with load 6 (CI runs the e2e suite
    // beside this one).
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Pushed function bundles are imported from the data dir at run time: let Node load them as
    // they are instead of transforming them like test sources.
    server: { deps: { external: [/\/(modules|scratch)\//] } },
  },
});
