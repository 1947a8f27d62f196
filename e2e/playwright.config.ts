// One Playwright config for every Rooms app: a project per row of apps.ts, the same specs for
// each. Global setup starts the backend, builds and serves the apps (see global-setup.ts).
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "@rooms/tooling/chromium";
import { CROSS_APP_SPEC, apps, appUrl, crossAppPair } from "./apps";

const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "./specs",
  globalSetup: "./global-setup.ts",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // Two cores: each test already drives two browser contexts against one backend.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The JSON results are what `pnpm compare` reports as each app's conformance.
  reporter: [
    ["list"],
    ...(CI ? [["html", { open: "never" }] as const] : []),
    ["json", { outputFile: "../reports/e2e/results.json" }],
  ],
  use: {
    browserName: "chromium",
    // Debian's Chromium, closed to outside hosts (@rooms/tooling/chromium; see .ci/run).
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    ...apps.map((app) => ({
      name: app.name,
      testIgnore: CROSS_APP_SPEC,
      use: { baseURL: appUrl(app) },
    })),
    // The deployment's dashboard (apps/dashboard), once per run, unless E2E_APPS names apps.
    ...(process.env.E2E_APPS === undefined || process.env.E2E_APPS.split(",").includes("dashboard")
      ? [{ name: "dashboard", testDir: "./dashboard" }]
      : []),
    // Two apps against one deployment, once: only when both are in apps.ts.
    ...(crossAppPair.every((name) => apps.some((app) => app.name === name))
      ? [{ name: "cross-app", testMatch: CROSS_APP_SPEC }]
      : []),
  ],
});
