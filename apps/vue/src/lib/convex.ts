// The deployment this build talks to (vite.config.ts provides the default). Every error text the
// user sees comes from @rooms/client's models (`messageOf`: APP_SPEC "Strings").
export const CONVEX_URL: string = import.meta.env.PUBLIC_CONVEX_URL;
