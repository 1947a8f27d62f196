// `pnpm test`: every story rendered (and its play function run) as a test, in vitest browser
// mode on Debian Chromium (@rooms/tooling/chromium), as in apps/svelte. The plugin applies
// .storybook/preview.ts itself (addon-vitest ≥ 10.3), so there is no setup file.
import { chromiumArgs, chromiumPath } from "@rooms/tooling/chromium";
import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import { playwright } from "@vitest/browser-playwright";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        extends: "./vite.config.ts",
        plugins: [storybookTest({ configDir: join(import.meta.dirname, ".storybook") })],
        test: {
          name: "storybook",
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: chromiumPath,
                args: chromiumArgs,
              },
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
