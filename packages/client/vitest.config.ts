// Two projects: `unit` (state machines with fake timers and an in-memory client fake) and
// `integration` (real ConvexClients against one local deployment with convex/ pushed, started by
// src/test-support/global-setup.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts"],
          exclude: ["src/**/*.integration.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["src/**/*.integration.test.ts"],
          globalSetup: ["src/test-support/global-setup.ts"],
          // A push takes seconds; the presence sweep waits out PRESENCE_TIMEOUT_MS.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: "forks",
          // Pushed function bundles are imported from the data dir at run time: let Node load
          // them as they are (as packages/local-deployment's own tests do).
          server: { deps: { external: [/\/(modules|scratch)\//] } },
        },
      },
    ],
  },
});
