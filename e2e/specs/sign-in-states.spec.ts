// APP_SPEC.md § Sign-in (sign in, sign up, continue as guest) and its row of § States per
// screen: busy texts while the auth call runs (held on the WebSocket), network errors, the
// display name limit, and when the error goes away.
import { testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { expect, signUp, test, unique, emailOf } from "../fixtures";
import { calls, interceptSync } from "../sync";

const SIGN_IN = calls("auth:signIn");
const NETWORK_ERROR = "Could not reach the server. Check your connection and try again.";

async function openSignIn(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
}

test.describe("Sign in with email and password", () => {
  test("the form: heading, fields and their attributes, no error", async ({ page }) => {
    await openSignIn(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rooms");
    const form = page.getByTestId(testIds.signInForm);
    await expect(form.getByRole("heading", { level: 2 })).toHaveText("Sign in");
    const email = page.getByTestId(testIds.signInEmail);
    await expect(email).toHaveAttribute("type", "email");
    await expect(email).toHaveAttribute("autocomplete", "email");
    await expect(email).toHaveAttribute("required", "");
    await expect(page.getByLabel("Email", { exact: true })).toHaveCount(1);
    const password = page.getByTestId(testIds.signInPassword);
    await expect(password).toHaveAttribute("type", "password");
    await expect(password).toHaveAttribute("autocomplete", "current-password");
    await expect(password).toHaveAttribute("required", "");
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Sign in");
    await expect(page.getByTestId(testIds.signUpToggle)).toHaveAttribute("type", "button");
    await expect(page.getByTestId(testIds.signUpToggle)).toHaveText("Create an account");
    await expect(page.getByTestId(testIds.guestButton)).toHaveText("Continue as guest");
    await expect(page.getByTestId(testIds.signInName)).toHaveCount(0);
    await expect(page.getByTestId(testIds.signInError)).toHaveCount(0);
  });

  test("while signing in the button reads Signing in… and both buttons are disabled", async ({
    page,
  }) => {
    const sync = await interceptSync(page);
    await openSignIn(page);
    const signIn = sync.hold(SIGN_IN);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(unique("Nobody")));
    await page.getByTestId(testIds.signInPassword).fill("whatever it is");
    await page.getByTestId(testIds.signInSubmit).click();
    await signIn.held;
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Signing in…");
    await expect(page.getByTestId(testIds.signInSubmit)).toBeDisabled();
    await expect(page.getByTestId(testIds.guestButton)).toBeDisabled();

    signIn.release();
    // An unknown email is a wrong email: the call ends, the button comes back.
    await expect(page.getByTestId(testIds.signInError)).toHaveText("Wrong email or password.");
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Sign in");
    await expect(page.getByTestId(testIds.signInSubmit)).toBeEnabled();
    await expect(page.getByTestId(testIds.guestButton)).toBeEnabled();
    await expect(page.getByTestId(testIds.signInEmail)).toBeFocused();
  });

  test("any other failure shows the generic error", async ({ page }) => {
    const sync = await interceptSync(page);
    await openSignIn(page);
    sync.failAction(SIGN_IN);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(unique("Broken")));
    await page.getByTestId(testIds.signInPassword).fill("whatever it is");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(
      "Something went wrong while signing in. Please try again.",
    );
    await expect(page.getByTestId(testIds.signInSubmit)).toBeEnabled();
  });

  test("after 10 wrong passwords, sign-in is refused as too many attempts", async ({ page }) => {
    const name = unique("Locked");
    await signUp(page, name);
    await page.getByTestId(testIds.profileMenuButton).click();
    await page.getByTestId(testIds.signOut).click();
    const error = page.getByTestId(testIds.signInError);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(name));
    for (let attempt = 1; attempt <= 10; attempt++) {
      await page.getByTestId(testIds.signInPassword).fill(`wrong password ${attempt}`);
      await expect(error).toHaveCount(0);
      await page.getByTestId(testIds.signInSubmit).click();
      await expect(error).toHaveText("Wrong email or password.");
    }
    // Even the right password, until the hour is over.
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(error).toHaveText("Too many failed attempts. Try again later.");
    await expect(page.getByTestId(testIds.lobby)).toHaveCount(0);
  });

  test("a connection lost during sign-in shows the network error", async ({ page }) => {
    const sync = await interceptSync(page);
    await openSignIn(page);
    const signIn = sync.hold(SIGN_IN);
    const email = emailOf(unique("Cut"));
    await page.getByTestId(testIds.signInEmail).fill(email);
    await page.getByTestId(testIds.signInPassword).fill("whatever it is");
    await page.getByTestId(testIds.signInSubmit).click();
    await signIn.held;
    sync.drop();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(NETWORK_ERROR);
    await expect(page.getByTestId(testIds.signInEmail)).toHaveValue(email);
    await expect(page.getByTestId(testIds.signInSubmit)).toBeEnabled();
    sync.accept();
  });

  test("submitting while offline shows the network error", async ({ page, context }) => {
    await openSignIn(page);
    await context.setOffline(true);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(unique("Offline")));
    await page.getByTestId(testIds.signInPassword).fill("whatever it is");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(NETWORK_ERROR);
    await expect(page.getByTestId(testIds.signInSubmit)).toBeEnabled();
    await context.setOffline(false);
  });
});

