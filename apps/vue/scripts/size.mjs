// `pnpm size`: the sign-in route's initial JS, gzipped, against its budget (@rooms/tooling/size
// says what is counted). Route components and AppShell (Convex, the auth session) are dynamic
// imports and not counted, as in apps/svelte.
import { checkInitialJs } from "@rooms/tooling/size";

checkInitialJs({
  appDir: new URL("..", import.meta.url).pathname,
  outDir: "dist",
  /** 75 KB gzip. */
  budgetBytes: 75 * 1024,
});
