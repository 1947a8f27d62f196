// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  interface ImportMetaEnv {
    /** The Convex deployment; vite.config.ts defaults it to the local deployment. */
    readonly PUBLIC_CONVEX_URL: string;
  }
  namespace App {}
}

export {};
