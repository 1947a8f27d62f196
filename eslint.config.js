// One flat config for the whole workspace. Package boundaries are enforced here:
// no package reaches into another through a relative path.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/_generated/**",
      "**/.convex-local/**",
      "**/.tmp-*/**",
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
          patterns: [
            {
              // Deep relative climbs and paths through packages/ or apps/ cross a package boundary.
              group: ["../../../*", "**/packages/*/**", "**/apps/*/**"],
              message: "Import other packages by name (e.g. @rooms/domain), not by path.",
            },
          ],
        },
      ],
    },
  },
);
