// Storybook for the presentational components: the shared setup (@rooms/tooling/storybook) with
// this app's framework. Stories are written once in @rooms/stories (scripts/check-stories.mjs).
import type { StorybookConfig } from "@storybook/vue3-vite";
import { storybookMain } from "@rooms/tooling/storybook";

const config: StorybookConfig = storybookMain("@storybook/vue3-vite", import.meta.url);

export default config;
