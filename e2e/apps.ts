// The apps the suite runs against: one Playwright project each. Adding an app (e.g. Vue) means
// adding a row here and nothing else; the specs never know which app they drive.

export interface AppUnderTest {
  /** Playwright project name (`--project=svelte`) and key in known-issues.ts. */
  name: string;
  /** The app's folder, relative to the repository root. */
  dir: string;
  /** Port the built app is served on (127.0.0.1). */
  port: number;
  /** Builds the app into `outputDir`; run in `dir`. */
  buildCommand: readonly string[];
  /** The static build, relative to `dir`. */
  outputDir: string;
  /** The page served for every route that is not a file (the SPA fallback), in `outputDir`. */
  fallback: string;
  /** The build-time variable that carries the Convex deployment URL into the bundle. */
  convexUrlVariable: string;
}

export const apps: readonly AppUnderTest[] = [
  {
    name: "svelte",
    dir: "apps/svelte",
    port: 4173,
    buildCommand: ["pnpm", "run", "build"],
    outputDir: "build",
    fallback: "index.html",
    convexUrlVariable: "PUBLIC_CONVEX_URL",
  },
  {
    name: "vue",
    dir: "apps/vue",
    port: 4174,
    buildCommand: ["pnpm", "run", "build"],
    outputDir: "dist",
    fallback: "index.html",
    convexUrlVariable: "PUBLIC_CONVEX_URL",
  },
];

export function appUrl(app: AppUnderTest): string {
  return `http://127.0.0.1:${app.port}`;
}

/**
 * The apps specs/cross-app.spec.ts puts in one room on one deployment: user A in the first, user
 * B in the second. That spec is its own Playwright project (`cross-app`), so it runs once, not
 * once per app; the per-app projects ignore it.
 */
export const crossAppPair: readonly [string, string] = ["svelte", "vue"];

/** The file of the cross-app spec, matched by the `cross-app` project only. */
export const CROSS_APP_SPEC = "**/cross-app.spec.ts";

/** The app named `name` in `apps`; throws for an unknown name. */
export function appNamed(name: string): AppUnderTest {
  const app = apps.find((candidate) => candidate.name === name);
  if (app === undefined) throw new Error(`no app named ${name} in apps.ts`);
  return app;
}
