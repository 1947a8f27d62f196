// The auth session's injection key, apart from useAuth.ts so that pages can read it without
// bundling @rooms/client and convex: the sign-in route's initial JS stays small (`pnpm size`),
// and AppShell, loaded after first paint, provides the value.
import { inject, provide, type InjectionKey } from "vue";
import type { Auth } from "./useAuth";

const key: InjectionKey<Auth> = Symbol("auth");

export function getAuth(): Auth {
  const auth = inject(key);
  if (!auth) throw new Error("getAuth: no AppShell above this component");
  return auth;
}

export function setAuth(auth: Auth): Auth {
  provide(key, auth);
  return auth;
}
