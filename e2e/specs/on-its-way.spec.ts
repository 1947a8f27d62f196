// APP_SPEC.md § "On its way": what a user does while offline shows at once and happens exactly
// once when the connection is back: sent messages (pending, then stored), reactions, edits,
// creating a room and creating a document (issue 13, defect 1).
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { messagesWithBody, roomCard, sendMessage, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await expect(page.getByTestId(testIds.connectionBanner)).toHaveAttribute(
    testAttributes.state,
    "offline",
  );
}

async function goOnline(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await expect(page.getByTestId(testIds.connectionBanner)).toHaveCount(0);
}

test.describe("On its way", () => {
  test("offline, a sent message leaves the composer at once as Sending…, and is stored once", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Pending"), type: "chat" });
    await goOffline(alice.page);
    const input = alice.page.getByTestId(testIds.composerInput);
    await sendMessage(alice.page, "Queued while offline");
    // Nothing to press twice: the box is empty and Send disabled.
    await expect(input).toHaveValue("");
    await expect(alice.page.getByTestId(testIds.composerSend)).toBeDisabled();
    const pending = messagesWithBody(alice.page, "Queued while offline");
    await expect(pending).toHaveAttribute(testAttributes.delivery, "sending");
    await expect(pending.getByTestId(testIds.messageDelivery)).toHaveText("Sending…");
    await expect(pending.getByTestId(testIds.messageAuthor)).toHaveText(alice.name);
    await sendMessage(alice.page, "Second while offline");

    await goOnline(alice.page);
    const received = bob.page
      .getByTestId(testIds.messageBody)
      .filter({ hasText: /while offline$/ });
    await expect(received).toHaveText(["Queued while offline", "Second while offline"]);
    await expect(alice.page.locator(`[${testAttributes.delivery}]`)).toHaveCount(0);
    await expect(messagesWithBody(alice.page, "Queued while offline")).toHaveCount(1);
    await bob.page.reload();
    await expect(messagesWithBody(bob.page, "Queued while offline")).toHaveCount(1);
    await expect(messagesWithBody(bob.page, "Second while offline")).toHaveCount(1);
  });

  test("offline, a reaction and an edit show at once and reach others once", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Pending edits"), type: "chat" });
    await sendMessage(alice.page, "Edit me offline");
    const mine = messagesWithBody(alice.page, "Edit me offline");
    await expect(mine).not.toHaveAttribute(testAttributes.delivery, /.*/);
    const id = await mine.getAttribute(testAttributes.messageId);
    const item = (page: Page) => page.locator(`[${testAttributes.messageId}="${id}"]`);
    await expect(item(bob.page)).toHaveCount(1);

    await goOffline(alice.page);
    await item(alice.page).hover();
    await item(alice.page).getByTestId(testIds.messageReactionAdd).click();
    await alice.page.getByRole("menuitem", { name: "🎉" }).click();
    const chip = (page: Page) =>
      item(page).locator(
        `[data-testid="${testIds.messageReaction}"][${testAttributes.emoji}="🎉"]`,
      );
    await expect(chip(alice.page)).toHaveText("🎉 1");
    await expect(chip(alice.page)).toHaveAttribute("aria-pressed", "true");

    await item(alice.page).hover();
    await item(alice.page).getByTestId(testIds.messageEdit).click();
    await item(alice.page).getByTestId(testIds.messageEditInput).fill("Edited offline");
    await item(alice.page).getByTestId(testIds.messageEditInput).press("Enter");
    await expect(item(alice.page).getByTestId(testIds.messageEditInput)).toHaveCount(0);
    await expect(item(alice.page).getByTestId(testIds.messageBody)).toHaveText("Edited offline");
    await expect(item(alice.page)).toHaveAttribute(testAttributes.delivery, "saving");
    await expect(item(alice.page).getByTestId(testIds.messageDelivery)).toHaveText("Saving…");

    await goOnline(alice.page);
    await expect(item(alice.page)).not.toHaveAttribute(testAttributes.delivery, /.*/);
    for (const page of [alice.page, bob.page]) {
      await expect(item(page).getByTestId(testIds.messageBody)).toHaveText("Edited offline");
      await expect(item(page).getByTestId(testIds.messageEdited)).toHaveText("(edited)");
      await expect(chip(page)).toHaveText("🎉 1");
    }
  });

  test("offline, Create room and New document can be pressed once: one room, one document", async ({
    alice,
    bob,
  }) => {
    const name = unique("Made offline");
    await goOffline(alice.page);
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    const submit = dialog.getByTestId(testIds.createRoomSubmit);
    await submit.click();
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveText("Creating…");
    await dialog.getByTestId(testIds.createRoomName).press("Enter");
    await goOnline(alice.page);
    await expect(alice.page.getByTestId(testIds.roomName)).toHaveText(name);
    await expect(roomCard(bob.page, name)).toHaveCount(1);

    await goOffline(alice.page);
    const title = unique("Plan");
    await alice.page.getByTestId(testIds.documentCreateTitle).fill(title);
    await alice.page.getByTestId(testIds.documentCreateSubmit).click();
    await expect(alice.page.getByTestId(testIds.documentCreateSubmit)).toBeDisabled();
    await alice.page.getByTestId(testIds.documentCreateTitle).press("Enter");
    await goOnline(alice.page);
    await expect(alice.page.getByTestId(testIds.documentTitle)).toHaveText(title);
    await alice.page.reload();
    await expect(
      alice.page.getByTestId(testIds.documentItem).filter({ hasText: title }),
    ).toHaveCount(1);
  });
});
