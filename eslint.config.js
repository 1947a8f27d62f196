// One flat config for the whole workspace. Package boundaries are enforced here:
// no package reaches into another through a relative path.
import js from "@eslint/js";
import svelte from "eslint-plugin-svelte";
import vue from "eslint-plugin-vue";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Node's built-in modules, for the code that must also run outside Node. */
const nodeModules = [
  "node:*",
  "fs",
  "fs/*",
  "path",
  "os",
  "crypto",
  "events",
  "util",
  "stream",
  "child_process",
  "worker_threads",
  "module",
  "url",
];
const frameworks = [
  "svelte",
  "svelte/*",
  "@sveltejs/*",
  "convex-svelte",
  "vue",
  "vue/*",
  "@vue/*",
  "vue-router",
  "convex-vue",
  "react",
  "react-dom",
];

const crossPackageImports = {
  // Deep relative climbs and paths through packages/ or apps/ cross a package boundary.
  group: ["../../../*", "**/packages/*/**", "**/apps/*/**"],
  message: "Import other packages by name (e.g. @rooms/domain), not by path.",
};

// packages/local-deployment's layers, lowest first: a module imports only from its own layer's
// folder and from lower layers (tests, test-support and conformance may reach anywhere). The
// argument for this order is in packages/local-deployment/README.md ("Layers").
const deploymentLayers = [
  ["values", "log"],
  ["storage"],
  ["engine"],
  ["files"],
  ["runtime"],
  ["scheduler", "auth"],
  ["http", "sync"],
  ["push"],
];
const deploymentLayerRules = deploymentLayers.flatMap((layer, rank) =>
  layer.map((name) => {
    const forbidden = deploymentLayers
      .flatMap((other, otherRank) =>
        otherRank > rank ? other : otherRank === rank ? other.filter((n) => n !== name) : [],
      )
      .flatMap((other) => [`../${other}/*`, `../${other}.js`, `./${other}/*`]);
    return {
      files: [
        `packages/local-deployment/src/${name}/**/*.ts`,
        `packages/local-deployment/src/${name}.ts`,
      ],
      ignores: ["**/*.test.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              crossPackageImports,
              {
                group: [...forbidden, "../deployment.js", "../index.js", "../cli.js"],
                message: `local-deployment layers run one way (${deploymentLayers.map((l) => l.join("/")).join(" → ")}): ${name}/ may not import a peer or a higher layer.`,
              },
            ],
          },
        ],
      },
    };
  }),
);

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/_generated/**",
      "**/.convex-local/**",
      "**/.tmp-*/**",
      "**/.svelte-kit/**",
      "apps/*/build/**",
      "apps/*/storybook-static/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [crossPackageImports],
        },
      ],
    },
  },
  // Components are linted with their own parsers, TypeScript inside: Svelte's recommended rules
  // for apps/svelte, Vue's essential ones (errors, not style: Prettier formats) for apps/vue.
  ...svelte.configs.recommended.map((config) => ({
    ...config,
    files: ["apps/{svelte,dashboard}/**/*.svelte"],
  })),
  {
    files: ["apps/{svelte,dashboard}/**/*.svelte"],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: [".svelte"] },
    },
    rules: {
      // resolve() prefixes a base path; the app is served at "/", and its file links point at
      // the deployment, not at a route.
      "svelte/no-navigation-without-resolve": "off",
    },
  },
  ...vue.configs["flat/essential"].map((config) => ({ ...config, files: ["apps/vue/**/*.vue"] })),
  {
    files: ["apps/vue/**/*.vue"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".vue"] } },
    rules: {
      // Component names mirror apps/svelte's one for one (Composer, Lobby), by design.
      "vue/multi-word-component-names": "off",
    },
  },
  {
    // The apps run in the browser (their scripts/ and configs run in Node, above).
    files: ["apps/*/src/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // packages/domain runs unchanged in a browser, in Node and in the Convex runtime, and is
    // pure: callers pass `now`. So no environment globals, no timers, no clock, and no imports
    // of a framework, Convex, Node or another workspace package. (Its tests may import vitest
    // and fast-check.)
    files: ["packages/domain/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        ...[
          "window",
          "self",
          "global",
          "document",
          "navigator",
          "location",
          "history",
          "localStorage",
          "sessionStorage",
          "fetch",
          "WebSocket",
          "performance",
          "process",
          "Buffer",
          "require",
          "module",
          "__dirname",
          "__filename",
          "setTimeout",
          "setInterval",
          "setImmediate",
          "clearTimeout",
          "clearInterval",
          "clearImmediate",
          "requestAnimationFrame",
          "cancelAnimationFrame",
          "queueMicrotask",
        ].map((name) => ({
          name,
          message: `packages/domain is environment-free and pure: no \`${name}\`. Take what you need as an argument.`,
        })),
      ],
      "no-restricted-properties": [
        "error",
        ...["window", "document", "navigator", "process", "setTimeout", "setInterval"].map(
          (property) => ({
            object: "globalThis",
            property,
            message: "packages/domain is environment-free: no DOM, Node or timer globals.",
          }),
        ),
        {
          object: "Date",
          property: "now",
          message: "packages/domain reads no clock: take `now` as an argument.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            crossPackageImports,
            {
              group: [...frameworks, "convex", "convex/*", "convex-*", "@convex-dev/*", "@rooms/*"],
              message:
                "packages/domain imports no framework, no Convex and no other workspace package.",
            },
            {
              group: nodeModules,
              message: "packages/domain runs outside Node too: no Node modules.",
            },
          ],
        },
      ],
    },
  },
  {
    // The realtime core is framework-free and runs in browsers and Node alike: no framework, and
    // no Node modules outside its tests, benches and test support.
    files: ["packages/client/src/**/*.ts"],
    ignores: ["**/*.test.ts", "packages/client/src/test-support/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            crossPackageImports,
            {
              group: frameworks,
              message: "@rooms/client imports no framework: the apps bind its models.",
            },
            { group: nodeModules, message: "@rooms/client runs in browsers: no Node modules." },
          ],
        },
      ],
    },
  },
  {
    // convex/ is deployed to Convex's runtime (no "use node" actions here): no Node modules, and
    // nothing from the apps, the client core, the stories or the local deployment.
    files: ["convex/**/*.ts"],
    ignores: ["convex/vitest.config.ts", "convex/_generated/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            crossPackageImports,
            {
              group: nodeModules,
              message: "convex/ runs in Convex's runtime, not Node: no Node modules.",
            },
            {
              group: [...frameworks, "@rooms/client", "@rooms/stories", "@rooms/local-deployment"],
              message: "convex/ depends on @rooms/domain and Convex only.",
            },
          ],
        },
      ],
    },
  },
  ...deploymentLayerRules,
);
