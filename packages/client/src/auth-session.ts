// Sign-in state over Convex Auth (@convex-dev/auth 0.0.95), without React. It speaks the same
// protocol as the library's React client (dist/react/client.js):
//
// - `auth:signIn` with `{ provider: "password", params: { email, password, flow, name } }` or
//   `{ provider: "anonymous" }` returns `{ tokens: { token, refreshToken } }`; it runs over the
//   app's own ConvexClient, so a signed-in guest who signs up keeps their user (the library links
//   the new account to the caller's session).
// - `auth:signIn` with `{ refreshToken }` returns fresh tokens, or `tokens: null` when the session
//   is gone. It goes over HTTP, because ConvexClient stops its socket while it waits for a new
//   token after the server rejected one (authentication_manager.ts `tryToReauthenticate`).
// - Both tokens are kept in the given storage under the React client's keys
//   (`__convexAuthJWT_<namespace>`, `__convexAuthRefreshToken_<namespace>`), so a session
//   survives reloads.
//
// ConvexClient drives the refresh once it has the fetcher (`client.setAuth`): it asks for a
// fresh token right after the server accepted the stored one (on startup), again 10 s before
// each token's `exp`, and whenever the server rejects a token. A stored token that has already
// expired is refreshed before it is handed over.
import { api } from "@rooms/convex/_generated/api";
import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs } from "convex/server";
import { browserNetwork, type NetworkHook } from "./connection-state";
import type { ClientForAuth } from "./convex";
import { AuthError, authErrorOf, decodeJwt, userIdOf } from "./auth-errors";
import { Store, type Readable } from "./store";

/** `localStorage`, `sessionStorage`, a Map-backed object in tests; may be async. */
export interface TokenStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

export type Tokens = { token: string; refreshToken: string };

export type AuthState =
  | { status: "loading"; error: null }
  | { status: "signedOut"; error: AuthError | null }
  | { status: "signedIn"; userId: string; error: AuthError | null };

export interface AuthSessionOptions {
  client: ClientForAuth;
  storage: TokenStorage;
  /** Storage key suffix. Default: the deployment URL, as ConvexAuthProvider's default. */
  namespace?: string;
  /**
   * Exchanges a refresh token for new tokens (null: the session is gone). Default: `auth:signIn`
   * over ConvexHttpClient. Throwing a TypeError (what fetch throws offline) means "retry".
   */
  refresh?: (refreshToken: string) => Promise<Tokens | null>;
  /** Waits between refresh attempts that failed for lack of network; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** Clock for token expiry, ms since the epoch. Default Date.now. */
  now?: () => number;
  /**
   * Changes other tabs make to `storage` (default `browserStorageEvents()`, the window's
   * `storage` events; null: none). Another tab removing the refresh token (signing out, or
   * finding its session gone) ends this tab's session too.
   */
  storageEvents?: StorageEventsHook | null;
  /**
   * Whether the device has a network (default `browserNetwork()`; null: assume it has). A
   * sign-in started offline, or cut off before it ends, fails at once with a network error.
   */
  network?: NetworkHook | null;
}

/** Changes made to the token storage by someone else (another tab). */
export interface StorageEventsHook {
  /** `key` null: the whole storage was cleared. Returns the unsubscribe function. */
  subscribe(listener: (key: string | null, newValue: string | null) => void): () => void;
}

/** The window's `storage` events (fired for changes made by other tabs); null outside a browser. */
export function browserStorageEvents(): StorageEventsHook | null {
  const target = globalThis as Partial<Pick<Window, "addEventListener" | "removeEventListener">>;
  if (typeof target.addEventListener !== "function" || !("document" in globalThis)) return null;
  return {
    subscribe(listener) {
      const onStorage = (event: StorageEvent) => listener(event.key, event.newValue);
      target.addEventListener?.("storage", onStorage);
      return () => target.removeEventListener?.("storage", onStorage);
    },
  };
}

