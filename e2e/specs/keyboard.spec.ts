// APP_SPEC.md § Keyboard and accessibility: the keyboard shortcuts.
import { testIds } from "@rooms/domain";
import { createRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("Keyboard and accessibility", () => {
  test("Enter sends and Shift+Enter breaks the line, in the composer and in message edit; Escape cancels an edit", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Keys") });
    const composer = page.getByTestId(testIds.composerInput);
    await composer.focus();
    await page.keyboard.type("first line");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("second line");
    await expect(composer).toHaveValue("first line\nsecond line");
    await page.keyboard.press("Enter");
    await expect(composer).toHaveValue("");
    await expect(composer).toBeFocused();
    // The room's only message (its text leaves the item while it is edited).
    const message = page.getByTestId(testIds.messageItem);
    await expect(message).toHaveCount(1);
    const body = message.getByTestId(testIds.messageBody);
    await expect.poll(() => body.innerText()).toBe("first line\nsecond line");

    await message.hover();
    await message.getByTestId(testIds.messageEdit).click();
    const edit = message.getByTestId(testIds.messageEditInput);
    await expect(edit).toBeFocused();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("third line");
    await expect(edit).toHaveValue("first line\nsecond line\nthird line");
    await page.keyboard.press("Enter");
    await expect(message.getByTestId(testIds.messageEdited)).toHaveText("(edited)");
    await expect.poll(() => body.innerText()).toBe("first line\nsecond line\nthird line");

    await message.hover();
    await message.getByTestId(testIds.messageEdit).click();
    await expect(edit).toBeFocused();
    await page.keyboard.type(" not kept");
    await page.keyboard.press("Escape");
    await expect(edit).toHaveCount(0);
    expect(await body.innerText()).toBe("first line\nsecond line\nthird line");
  });
});
