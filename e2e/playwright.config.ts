// One Playwright config for every Rooms app: a project per row of apps.ts, the same specs for
// each. Global setup starts the backend, builds and serves the apps (see global-setup.ts).
import { defineConfig } from "@playwright/test";
import { CROSS_APP_SPEC, apps, appUrl, crossAppPair } from "./apps";

const CI = Boolean(process.env.CI);

/** Debian's Chromium (Playwright's own download host is unreachable here); see .ci/run. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Chromium as root in a closed network: no sandbox, no GPU, and no lookups or background
// traffic to outside hosts. No --disable-features: it would replace Playwright's own list.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];

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
  reporter: CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    ...apps.map((app) => ({
      name: app.name,
      testIgnore: CROSS_APP_SPEC,
      use: { baseURL: appUrl(app) },
    })),
    // Two apps against one deployment, once: only when both are in apps.ts.
    ...(crossAppPair.every((name) => apps.some((app) => app.name === name))
      ? [{ name: "cross-app", testMatch: CROSS_APP_SPEC }]
      : []),
  ],
});
