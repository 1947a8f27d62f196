import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Conformance tests start deployments and run the real convex CLI (a push takes seconds).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
