// Storybook for the presentational components (stories beside them, `*.stories.ts`, CSF3).
// Written by hand: `storybook init` fails here. Addons and the framework are resolved to their
// package folders because pnpm does not hoist them where Storybook looks.
import type { StorybookConfig } from "@storybook/sveltekit";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = (name: string) =>
  dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));

const config: StorybookConfig = {
  stories: ["../src/**/*.stories.ts"],
  addons: [packageDir("@storybook/addon-docs"), packageDir("@storybook/addon-vitest")],
  framework: { name: packageDir("@storybook/sveltekit"), options: {} },
  core: { disableTelemetry: true },
};

export default config;
