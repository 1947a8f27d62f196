// createAuthSession against the real Convex Auth functions (convex/auth.ts) on a local
// deployment: password sign-up and sign-in, guests, readable errors, restore and refresh from
// storage, sign-out of a live socket.
import { api } from "@rooms/convex/_generated/api";
import { afterAll, describe, expect, it } from "vitest";
import { AuthError, decodeJwt } from "./auth-errors";
import { createAuthSession } from "./auth-session";
import { Clients, memoryStorage, waitFor } from "./test-support/rooms";

const clients = new Clients();
afterAll(() => clients.closeAll());

const email = `ada.${Date.now()}@example.com`;
const password = "correct horse battery staple";

async function settled(session: ReturnType<typeof createAuthSession>) {
  return await waitFor(
    () => session.getSnapshot().status !== "loading" && session.getSnapshot(),
    "the session to settle",
  );
}

describe("auth session (integration)", () => {
  const storage = memoryStorage();
  let userId = "";

  it("signs up with email, password and display name", async () => {
    const client = clients.client();
    const session = createAuthSession({ client, storage });
    expect((await settled(session)).status).toBe("signedOut");
    await session.signUp({ email, password, name: "Ada Lovelace" });
    const state = session.getSnapshot();
    expect(state).toMatchObject({ status: "signedIn", error: null });
    userId = state.status === "signedIn" ? state.userId : "";
    expect(await client.query(api.users.me, {})).toMatchObject({
      _id: userId,
      name: "Ada Lovelace",
      isAnonymous: false,
      email,
    });
    // The React client's keys, namespaced by the deployment URL.
    const keys = [...storage.map.keys()].map((key) => key.replace(/_[^_]*$/, ""));
    expect(keys.sort()).toEqual(["__convexAuthJWT", "__convexAuthRefreshToken"]);
    session.dispose();
  });

  it.each([
    [
      "a wrong password",
      { email, password: "wrong password 123" },
      "invalidCredentials",
      "Wrong email or password.",
    ],
    [
      "an unknown email",
      { email: "nobody@example.com", password },
      "invalidCredentials",
      "Wrong email or password.",
    ],
  ])("refuses %s with a readable message", async (_what, args, code, message) => {
    const session = createAuthSession({ client: clients.client(), storage: memoryStorage() });
    await settled(session);
    const error = await session.signIn(args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code, message });
    expect(session.getSnapshot()).toMatchObject({ status: "signedOut", error: { code, message } });
    session.dispose();
  });

  it("refuses a taken email, a short password and a too long display name", async () => {
    const session = createAuthSession({ client: clients.client(), storage: memoryStorage() });
    await settled(session);
    await expect(session.signUp({ email, password: "another password 456" })).rejects.toMatchObject(
      {
        code: "accountExists",
      },
    );
    // Also with the account's own password: a sign-up never signs in to an existing account.
    await expect(session.signUp({ email, password })).rejects.toMatchObject({
      code: "accountExists",
      message: "An account with this email already exists. Sign in instead.",
    });
    expect(session.getSnapshot().status).toBe("signedOut");
    await expect(
      session.signUp({ email: `short.${email}`, password: "short" }),
    ).rejects.toMatchObject({
      code: "weakPassword",
      message: expect.stringContaining("8 characters"),
    });
    await expect(
      session.signUp({ email: `long.${email}`, password, name: "x".repeat(41) }),
    ).rejects.toMatchObject({
      code: "invalidInput",
      message: "Display name is too long (at most 40 characters).",
    });
    session.dispose();
  });

  it("restores the stored session on a new client and refreshes the token on startup", async () => {
    const before = storage.map.get(
      [...storage.map.keys()].find((k) => k.startsWith("__convexAuthRefreshToken"))!,
    );
    const client = clients.client();
    const session = createAuthSession({ client, storage });
    expect(session.getSnapshot().status).toBe("loading");
    expect(await settled(session)).toMatchObject({ status: "signedIn", userId });
    expect((await client.query(api.users.me, {}))?._id).toBe(userId);
    // ConvexClient asks for a fresh token right after the server accepted the stored one.
    await waitFor(
      () => [...storage.map.values()].every((value) => value !== before) || undefined,
      "the refresh token to rotate",
    );
    session.dispose();
  });

  it("refreshes a stored token that has expired before handing it to the client", async () => {
    const jwtKey = [...storage.map.keys()].find((k) => k.startsWith("__convexAuthJWT"))!;
    const refreshKey = [...storage.map.keys()].find((k) => k.startsWith("__convexAuthRefresh"))!;
    const stale = storage.map.get(refreshKey)!;
    const exp = decodeJwt(storage.map.get(jwtKey)!)!.exp as number;
    const statusAtRefresh: string[] = [];
    const client = clients.client();
    // Two hours from now, the stored token (1 h) has expired.
    const session: ReturnType<typeof createAuthSession> = createAuthSession({
      client,
      storage,
      now: () => exp * 1000 + 3_600_000,
      refresh: async (refreshToken) => {
        statusAtRefresh.push(session.getSnapshot().status);
        return (await clients.client().action(api.auth.signIn, { refreshToken })).tokens ?? null;
      },
    });
    expect(await settled(session)).toMatchObject({ status: "signedIn", userId });
    // Refreshed before the first Authenticate (still loading), then again by ConvexClient once
    // the server accepted the fresh token.
    expect(statusAtRefresh[0]).toBe("loading");
    expect(storage.map.get(refreshKey)).not.toBe(stale);
    session.dispose();
  });

  it("signs in as a guest", async () => {
    const client = clients.client();
    const session = createAuthSession({ client, storage: memoryStorage() });
    await settled(session);
    await session.signInAsGuest();
    expect(session.getSnapshot().status).toBe("signedIn");
    const me = await client.query(api.users.me, {});
    expect(me).toMatchObject({ isAnonymous: true, name: expect.stringMatching(/^Guest \d{4}$/) });
    session.dispose();
  });

  it("signs out: the live socket loses its identity, storage is emptied, the session ends", async () => {
    const client = clients.client();
    const session = createAuthSession({ client, storage });
    await settled(session);
    await session.signIn({ email, password });
    const refreshKey = [...storage.map.keys()].find((k) =>
      k.startsWith("__convexAuthRefreshToken"),
    )!;
    const refreshToken = storage.map.get(refreshKey)!;
    expect(await client.query(api.users.identity, {})).not.toBeNull();

    await session.signOut();
    expect(session.getSnapshot()).toEqual({ status: "signedOut", error: null });
    expect(storage.map.size).toBe(0);
    await waitFor(
      async () => (await client.query(api.users.identity, {})) === null,
      "identity to clear",
    );
    const refreshed = await clients.client().action(api.auth.signIn, { refreshToken });
    expect(refreshed.tokens ?? null).toBeNull();

    // And in again on the same client.
    await session.signIn({ email, password });
    expect((await client.query(api.users.me, {}))?._id).toBe(userId);
    session.dispose();
  });
});
