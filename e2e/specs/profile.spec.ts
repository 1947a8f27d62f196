// APP_SPEC.md § Profile menu and sign out.
import { testIds } from "@rooms/domain";
import { messagesWithBody, sendMessage, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("profile", () => {
  test("a new name A saves shows for B on A's messages and avatar", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Rename"), type: "chat" });
    await sendMessage(alice.page, "Who am I?");
    const seen = messagesWithBody(bob.page, "Who am I?");
    await expect(seen.getByTestId(testIds.messageAuthor)).toHaveText(alice.name);

    const button = alice.page.getByTestId(testIds.profileMenuButton);
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    const menu = alice.page.getByRole("dialog", { name: "Profile" });
    await expect(menu).toBeVisible();
    const input = menu.getByTestId(testIds.profileNameInput);
    await expect(input).toHaveValue(alice.name);
    const newName = unique("Alicia");
    await input.fill(newName);
    const colors = menu.getByTestId(testIds.profileColor).getByRole("radio");
    await expect(menu.getByRole("radiogroup", { name: "Color" })).toBeVisible();
    const unchecked = menu.getByTestId(testIds.profileColor).locator("input:not(:checked)");
    const color = await unchecked.first().getAttribute("value");
    await unchecked.first().check();
    expect(await colors.count()).toBeGreaterThan(1);
    await menu.getByTestId(testIds.profileSave).click();

    await expect(alice.page.getByTestId(testIds.profileMenu)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(newName);
    await expect(seen.getByTestId(testIds.messageAuthor)).toHaveText(newName);
    await expect(
      bob.page.getByTestId(testIds.avatarStack).getByTitle(`${newName} (Online)`),
    ).toHaveCount(1);

    // The new color is the one checked when the menu opens again.
    await button.click();
    await expect(
      alice.page.getByTestId(testIds.profileColor).getByRole("radio", { name: color ?? "" }),
    ).toBeChecked();
  });

  test("saving a blank name shows the error in the menu", async ({ alice }) => {
    await alice.page.getByTestId(testIds.profileMenuButton).click();
    await alice.page.getByTestId(testIds.profileNameInput).fill("   ");
    await alice.page.getByTestId(testIds.profileSave).click();
    await expect(alice.page.getByTestId(testIds.profileError)).toHaveText(
      "Display name cannot be empty.",
    );
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(alice.name);
  });

  test("Escape closes the menu without saving and focuses its button", async ({ alice }) => {
    const button = alice.page.getByTestId(testIds.profileMenuButton);
    await button.click();
    await alice.page.getByTestId(testIds.profileNameInput).fill("Not saved");
    await alice.page.keyboard.press("Escape");
    await expect(alice.page.getByTestId(testIds.profileMenu)).toHaveCount(0);
    await expect(button).toBeFocused();
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(alice.name);
  });

  test("sign out from the profile menu returns to sign-in", async ({ alice }) => {
    await alice.page.getByTestId(testIds.profileMenuButton).click();
    await alice.page.getByTestId(testIds.signOut).click();
    await expect(alice.page.getByTestId(testIds.signInForm)).toBeVisible();
    await alice.page.goto("/rooms");
    await expect(alice.page.getByTestId(testIds.signInForm)).toBeVisible();
  });
});
