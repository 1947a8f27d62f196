// `pnpm size`: the sign-in route's initial JS, gzipped, against its budget (@rooms/tooling/size
// says what is counted): Kit's entry and app chunks, and the route's nodes (layout 0, page 2).
import { checkInitialJs } from "@rooms/tooling/size";

checkInitialJs({
  appDir: new URL("..", import.meta.url).pathname,
  outDir: "build",
  /** 60 KB gzip. */
  budgetBytes: 60 * 1024,
  kitNodes: ["0", "2"],
});
