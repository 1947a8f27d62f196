import { ErrorCode, GUEST_SIGN_UPS_PER_SECOND, USER_COLORS } from "@rooms/domain";
import { describe, expect, it, vi } from "vitest";
import { api } from "./_generated/api";
import { completeSignIn, guestName, nameFromEmail } from "./lib/profiles";
import { expectError, setup, signIn } from "./test.setup";

describe("users", () => {
  it("identity and me are null when signed out", async () => {
    const t = setup();
    expect(await t.query(api.users.identity, {})).toBeNull();
    expect(await t.query(api.users.me, {})).toBeNull();
  });

  it("me returns the caller's profile", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada", { email: "ada@example.com" });
    expect(await ada.query(api.users.me, {})).toEqual({
      _id: ada.userId,
      name: "Ada",
      color: "#1565C0",
      isAnonymous: false,
      email: "ada@example.com",
    });
    const guest = await signIn(t, "Guest 1234", { isAnonymous: true });
    expect(await guest.query(api.users.me, {})).toMatchObject({ isAnonymous: true });
    expect((await ada.query(api.users.identity, {}))?.subject).toBe(`${ada.userId}|session-Ada`);
  });

  it("updateProfile changes name and color within the limits", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    await ada.mutation(api.users.updateProfile, { name: "  Ada L.  ", color: USER_COLORS[2] });
    expect(await ada.query(api.users.me, {})).toMatchObject({
      name: "Ada L.",
      color: USER_COLORS[2],
    });
    await expectError(
      ada.mutation(api.users.updateProfile, { name: "x".repeat(41) }),
      ErrorCode.TOO_LONG,
      {
        field: "displayName",
        limit: 40,
      },
    );
    await expectError(ada.mutation(api.users.updateProfile, { name: "   " }), ErrorCode.EMPTY);
    await expectError(
      ada.mutation(api.users.updateProfile, { color: "#000000" }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(
      t.mutation(api.users.updateProfile, { name: "Bo" }),
      ErrorCode.UNAUTHENTICATED,
    );
  });

  it("a token for a deleted user counts as signed out", async () => {
    const t = setup();
    const ada = await signIn(t, "Ada");
    await t.run((ctx) => ctx.db.delete("users", ada.userId));
    expect(await ada.query(api.users.me, {})).toBeNull();
  });

  it("names new users: guests get 'Guest NNNN', password users their email's local part", () => {
    expect(guestName()).toMatch(/^Guest \d{4}$/);
    expect(nameFromEmail("grace.hopper@example.com")).toBe("grace.hopper");
    expect(nameFromEmail("@example.com")).toBe("User");
  });

  it("completeSignIn names new users and limits new guest accounts per second", async () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(Date.UTC(2030, 0, 1));
      const t = setup();
      const newUser = (fields: { isAnonymous?: boolean; email?: string }) =>
        t.run((ctx) => ctx.db.insert("users", fields));
      const complete = (userId: Awaited<ReturnType<typeof newUser>>, isNewGuest: boolean) =>
        t.run((ctx) => completeSignIn(ctx, { userId, isNewGuest }));

      for (let i = 0; i < GUEST_SIGN_UPS_PER_SECOND; i++) {
        const guest = await newUser({ isAnonymous: true });
        await complete(guest, true);
        expect(await t.run((ctx) => ctx.db.get("users", guest))).toMatchObject({
          name: expect.stringMatching(/^Guest \d{4}$/),
          color: expect.stringMatching(/^#/),
        });
      }
      const refused = await newUser({ isAnonymous: true });
      await expectError(complete(refused, true), ErrorCode.RATE_LIMITED, {
        limit: GUEST_SIGN_UPS_PER_SECOND,
      });
      // Other sign-ins are not counted.
      const ada = await newUser({ email: "ada@example.com" });
      await complete(ada, false);
      expect((await t.run((ctx) => ctx.db.get("users", ada)))?.name).toBe("ada");
      vi.setSystemTime(Date.now() + 1000);
      await complete(refused, true);
    } finally {
      vi.useRealTimers();
    }
  });
});
