// Debian's Chromium as every browser test here launches it (Playwright's own browser download
// is unreachable on this network): the e2e suite and both apps' Storybook tests.

/** The Chromium binary: $CHROMIUM_PATH, else Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags for a headless run in a container, closed to outside hosts. No --disable-features: it
 * would replace Playwright's own list.
 */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // No lookups of outside hosts in a closed network.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
];