/**
 * Where the route guard sends the user (APP_SPEC "Routes"), or null to stay. `previous` is the
 * status the guard saw before this one: a session that goes from signed in to signed out without
 * an error was ended by the user (sign out) and lands on "/" as it is; any other signed-out visit
 * to a /rooms page goes to "/?next=<path and query>". Signed in on "/": `next` when it starts
 * with /rooms, else /rooms. Nothing while loading.
 */
export function authRedirect(
  state: AuthState,
  previous: AuthState["status"] | null,
  location: { pathname: string; search: string },
): string | null {
  const { pathname, search } = location;
  if (state.status === "signedOut" && pathname.startsWith("/rooms")) {
    if (previous === "signedIn" && state.error === null) return "/";
    return `/?next=${encodeURIComponent(pathname + search)}`;
  }
  if (state.status === "signedIn" && pathname === "/") {
    const next = new URLSearchParams(search).get("next");
    return next?.startsWith("/rooms") ? next : "/rooms";
  }
  return null;
}

export interface SignUpArgs {
  email: string;
  password: string;
  /** Display name; the backend defaults it to the email's local part. */
  name?: string;
}

export interface AuthSession extends Readable<AuthState> {
  /** Creates an account and signs in. Rejects with AuthError. */
  signUp(args: SignUpArgs): Promise<void>;
  /** Rejects with AuthError ("invalidCredentials" for a wrong email or password). */
  signIn(args: { email: string; password: string }): Promise<void>;
  /** Signs in as a new anonymous user ("Guest 1234"). */
  signInAsGuest(): Promise<void>;
  /**
   * Ends the session on the server (best effort), forgets the tokens, clears the client's auth.
   * The `beforeSignOut` tasks run first, while still signed in.
   */
  signOut(): Promise<void>;
  /**
   * Runs `task` at the start of every sign-out, while the client is still signed in (awaited,
   * its errors ignored): presence uses it to leave its room before the identity goes. Returns
   * the function that removes it.
   */
  beforeSignOut(task: () => unknown): () => void;
  /** Stops reacting to the client; the client keeps its current auth. */
  dispose(): void;
}

const JWT_KEY = "__convexAuthJWT";
const REFRESH_TOKEN_KEY = "__convexAuthRefreshToken";
/** A stored token this close to its `exp` is refreshed before use (ConvexClient's leeway). */
const EXPIRY_LEEWAY_MS = 10_000;
const DEFAULT_RETRY_DELAYS_MS = [500, 2000, 5000, 10_000];

/**
 * Restores the stored session (state "loading" until the server has accepted or refused it) and
 * keeps `client` authenticated. One session per client.
 */
