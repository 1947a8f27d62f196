// APP_SPEC.md § Chat "Keyboard" and "Message item": the message list is one Tab stop with arrow
// keys between messages (roving tabindex), the focused message shows its actions, a skip link
// reaches the composer, and messages are compact (issue 13, defects 6 and 9).
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { createRoom, sendMessages } from "../actions";
import { expect, test, unique } from "../fixtures";

/** Tab presses from the search field until the composer has focus (at most 60). */
async function tabsFromSearchToComposer(page: Page): Promise<number> {
  await page.getByTestId(testIds.chatSearch).focus();
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press("Tab");
    const onComposer = await page
      .getByTestId(testIds.composerInput)
      .evaluate((input) => input.ownerDocument.activeElement === input);
    if (onComposer) return presses;
  }
  throw new Error("the composer was never reached");
}

/** The `data-message-id` of the focused element, or null. */
const focusedMessageId = (page: Page) =>
  page
    .locator(":focus")
    .evaluate((element, attribute) => element.getAttribute(attribute), testAttributes.messageId);

test.describe("Chat keyboard and density", () => {
  test("the message list is one Tab stop: reaching the composer costs the same with 3 or 15 messages", async ({
    alice,
  }) => {
    test.setTimeout(90_000);
    const { page } = alice;
    await createRoom(page, { name: unique("Tab stops"), type: "chat" });
    await sendMessages(page, ["One", "Two", "Three"]);
    const few = await tabsFromSearchToComposer(page);
    await sendMessages(
      page,
      Array.from({ length: 12 }, (_, i) => `More ${i + 1}`),
    );
    expect(await tabsFromSearchToComposer(page)).toBe(few);
    // Search, the newest message, its three actions (+, Edit, Delete), the composer.
    expect(few).toBe(5);
  });

  test("arrows move between messages; the focused one shows its actions and takes Tab", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Arrows"), type: "chat" });
    await sendMessages(page, ["First", "Second", "Third"]);
    const items = page.getByTestId(testIds.messageItem);
    const ids = await items.evaluateAll(
      (all, attribute) => all.map((item) => item.getAttribute(attribute)),
      testAttributes.messageId,
    );

    await page.getByTestId(testIds.chatSearch).focus();
    await page.keyboard.press("Tab");
    expect(await focusedMessageId(page)).toBe(ids[2]);
    await page.keyboard.press("ArrowUp");
    expect(await focusedMessageId(page)).toBe(ids[1]);
    await page.keyboard.press("Home");
    expect(await focusedMessageId(page)).toBe(ids[0]);
    await page.keyboard.press("End");
    expect(await focusedMessageId(page)).toBe(ids[2]);
    await page.keyboard.press("ArrowUp");

    // The focused message's actions are shown, the others' are not; Tab goes into them.
    const actionsOf = (index: number) => items.nth(index).getByTestId(testIds.messageActions);
    await expect(actionsOf(1)).toHaveCSS("opacity", "1");
    await expect(actionsOf(2)).toHaveCSS("opacity", "0");
    await page.keyboard.press("Tab");
    await expect(items.nth(1).getByTestId(testIds.messageReactionAdd)).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(items.nth(1).getByTestId(testIds.messageEdit)).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(items.nth(1).getByTestId(testIds.messageEditInput)).toBeFocused();
    // In the edit box the arrows are the box's: focus stays.
    await page.keyboard.press("ArrowUp");
    await expect(items.nth(1).getByTestId(testIds.messageEditInput)).toBeFocused();
    await page.keyboard.press("Escape");

    // Shift+Tab back from the composer lands on the message last focused.
    await page.getByTestId(testIds.composerInput).focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await focusedMessageId(page)).toBe(ids[1]);
  });

  test("the skip link appears on focus and moves focus to the message box", async ({ alice }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Skip"), type: "chat" });
    const skip = page.getByTestId(testIds.chatSkipToComposer);
    const width = async () => (await skip.boundingBox())?.width ?? 0;
    expect(await width()).toBeLessThanOrEqual(1);
    await skip.focus();
    await expect(skip).toBeInViewport();
    expect(await width()).toBeGreaterThan(40);
    await expect(skip).toHaveText("Skip to message box");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId(testIds.composerInput)).toBeFocused();
  });

  test("messages are compact: a one-line message without reactions is under 56 px tall", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Compact"), type: "chat" });
    await sendMessages(page, ["Short one", "Short two"]);
    for (const item of await page.getByTestId(testIds.messageItem).all()) {
      const box = await item.boundingBox();
      expect(box?.height).toBeLessThan(56);
    }
    // The actions lie over the item instead of taking a row.
    await page.mouse.move(0, 0);
    await expect(page.getByTestId(testIds.messageActions).first()).toHaveCSS("opacity", "0");
  });
});
