// The auth session's context, apart from the Auth class so that pages can read it without
// bundling @rooms/client and convex: the sign-in route's initial JS stays small (`pnpm size`),
// and AppShell, loaded after first paint, provides the value.
import { createContext } from "svelte";
import type { Auth } from "./auth.svelte";

export const [getAuth, setAuth] = createContext<Auth>();
