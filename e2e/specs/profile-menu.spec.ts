// APP_SPEC.md § Profile menu and sign out: the button and the popover, colors in USER_COLORS
// order, saving a name and color that everyone sees live (avatars, message authors, cursors),
// save errors, closing without saving.
import { USER_COLORS, initialsOf, testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import {
  createDocument,
  escapeRegExp,
  messagesWithBody,
  openDocument,
  sendMessage,
  shareRoom,
} from "../actions";
import { expect, test, unique } from "../fixtures";

/** "#2E7D32" → "rgb(46, 125, 50)", as computed styles report it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function openMenu(page: Page) {
  await page.getByTestId(testIds.profileMenuButton).click();
  const menu = page.getByTestId(testIds.profileMenu);
  await expect(menu).toBeVisible();
  return menu;
}

test.describe("Profile menu and sign out", () => {
  test("the button shows initials and name; the menu is prefilled with name and color", async ({
    alice,
  }) => {
    const { page } = alice;
    const button = page.getByTestId(testIds.profileMenuButton);
    await expect(button).toHaveAttribute("aria-haspopup", "dialog");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(button).toContainText(initialsOf(alice.name));
    await expect(page.getByTestId(testIds.profileName)).toHaveText(alice.name);
    await expect(page.getByTestId(testIds.profileMenu)).toHaveCount(0);

    const menu = await openMenu(page);
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(page.getByRole("dialog", { name: "Profile" })).toBeVisible();
    const input = menu.getByTestId(testIds.profileNameInput);
    await expect(input).toHaveValue(alice.name);
    await expect(input).toHaveAttribute("maxlength", "40");
    await expect(menu.getByLabel("Display name")).toHaveCount(1);

    const group = menu.getByTestId(testIds.profileColor);
    await expect(group).toHaveAttribute("role", "radiogroup");
    await expect(menu.getByRole("radiogroup", { name: "Color" })).toBeVisible();
    const radios = group.getByRole("radio");
    await expect(radios).toHaveCount(USER_COLORS.length);
    for (const [i, color] of USER_COLORS.entries()) {
      await expect(radios.nth(i)).toHaveAttribute("value", color);
      await expect(radios.nth(i)).toHaveAttribute("name", "profile-color");
      await expect(radios.nth(i)).toHaveAccessibleName(color);
    }
    // Exactly one is checked: the user's color, which their avatar shows.
    await expect(group.locator("input:checked")).toHaveCount(1);
    const current = await group.locator("input:checked").getAttribute("value");
    expect(USER_COLORS).toContain(current);
    await expect(menu.getByTestId(testIds.profileSave)).toHaveText("Save");
    await expect(menu.getByTestId(testIds.signOut)).toHaveText("Sign out");
    await expect(menu.getByTestId(testIds.profileError)).toHaveCount(0);
  });

  test("a saved name and color show live for another user", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Recolor"), type: "chat" });
    await sendMessage(alice.page, "Colors!");
    const author = messagesWithBody(bob.page, "Colors!").getByTestId(testIds.messageAuthor);
    await expect(author).toHaveText(alice.name);
    // A's pointer over the room body, so B sees A's cursor.
    const box = await alice.page.getByTestId(testIds.chatPanel).boundingBox();
    if (box === null) throw new Error("chat panel is not visible");
    await alice.page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
    await alice.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const cursorName = bob.page.getByTestId(testIds.cursorName);
    await expect(cursorName).toHaveText(alice.name);

    const menu = await openMenu(alice.page);
    const current = await menu
      .getByTestId(testIds.profileColor)
      .locator("input:checked")
      .getAttribute("value");
    const color = USER_COLORS.find((c) => c !== current) ?? USER_COLORS[0];
    const name = unique("Renamed");
    await menu.getByTestId(testIds.profileNameInput).fill(name);
    await menu.getByRole("radio", { name: color }).check();
    await menu.getByTestId(testIds.profileSave).click();
    await expect(alice.page.getByTestId(testIds.profileMenu)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(name);
    await expect(alice.page.getByTestId(testIds.profileMenuButton)).toContainText(initialsOf(name));

    await expect(author).toHaveText(name);
    await expect(author).toHaveCSS("color", rgb(color));
    const avatar = bob.page.getByTestId(testIds.avatarStack).getByTitle(`${name} (Online)`);
    await expect(avatar).toHaveText(initialsOf(name));
    await expect(avatar).toHaveCSS("background-color", rgb(color));
    await alice.page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 5 });
    await expect(cursorName).toHaveText(name);
    await expect(cursorName).toHaveCSS("background-color", rgb(color));
  });

  test("a saved name and color show on the user's document caret for another user", async ({
    alice,
    bob,
  }) => {
    const title = unique("Caret doc");
    await shareRoom(alice.page, bob.page, { name: unique("Caret") });
    await createDocument(alice.page, title);
    await openDocument(bob.page, title);
    const editor = alice.page.getByTestId(testIds.documentEditor);
    await editor.click();
    await alice.page.keyboard.type("hello");
    const caret = bob.page.getByTestId(testIds.documentCaret);
    await expect(caret).toHaveText(alice.name);

    const menu = await openMenu(alice.page);
    const current = await menu
      .getByTestId(testIds.profileColor)
      .locator("input:checked")
      .getAttribute("value");
    const color = USER_COLORS.find((c) => c !== current) ?? USER_COLORS[0];
    const name = unique("Caretta");
    await menu.getByTestId(testIds.profileNameInput).fill(name);
    await menu.getByRole("radio", { name: color }).check();
    await menu.getByTestId(testIds.profileSave).click();
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(name);
    // The menu took the focus out of the editor (caret gone); back in it, B sees the new name.
    await editor.click();
    await alice.page.keyboard.press("End");
    await expect(caret).toHaveText(name);
    await expect(caret).toHaveCSS("border-left-color", rgb(color));
  });

  test("a name over 40 characters is refused in the menu", async ({ alice }) => {
    const menu = await openMenu(alice.page);
    const input = menu.getByTestId(testIds.profileNameInput);
    await input.fill("x".repeat(45));
    await expect(input).toHaveValue("x".repeat(40));
    await input.evaluate((element) => element.removeAttribute("maxlength"));
    await input.fill("y".repeat(41));
    await menu.getByTestId(testIds.profileSave).click();
    const error = menu.getByTestId(testIds.profileError);
    await expect(error).toHaveText("Display name is too long (at most 40 characters).");
    await expect(error).toHaveAttribute("role", "alert");
    await expect(menu).toBeVisible();
    await expect(alice.page.getByTestId(testIds.profileName)).toHaveText(alice.name);
  });

  test("signing out in a room leaves it: others see the user offline at once", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Sign out") });
    const avatar = bob.page
      .getByTestId(testIds.avatarStack)
      .getByTestId(testIds.avatar)
      .and(bob.page.getByTitle(new RegExp(`^${escapeRegExp(alice.name)} \\(`)));
    await expect(avatar).toHaveAttribute(testAttributes.status, "online");
    await alice.page.getByTestId(testIds.profileMenuButton).click();
    await alice.page.getByTestId(testIds.signOut).click();
    await expect(alice.page.getByTestId(testIds.signInForm)).toBeVisible();
    await expect(avatar).toHaveAttribute(testAttributes.status, "offline");
    await expect(avatar).toHaveAttribute("title", `${alice.name} (Offline)`);
  });

  test("a click outside closes the menu without saving", async ({ alice }) => {
    const { page } = alice;
    const menu = await openMenu(page);
    await menu.getByTestId(testIds.profileNameInput).fill("Not saved either");
    await page.getByTestId(testIds.lobby).getByRole("heading", { level: 1 }).click();
    await expect(page.getByTestId(testIds.profileMenu)).toHaveCount(0);
    await expect(page.getByTestId(testIds.profileMenuButton)).toHaveAttribute(
      "aria-expanded",
      "false",
    );
    await expect(page.getByTestId(testIds.profileName)).toHaveText(alice.name);
    // Reopened, it shows the saved name again, not the draft.
    await expect((await openMenu(page)).getByTestId(testIds.profileNameInput)).toHaveValue(
      alice.name,
    );
  });
});
