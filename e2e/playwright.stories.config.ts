// Visual parity of the two Storybooks (stories/visual-parity.spec.ts): every story rendered from
// each app's static Storybook build (`build-storybook`) in one Chromium and compared pixel by
// pixel. Part of `pnpm test` in e2e, before the app suite; needs no backend.
import { defineConfig } from "@playwright/test";
import { chromiumArgs, chromiumPath } from "@rooms/tooling/chromium";

export default defineConfig({
  testDir: "./stories",
  forbidOnly: Boolean(process.env.CI),
  workers: 1,
  timeout: 60_000,
  reporter: "list",
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    viewport: { width: 1024, height: 768 },
  },
});
