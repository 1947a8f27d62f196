// `pnpm test`: unit tests of the binding layer's pure parts, in Node. (Component stories and
// their browser tests come with the Vue Storybook.)
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "unit",
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
