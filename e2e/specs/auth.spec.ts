// APP_SPEC.md § Sign-in: sign up with a display name, continue as guest.
import { testIds } from "@rooms/domain";
import { expect, signInAsGuest, signUp, test, unique } from "../fixtures";

test.describe("sign-in", () => {
  test("sign up with a display name lands in the lobby under that name", async ({ page }) => {
    const name = unique("Ada");
    await signUp(page, name);
    await expect(page).toHaveURL(/\/rooms$/);
    await expect(page.getByTestId(testIds.profileName)).toHaveText(name);
  });

  test("continue as guest lands in the lobby as Guest NNNN", async ({ page }) => {
    await signInAsGuest(page);
    await expect(page).toHaveURL(/\/rooms$/);
    await expect(page.getByTestId(testIds.profileName)).toHaveText(/^Guest \d{4}$/);
  });

  test("two users signed in at once are two sessions", async ({ alice, bob }) => {
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(alice.name);
    await expect(bob.page.getByTestId(testIds.profileName)).toHaveText(bob.name);
  });
});
