// APP_SPEC.md § Sign-in errors, § Keyboard and accessibility (sign-in form).
import { testIds } from "@rooms/domain";
import { expect, signUp, test, unique, emailOf } from "../fixtures";
import { signOut } from "../actions";

test.describe("sign-in errors", () => {
  test("a wrong password shows the error inline and keeps the fields", async ({ page }) => {
    const name = unique("Wrong");
    await signUp(page, name);
    await signOut(page);

    await page.getByTestId(testIds.signInEmail).fill(emailOf(name));
    await page.getByTestId(testIds.signInPassword).fill("not the password");
    await page.getByTestId(testIds.signInSubmit).click();
    const error = page.getByTestId(testIds.signInError);
    await expect(error).toHaveText("Wrong email or password.");
    await expect(error).toHaveAttribute("role", "alert");
    await expect(page.getByTestId(testIds.signInEmail)).toHaveValue(emailOf(name));
    await expect(page.getByTestId(testIds.signInEmail)).toBeFocused();

    // Editing a field clears it.
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    await expect(error).toHaveCount(0);
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
  });

  test("signing up with an existing email says so", async ({ page }) => {
    const name = unique("Twice");
    await signUp(page, name);
    await signOut(page);

    await page.getByTestId(testIds.signUpToggle).click();
    await page.getByTestId(testIds.signInEmail).fill(emailOf(name));
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(
      "An account with this email already exists. Sign in instead.",
    );
    // Switching modes clears the error.
    await page.getByTestId(testIds.signUpToggle).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveCount(0);
  });

  test("a short password is refused on sign up", async ({ page }) => {
    await page.goto("/");
    await page.getByTestId(testIds.signUpToggle).click();
    await page.getByTestId(testIds.signInEmail).fill(emailOf(unique("Short")));
    await page.getByTestId(testIds.signInPassword).fill("short");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.signInError)).toHaveText(
      "The password must be at least 8 characters long.",
    );
  });

  test("without a display name the email's local part is used", async ({ page }) => {
    const local = `ada${Math.random().toString(36).slice(2, 8)}`;
    await page.goto("/");
    await page.getByTestId(testIds.signUpToggle).click();
    await page.getByTestId(testIds.signInEmail).fill(`${local}@example.com`);
    await page.getByTestId(testIds.signInPassword).fill("correct horse battery");
    await page.getByTestId(testIds.signInSubmit).click();
    await expect(page.getByTestId(testIds.profileName)).toHaveText(local);
  });
});

test.describe("keyboard", () => {
  test("the sign-in form's controls are labelled and reachable with Tab", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Rooms" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Sign in" })).toBeVisible();
    const controls = [
      page.getByRole("textbox", { name: "Email" }),
      page.getByLabel("Password", { exact: true }),
      page.getByRole("button", { name: "Sign in", exact: true }),
      page.getByRole("button", { name: "Create an account" }),
      page.getByRole("button", { name: "Continue as guest" }),
    ];
    await controls[0]!.focus();
    for (const control of controls.slice(1)) {
      await page.keyboard.press("Tab");
      await expect(control).toBeFocused();
    }
    await controls[3]!.click();
    await expect(page.getByRole("heading", { level: 2, name: "Create account" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Display name" })).toHaveAttribute(
      "maxlength",
      "40",
    );
    await expect(page.getByRole("button", { name: "I already have an account" })).toBeVisible();
  });
});
