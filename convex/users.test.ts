import { ErrorCode, USER_COLORS } from "@rooms/domain";
import { describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import { guestName, nameFromEmail } from "./lib/profiles";
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
});