export function createAuthSession(options: AuthSessionOptions): AuthSession {
  const { client, storage } = options;
  const now = options.now ?? Date.now;
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const namespace = (options.namespace ?? client.client.url).replace(/[^a-zA-Z0-9]/g, "");
  const jwtKey = `${JWT_KEY}_${namespace}`;
  const refreshKey = `${REFRESH_TOKEN_KEY}_${namespace}`;
  const refresh =
    options.refresh ??
    (async (refreshToken: string) => {
      // No logger: the library logs an INFO line per refresh; failures reach us as errors.
      const http = new ConvexHttpClient(client.client.url, { logger: false });
      return (await http.action(api.auth.signIn, { refreshToken })).tokens ?? null;
    });

  const store = new Store<AuthState>({ status: "loading", error: null });
  let tokens: Tokens | null = null;
  /** Bumped by every setAuth, sign-out and dispose: callbacks of older ones are ignored. */
  let generation = 0;
  let refreshing: Promise<string | null> | null = null;
  let disposed = false;
  const signOutTasks = new Set<() => unknown>();

  async function saveTokens(next: Tokens | null): Promise<void> {
    tokens = next;
    if (next === null) {
      await storage.removeItem(jwtKey);
      await storage.removeItem(refreshKey);
    } else {
      await storage.setItem(jwtKey, next.token);
      await storage.setItem(refreshKey, next.refreshToken);
    }
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const expiresSoon = (token: string) => {
    const exp = decodeJwt(token)?.exp;
    return typeof exp !== "number" || exp * 1000 - now() < EXPIRY_LEEWAY_MS;
  };

  /**
   * New tokens for the stored refresh token; retries while offline; null when the session is gone.
   * Storage is read first, as the React client does: another tab sharing it may have rotated the
   * refresh token already (reusing an old one after 10 s ends the session for every tab), and
   * if that tab's new JWT is still fresh there is nothing to refresh.
   */
  async function refreshTokens(): Promise<string | null> {
    const [storedToken, storedRefresh] = [
      await storage.getItem(jwtKey),
      await storage.getItem(refreshKey),
    ];
    if (tokens !== null && storedToken && storedRefresh && storedToken !== tokens.token) {
      if (!expiresSoon(storedToken)) {
        tokens = { token: storedToken, refreshToken: storedRefresh };
        return storedToken;
      }
      tokens = { ...tokens, refreshToken: storedRefresh };
    }
    const refreshToken = tokens?.refreshToken;
    if (refreshToken === undefined) return null;
    for (let attempt = 0; !disposed; attempt++) {
      try {
        const next = await refresh(refreshToken);
        // Signed out (or in again) meanwhile: these tokens belong to nobody.
        if (tokens?.refreshToken !== refreshToken) return tokens?.token ?? null;
        await saveTokens(next);
        return next?.token ?? null;
      } catch (error) {
        if (!(error instanceof TypeError)) return null;
        await sleep(retryDelays[Math.min(attempt, retryDelays.length - 1)] ?? 1000);
      }
    }
    return null;
  }

  function fetchToken({ forceRefreshToken }: { forceRefreshToken: boolean }) {
    if (!forceRefreshToken) return Promise.resolve(tokens?.token ?? null);
    refreshing ??= refreshTokens().finally(() => (refreshing = null));
    return refreshing;
  }

  /** Hands the fetcher to the client; resolves with the server's verdict on the token. */
  function authenticate(): Promise<boolean> {
    const current = ++generation;
    return new Promise((resolve) => {
      client.setAuth(
        (args) => (current === generation ? fetchToken(args) : Promise.resolve(null)),
        (isAuthenticated) => {
          if (current !== generation) return;
          if (isAuthenticated && tokens !== null) {
            const error = store.getSnapshot().error;
            store.set({ status: "signedIn", userId: userIdOf(tokens.token), error });
          } else {
            // Refused and not refreshable: the session ended (expired, signed out elsewhere).
            const wasSignedIn = store.getSnapshot().status === "signedIn";
            void saveTokens(null);
            store.set({
              status: "signedOut",
              error: wasSignedIn
                ? new AuthError("sessionExpired", "Your session has ended. Please sign in again.")
                : null,
            });
          }
          resolve(isAuthenticated);
        },
      );
    });
  }

  async function start(): Promise<void> {
    const [token, refreshToken] = [
      await storage.getItem(jwtKey),
      await storage.getItem(refreshKey),
    ];
    if (disposed) return;
    if (!token || !refreshToken) {
      store.set({ status: "signedOut", error: null });
      return;
    }
    tokens = { token, refreshToken };
    if (expiresSoon(token)) {
      if ((await fetchToken({ forceRefreshToken: true })) === null) {
        if (!disposed) store.set({ status: "signedOut", error: null });
        return;
      }
    }
    if (!disposed) await authenticate();
  }

  const network = options.network === undefined ? browserNetwork() : options.network;

  /**
   * `call()`, or a network AuthError when the device is offline or the socket drops before the
   * call ends: ConvexClient keeps an action whose socket dropped until it has reconnected, and
   * only then fails it, which offline may be never.
   */
  function unlessDisconnected<T>(call: () => Promise<T>): Promise<T> {
    const networkError = () =>
      new AuthError("network", "Could not reach the server. Check your connection and try again.");
    if (network !== null && !network.isOnline()) return Promise.reject(networkError());
    return new Promise<T>((resolve, reject) => {
      let stop = () => {};
      let wasConnected = client.connectionState().isWebSocketConnected;
      const check = () => {
        const connected = client.connectionState().isWebSocketConnected;
        if ((wasConnected && !connected) || (network !== null && !network.isOnline())) {
          stop();
          reject(networkError());
        }
        wasConnected ||= connected;
      };
      const stopClient = client.subscribeToConnectionState(check);
      const stopNetwork = network?.subscribe(check);
      stop = () => {
        stopClient();
        stopNetwork?.();
      };
      call().then(
        (value) => {
          stop();
          resolve(value);
        },
        (error: unknown) => {
          stop();
          reject(error);
        },
      );
    });
  }

  async function signInWith(args: FunctionArgs<typeof api.auth.signIn>) {
    store.patch({ error: null });
    try {
      const result = await unlessDisconnected(() => client.action(api.auth.signIn, args));
      if (!result.tokens)
        throw new AuthError("unknown", "Sign-in did not complete. Please try again.");
      await saveTokens(result.tokens);
    } catch (error) {
      const authError = authErrorOf(error);
      store.patch({ error: authError });
      throw authError;
    }
    if (!(await authenticate())) {
      const error = new AuthError(
        "unknown",
        "The server did not accept the session. Please try again.",
      );
      store.set({ status: "signedOut", error });
      throw error;
    }
  }

  /**
   * Drops the client's identity and reports signed out with `error`. A live socket keeps its
   * identity until told otherwise; setAuth(() => null) alone does not (the client drops that
   * Authenticate while its socket is paused for the fetch). The setAuth also cancels the
   * client's scheduled refresh of the old token.
   */
  function becomeSignedOut(error: AuthError | null): void {
    client.client.clearAuth();
    client.setAuth(
      async () => null,
      () => {},
    );
    store.set({ status: "signedOut", error });
  }

  /** Another tab removed the tokens: this tab's session is over as well. */
  function endedElsewhere(): void {
    if (store.getSnapshot().status !== "signedIn") return;
    generation++;
    tokens = null;
    becomeSignedOut(
      new AuthError("sessionExpired", "Your session has ended. Please sign in again."),
    );
  }

  const storageEvents =
    options.storageEvents === undefined ? browserStorageEvents() : options.storageEvents;
  const unsubscribeStorage =
    storageEvents?.subscribe((key, newValue) => {
      if ((key === refreshKey || key === null) && newValue === null) endedElsewhere();
    }) ?? (() => {});

  void start();

  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    signUp: ({ email, password, name }) =>
      signInWith({
        provider: "password",
        params: { email: email.trim(), password, flow: "signUp", ...(name ? { name } : {}) },
      }),
    signIn: ({ email, password }) =>
      signInWith({
        provider: "password",
        params: { email: email.trim(), password, flow: "signIn" },
      }),
    signInAsGuest: () => signInWith({ provider: "anonymous" }),
    beforeSignOut(task) {
      const entry = () => task();
      signOutTasks.add(entry);
      return () => signOutTasks.delete(entry);
    },
    async signOut() {
      await Promise.allSettled([...signOutTasks].map(async (task) => await task()));
      generation++;
      // Errors mean the session is already gone on the server, which is what we want.
      if (tokens !== null) await client.action(api.auth.signOut, {}).catch(() => {});
      await saveTokens(null);
      becomeSignedOut(null);
    },
    dispose() {
      unsubscribeStorage();
      disposed = true;
      generation++;
      store.clear();
    },
  };
}
