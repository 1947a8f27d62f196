#!/usr/bin/env node
// Runs the compiled command line (`pnpm build` in this package writes dist/).
import { main } from "../dist/cli.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
