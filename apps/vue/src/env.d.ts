/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Convex deployment; vite.config.ts defaults it to the local deployment. */
  readonly PUBLIC_CONVEX_URL: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
