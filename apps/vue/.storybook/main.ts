// Storybook for the presentational components (stories beside them, `*.stories.ts`, CSF3), the
// same titles, stories and states as apps/svelte's (scripts/check-stories.mjs compares them).
// Written by hand, as in apps/svelte: addons and the framework are resolved to their package
// folders because pnpm does not hoist them where Storybook looks.
import type { StorybookConfig } from "@storybook/vue3-vite";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = (name: string) =>
  dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));

const config: StorybookConfig = {
  stories: ["../src/**/*.stories.ts"],
  addons: [packageDir("@storybook/addon-docs"), packageDir("@storybook/addon-vitest")],
  framework: { name: packageDir("@storybook/vue3-vite"), options: {} },
  core: { disableTelemetry: true },
};

export default config;
