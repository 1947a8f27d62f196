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

/**
 * First port the built apps are served on; each app takes the next one. `E2E_PORT` moves the
 * range so that two checkouts can run the suite at once (default 4173).
 */
const BASE_PORT = portFromEnv(process.env.E2E_PORT, 4173);

const allApps: readonly AppUnderTest[] = [
  {
    name: "svelte",
    dir: "apps/svelte",
    port: BASE_PORT,
    buildCommand: ["pnpm", "run", "build"],
    outputDir: "build",
    fallback: "index.html",
    convexUrlVariable: "PUBLIC_CONVEX_URL",
  },
  {
    name: "vue",
    dir: "apps/vue",
    port: BASE_PORT + 1,
    buildCommand: ["pnpm", "run", "build"],
    outputDir: "dist",
    fallback: "index.html",
    convexUrlVariable: "PUBLIC_CONVEX_URL",
  },
];

/**
 * The apps this run drives: every row above, or only those named in `E2E_APPS` (comma-separated,
 * e.g. `E2E_APPS=vue`) to iterate on one app. An unknown name is an error, not an empty run.
 * `dashboard` names the deployment's dashboard project (dashboard/), which is not an app row.
 */
export const apps: readonly AppUnderTest[] = selectApps(process.env.E2E_APPS);

function selectApps(list: string | undefined): readonly AppUnderTest[] {
  if (list === undefined || list.trim() === "") return allApps;
  const names = list.split(",").map((name) => name.trim());
  for (const name of names)
    if (name !== "dashboard" && !allApps.some((app) => app.name === name))
      throw new Error(
        `E2E_APPS names "${name}"; known apps: ${allApps.map((app) => app.name).join(", ")}`,
      );
  return allApps.filter((app) => names.includes(app.name));
}

function portFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1024 || port > 65534)
    throw new Error(`E2E_PORT must be an integer port in 1024..65534, got "${value}"`);
  return port;
}

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