test.describe("Sign up", () => {
  test("the sign-up form and its busy text Creating account…", async ({ page }) => {
    const sync = await interceptSync(page);
    await openSignIn(page);
    await page.getByTestId(testIds.signUpToggle).click();
    const form = page.getByTestId(testIds.signInForm);
    await expect(form.getByRole("heading", { level: 2 })).toHaveText("Create account");
    const name = page.getByTestId(testIds.signInName);
    await expect(name).toHaveAttribute("maxlength", "40");
    await expect(name).toHaveAttribute("placeholder", "Optional");
    await expect(name).not.toHaveAttribute("required");
    await expect(page.getByLabel("Display name")).toHaveCount(1);
    await expect(page.getByTestId(testIds.signInPassword)).toHaveAttribute(
      "autocomplete",
      "new-password",
    );
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Create account");
    await expect(page.getByTestId(testIds.signUpToggle)).toHaveText("I already have an account");

    const displayName = unique("Busy");
    await name.fill(displayName);
    await page.getByTestId(testIds.signInEmail).fill(emailOf(displayName));
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    const signIn = sync.hold(SIGN_IN);
    await page.getByTestId(testIds.signInSubmit).click();
    await signIn.held;
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Creating account…");
    await expect(page.getByTestId(testIds.signInSubmit)).toBeDisabled();
    await expect(page.getByTestId(testIds.guestButton)).toBeDisabled();
    signIn.release();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(page.getByTestId(testIds.profileName)).toHaveText(displayName);
  });

  test("the toggle switches back to sign in", async ({ page }) => {
    await openSignIn(page);
    await page.getByTestId(testIds.signUpToggle).click();
    await expect(page.getByTestId(testIds.signInName)).toBeVisible();
    await page.getByTestId(testIds.signUpToggle).click();
    await expect(page.getByTestId(testIds.signInForm).getByRole("heading")).toHaveText("Sign in");
    await expect(page.getByTestId(testIds.signInName)).toHaveCount(0);
    await expect(page.getByTestId(testIds.signInSubmit)).toHaveText("Sign in");
    await expect(page.getByTestId(testIds.signInPassword)).toHaveAttribute(
      "autocomplete",
      "current-password",
    );
  });

  test("the name field takes at most 40 characters; a longer name is TOO_LONG", async ({
    page,
  }) => {
    await openSignIn(page);
    await page.getByTestId(testIds.signUpToggle).click();
    const name = page.getByTestId(testIds.signInName);
    await name.fill("x".repeat(45));
    await expect(name).toHaveValue("x".repeat(40));
    // Past the attribute (a script, an old browser), the name is still refused.
    await name.evaluate((input) => input.removeAttribute("maxlength"));
    await name.fill("y".repeat(41));
    await page.getByTestId(testIds.signInEmail).fill(emailOf(unique("Long")));
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(
      "Display name is too long (at most 40 characters).",
    );
    await expect(page.getByTestId(testIds.signInEmail)).toBeFocused();
    await expect(page.getByTestId(testIds.lobby)).toHaveCount(0);
  });

  test("a short password error clears when a field is edited or the mode switches", async ({
    page,
  }) => {
    await openSignIn(page);
    await page.getByTestId(testIds.signUpToggle).click();
    const email = emailOf(unique("Short"));
    await page.getByTestId(testIds.signInEmail).fill(email);
    await page.getByTestId(testIds.signInPassword).fill("seven77");
    await page.getByTestId(testIds.signInSubmit).click();
    const error = page.getByTestId(testIds.signInError);
    await expect(error).toHaveText("The password must be at least 8 characters long.");
    await expect(error).toHaveAttribute("role", "alert");
    await expect(page.getByTestId(testIds.signInPassword)).toHaveValue("seven77");
    await expect(page.getByTestId(testIds.signInEmail)).toBeFocused();
    await page.getByTestId(testIds.signInEmail).press("End");
    await page.keyboard.type("m");
    await expect(error).toHaveCount(0);

    await page.getByTestId(testIds.signInSubmit).click();
    await expect(error).toBeVisible();
    await page.getByTestId(testIds.signUpToggle).click();
    await expect(error).toHaveCount(0);
  });
});

test.describe("Continue as guest", () => {
  test("the guest button sits with the form, just below it", async ({ page }) => {
    await openSignIn(page);
    const form = await page.getByTestId(testIds.signInForm).boundingBox();
    const guest = await page.getByTestId(testIds.guestButton).boundingBox();
    if (form === null || guest === null) throw new Error("sign-in form or guest button hidden");
    // Below the form, separated only by the "or" line (not pushed to the bottom of the window).
    expect(guest.y).toBeGreaterThan(form.y + form.height);
    expect(guest.y - (form.y + form.height)).toBeLessThan(80);
  });

  test("the guest button reads Signing in… with both buttons disabled, then Guest NNNN", async ({
    page,
  }) => {
    const sync = await interceptSync(page);
    await openSignIn(page);
    const signIn = sync.hold(SIGN_IN);
    await page.getByTestId(testIds.guestButton).click();
    await signIn.held;
    await expect(page.getByTestId(testIds.guestButton)).toHaveText("Signing in…");
    await expect(page.getByTestId(testIds.guestButton)).toBeDisabled();
    await expect(page.getByTestId(testIds.signInSubmit)).toBeDisabled();
    signIn.release();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    const name = page.getByTestId(testIds.profileName);
    await expect(name).toHaveText(/^Guest \d{4}$/);
    // " (guest)" follows the name, outside profile-name.
    const guestName = await name.innerText();
    await expect(page.getByTestId(testIds.profileMenuButton)).toContainText(`${guestName} (guest)`);
  });

  test("a signed-up user is not marked as a guest", async ({ page }) => {
    const name = unique("Member");
    await signUp(page, name);
    await expect(page.getByTestId(testIds.profileName)).toHaveText(name);
    await expect(page.getByTestId(testIds.profileMenuButton)).not.toContainText("(guest)");
  });
});
