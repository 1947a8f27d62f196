// The Storybook setup both apps share: stories beside their components (`*.stories.ts`, CSF3,
// bound to @rooms/stories), the docs and vitest addons, no telemetry (the preview's parameters
// are in storybook-preview.js: the preview runs in the browser).
// Written by hand: `storybook init` fails here. Addons are resolved to their package folders from
// the app, because pnpm does not hoist them where Storybook looks for addons.
// The framework stays a package name. Storybook loads `join(framework, "preset")`: from a
// package folder that is an extensionless path, which `import()` refuses, and Storybook's
// fallback, `require()` of that ES module, fails at random on Node 20 while another preset is
// importing the same modules (a CI run stopped on "SB_CORE-SERVER_0002 (CriticalPresetLoadError)
// … Cannot find module '…/@storybook/sveltekit/preset'"). The package name resolves through the
// package's `exports`, with no fallback.
import { dirname } from "node:path";
import { createRequire } from "node:module";

/**
 * `.storybook/main.ts`'s config for the app whose main.ts is at `mainUrl`
 * (`import.meta.url`), with `framework` ("@storybook/sveltekit", "@storybook/vue3-vite").
 */
export function storybookMain(framework, mainUrl) {
  const require = createRequire(mainUrl);
  const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));
  return {
    stories: ["../src/**/*.stories.ts"],
    addons: [packageDir("@storybook/addon-docs"), packageDir("@storybook/addon-vitest")],
    framework: { name: framework, options: {} },
    core: { disableTelemetry: true },
  };
}
