// The browser benches (bench/*.bench.ts): the suite's backend and apps (global-setup.ts), one
// Chromium, every app measured in the same run. `pnpm bench` in e2e; not part of `pnpm test`.
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "@rooms/tooling/chromium";

export default defineConfig({
  testDir: "./bench",
  testMatch: "*.bench.ts",
  globalSetup: "./global-setup.ts",
  workers: 1,
  timeout: 15 * 60_000,
  reporter: "list",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
});
