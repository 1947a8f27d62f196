/** Measures the sign-in route's initial JS (gzip) and exits 0 within `budgetBytes`, 1 above. */
export declare function checkInitialJs(options: {
  appDir: string;
  outDir: string;
  budgetBytes: number;
  kitNodes?: string[];
}): never;
