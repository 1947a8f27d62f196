// The auth session's state machine over a fake client: what it stores, when it refreshes, which
// callbacks it ignores, and the messages it shows. The real protocol is exercised in
// auth-session.integration.test.ts.
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthError, authErrorOf, decodeJwt } from "./auth-errors";
import { authRedirect, createAuthSession, type Tokens } from "./auth-session";
import { FakeClient, memoryStorage } from "./test-support/fake-client";
import type { ClientForAuth } from "./convex";

/** An unsigned JWT-shaped token (the session never verifies signatures). */
function jwt(sub: string, exp: number): string {
  const part = (value: object) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
  return `${part({ alg: "RS256" })}.${part({ sub, exp, iat: exp - 3600 })}.signature`;
}
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const tokens = (n: number): Tokens => ({
  token: jwt(`user${n}|session${n}`, inAnHour()),
  refreshToken: `refresh${n}`,
});

const flush = () => vi.advanceTimersByTimeAsync(0);

let fake: FakeClient;
let client: ClientForAuth;
beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
  client = fake.asClient<ClientForAuth>();
});
afterEach(() => vi.useRealTimers());

describe("auth session", () => {
  it("starts signed out without stored tokens", async () => {
    const session = createAuthSession({ client, storage: memoryStorage() });
    expect(session.getSnapshot()).toEqual({ status: "loading", error: null });
    await flush();
    expect(session.getSnapshot()).toEqual({ status: "signedOut", error: null });
    expect(fake.auth).toBeNull();
  });

  it("signs up: stores both tokens, hands the client a fetcher, is signed in once the server agrees", async () => {
    const storage = memoryStorage();
    const session = createAuthSession({ client, storage });
    await flush();
    fake.handlers.set("auth:signIn", () => ({ tokens: tokens(1) }));
    const done = session.signUp({ email: " ada@example.com ", password: "secret123", name: "Ada" });
    await flush();
    expect(fake.callsTo("auth:signIn")[0]!.args).toEqual({
      provider: "password",
      params: { email: "ada@example.com", password: "secret123", flow: "signUp", name: "Ada" },
    });
    expect([...storage.map.values()].sort()).toEqual([tokens(1).token, "refresh1"].sort());
    expect(await fake.auth!.fetchToken({ forceRefreshToken: false })).toBe(tokens(1).token);
    // Signed in only once the server has accepted the token.
    expect(session.getSnapshot().status).toBe("signedOut");
    fake.auth!.onChange(true);
    await done;
    expect(session.getSnapshot()).toEqual({ status: "signedIn", userId: "user1", error: null });
  });

  it("signs in as a guest with the anonymous provider", async () => {
    const session = createAuthSession({ client, storage: memoryStorage() });
    await flush();
    fake.handlers.set("auth:signIn", () => ({ tokens: tokens(2) }));
    const done = session.signInAsGuest();
    await flush();
    expect(fake.callsTo("auth:signIn")[0]!.args).toEqual({ provider: "anonymous" });
    fake.auth!.onChange(true);
    await done;
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", userId: "user2" });
  });

  it("turns the library's errors into messages", () => {
    const server = (text: string) =>
      new Error(`[Request ID: 1] Server Error\nUncaught Error: ${text}\n  at handler`);
    expect(authErrorOf(server("InvalidSecret"))).toMatchObject({
      code: "invalidCredentials",
      message: "Wrong email or password.",
    });
    expect(authErrorOf(server("InvalidAccountId")).code).toBe("invalidCredentials");
    expect(authErrorOf(server("TooManyFailedAttempts")).code).toBe("tooManyAttempts");
    // convex/lib/profiles.ts: too many new guest accounts at once.
    const limited = Object.assign(new Error("Server Error"), {
      data: { code: "RATE_LIMITED", message: "Too often", limit: 20, retryAfterMs: 400 },
    });
    expect(authErrorOf(limited)).toMatchObject({ code: "tooManyAttempts", message: "Too often" });
    expect(authErrorOf(server("Account a@b.c already exists")).code).toBe("accountExists");
    expect(authErrorOf(server("Invalid password")).code).toBe("weakPassword");
    // convex/auth.ts: a sign-up with a taken email, whatever the password; the message may be
    // the generic one, the data says what happened.
    const taken = Object.assign(new Error("[Request ID: 2] Server Error"), {
      data: "AccountExists",
    });
    expect(authErrorOf(taken)).toMatchObject({
      code: "accountExists",
      message: "An account with this email already exists. Sign in instead.",
    });
    expect(authErrorOf(new ConvexError("AccountExists")).code).toBe("accountExists");
    expect(authErrorOf(new TypeError("fetch failed")).code).toBe("network");
    expect(authErrorOf(server("something else"))).toMatchObject({
      code: "unknown",
      message: "Something went wrong while signing in. Please try again.",
    });
    const rooms = Object.assign(new Error("x"), {
      data: { code: "TOO_LONG", message: "Display name is too long." },
    });
    expect(authErrorOf(rooms)).toMatchObject({
      code: "invalidInput",
      message: "Display name is too long.",
    });
  });

  it("rejects a failed sign-in with an AuthError and keeps it in the state", async () => {
    const session = createAuthSession({ client, storage: memoryStorage() });
    await flush();
    fake.handlers.set("auth:signIn", () => {
      throw new Error("Uncaught Error: InvalidSecret");
    });
    const error = await session
      .signIn({ email: "a@b.c", password: "nope" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(session.getSnapshot()).toEqual({ status: "signedOut", error });
    expect(fake.auth).toBeNull();
  });

  it("fails a sign-in with a network error when offline or when the socket drops meanwhile", async () => {
    let online = false;
    const listeners = new Set<() => void>();
    const network = {
      isOnline: () => online,
      subscribe: (listener: () => void) => (
        listeners.add(listener),
        () => listeners.delete(listener)
      ),
    };
    const session = createAuthSession({ client, storage: memoryStorage(), network });
    await flush();
    await expect(session.signInAsGuest()).rejects.toMatchObject({
      code: "network",
      message: "Could not reach the server. Check your connection and try again.",
    });
    expect(fake.callsTo("auth:signIn")).toHaveLength(0);

    // Online, the call is sent; it stays pending (no handler) until the socket drops.
    online = true;
    const dropped = session.signIn({ email: "a@b.c", password: "secret123" }).catch((e) => e);
    await flush();
    expect(fake.callsTo("auth:signIn")).toHaveLength(1);
    fake.setConnection({ isWebSocketConnected: false });
    expect(await dropped).toMatchObject({ code: "network" });
    expect(session.getSnapshot()).toMatchObject({
      status: "signedOut",
      error: { code: "network" },
    });

    // Going offline while waiting fails it too.
    fake.setConnection({ isWebSocketConnected: true });
    const cut = session.signIn({ email: "a@b.c", password: "secret123" }).catch((e) => e);
    await flush();
    online = false;
    for (const listener of listeners) listener();
    expect(await cut).toMatchObject({ code: "network" });
    expect(listeners.size).toBe(0);
  });

  it("restores stored tokens, and refreshes them when the client asks (one refresh at a time)", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_http1270013210", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_http1270013210", "refresh1");
    const refresh = vi.fn(async (refreshToken: string) => {
      expect(refreshToken).toBe("refresh1");
      return tokens(3);
    });
    const session = createAuthSession({ client, storage, refresh });
    await flush();
    expect(await fake.auth!.fetchToken({ forceRefreshToken: false })).toBe(tokens(1).token);
    fake.auth!.onChange(true);
    expect(session.getSnapshot()).toMatchObject({ status: "signedIn", userId: "user1" });
    const [a, b] = [
      fake.auth!.fetchToken({ forceRefreshToken: true }),
      fake.auth!.fetchToken({ forceRefreshToken: true }),
    ];
    expect(await a).toBe(tokens(3).token);
    expect(await b).toBe(tokens(3).token);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(storage.map.get("__convexAuthRefreshToken_http1270013210")).toBe("refresh3");
  });

  it("shares refreshes with other tabs through storage", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    const refresh = vi.fn(async (refreshToken: string) => {
      expect(refreshToken).toBe("refresh6"); // the one the other tab stored, not ours
      return tokens(7);
    });
    createAuthSession({ client, storage, refresh, namespace: "x" });
    await flush();
    // Another tab refreshed: its token is fresh, so this tab takes it instead of refreshing.
    storage.setItem("__convexAuthJWT_x", tokens(6).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh6");
    expect(await fake.auth!.fetchToken({ forceRefreshToken: true })).toBe(tokens(6).token);
    expect(refresh).not.toHaveBeenCalled();
    // The server refused it anyway (e.g. expired since): refresh with the rotated refresh token.
    expect(await fake.auth!.fetchToken({ forceRefreshToken: true })).toBe(tokens(7).token);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("refreshes an expired stored token before handing it over", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", jwt("user1|s", Math.floor(Date.now() / 1000) - 5));
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    const refresh = vi.fn(async () => tokens(4));
    createAuthSession({ client, storage, refresh, namespace: "x" });
    await flush();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(await fake.auth!.fetchToken({ forceRefreshToken: false })).toBe(tokens(4).token);
  });

  it("retries a refresh while offline instead of signing out", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    let attempts = 0;
    const refresh = async () => {
      if (++attempts < 3) throw new TypeError("fetch failed");
      return tokens(5);
    };
    createAuthSession({ client, storage, refresh, namespace: "x", retryDelaysMs: [100, 1000] });
    await flush();
    const token = fake.auth!.fetchToken({ forceRefreshToken: true });
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await token).toBe(tokens(5).token);
  });

  it("signs out when the session is gone: refresh answers null, the client reports false", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    const session = createAuthSession({
      client,
      storage,
      refresh: async () => null,
      namespace: "x",
    });
    await flush();
    fake.auth!.onChange(true);
    expect(await fake.auth!.fetchToken({ forceRefreshToken: true })).toBeNull();
    fake.auth!.onChange(false);
    expect(session.getSnapshot()).toMatchObject({
      status: "signedOut",
      error: { code: "sessionExpired" },
    });
    expect(storage.map.size).toBe(0);
  });

  it("signs out: server session ended, storage emptied, client auth cleared, old callbacks ignored", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    const session = createAuthSession({
      client,
      storage,
      namespace: "x",
      refresh: async () => tokens(9),
    });
    await flush();
    const old = fake.auth!;
    old.onChange(true);
    fake.handlers.set("auth:signOut", () => null);
    // Tasks run first, while still signed in; a failing one does not stop the sign-out.
    const seen: string[] = [];
    session.beforeSignOut(() => {
      seen.push(`${session.getSnapshot().status} ${fake.callsTo("auth:signOut").length}`);
    });
    session.beforeSignOut(() => Promise.reject(new Error("already gone")));
    const removed = session.beforeSignOut(() => seen.push("removed"));
    removed();
    await session.signOut();
    expect(seen).toEqual(["signedIn 0"]);
    expect(fake.callsTo("auth:signOut")).toHaveLength(1);
    expect(fake.clearAuthCalls).toBe(1);
    expect(await fake.auth!.fetchToken({ forceRefreshToken: true })).toBeNull();
    expect(storage.map.size).toBe(0);
    // The client's scheduled refresh of the old token, firing late, changes nothing.
    expect(await old.fetchToken({ forceRefreshToken: true })).toBeNull();
    old.onChange(false);
    old.onChange(true);
    expect(session.getSnapshot()).toEqual({ status: "signedOut", error: null });
  });

  it("ends the session when another tab removes the refresh token", async () => {
    const storage = memoryStorage();
    storage.setItem("__convexAuthJWT_x", tokens(1).token);
    storage.setItem("__convexAuthRefreshToken_x", "refresh1");
    let listener: ((key: string | null, value: string | null) => void) | null = null;
    const session = createAuthSession({
      client,
      storage,
      namespace: "x",
      refresh: async () => tokens(2),
      storageEvents: { subscribe: (l) => ((listener = l), () => (listener = null)) },
    });
    await flush();
    fake.auth!.onChange(true);
    // Another tab refreshing (a new value) changes nothing.
    listener!("__convexAuthRefreshToken_x", "refresh7");
    expect(session.getSnapshot().status).toBe("signedIn");
    listener!("__convexAuthRefreshToken_x", null);
    expect(session.getSnapshot()).toMatchObject({
      status: "signedOut",
      error: { code: "sessionExpired", message: "Your session has ended. Please sign in again." },
    });
    expect(fake.clearAuthCalls).toBe(1);
    expect(await fake.auth!.fetchToken({ forceRefreshToken: true })).toBeNull();
    session.dispose();
    expect(listener).toBeNull();
  });

  it("tells the route guard where to go", () => {
    const at = (path: string) => {
      const url = new URL(path, "http://x");
      return { pathname: url.pathname, search: url.search };
    };
    const signedIn = { status: "signedIn", userId: "u", error: null } as const;
    const signedOut = { status: "signedOut", error: null } as const;
    const ended = {
      status: "signedOut",
      error: new AuthError("sessionExpired", "Your session has ended. Please sign in again."),
    } as const;
    expect(authRedirect({ status: "loading", error: null }, null, at("/rooms"))).toBeNull();
    expect(authRedirect(signedOut, "loading", at("/rooms/r1?doc=d1"))).toBe(
      "/?next=%2Frooms%2Fr1%3Fdoc%3Dd1",
    );
    expect(authRedirect(signedOut, "loading", at("/"))).toBeNull();
    expect(authRedirect(signedOut, "loading", at("/elsewhere"))).toBeNull();
    // Signed out by the user: "/" without next. Ended elsewhere: back here after sign-in.
    expect(authRedirect(signedOut, "signedIn", at("/rooms/r1"))).toBe("/");
    expect(authRedirect(ended, "signedIn", at("/rooms/r1"))).toBe("/?next=%2Frooms%2Fr1");
    expect(authRedirect(signedIn, "signedOut", at("/"))).toBe("/rooms");
    expect(authRedirect(signedIn, "signedOut", at("/?next=%2Frooms%2Fr1%3Fdoc%3Dd1"))).toBe(
      "/rooms/r1?doc=d1",
    );
    expect(authRedirect(signedIn, "loading", at("/?next=https%3A%2F%2Fevil.test"))).toBe("/rooms");
    expect(authRedirect(signedIn, "loading", at("/rooms/r1"))).toBeNull();
  });

  it("decodes JWT claims, including base64url and UTF-8", () => {
    const token = jwt("ü|é", 123);
    expect(decodeJwt(token)).toMatchObject({ sub: "ü|é", exp: 123 });
    expect(decodeJwt("garbage")).toBeNull();
  });
});
