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
];

export function appUrl(app: AppUnderTest): string {
  return `http://127.0.0.1:${app.port}`;
}
