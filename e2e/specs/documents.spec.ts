// APP_SPEC.md § Documents: concurrent edits converge, locks, history restore, offline edits.
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { expectDocumentText, documentEditor as editor, shareDocument } from "../actions";
import { expect, test } from "../fixtures";

/** Puts the caret at the start or the end of the editor's text, as a user would. */
async function caretAt(page: Page, where: "start" | "end") {
  await editor(page).focus();
  await editor(page).press(where === "start" ? "Control+Home" : "Control+End");
}

test.describe("documents", () => {
  test("A and B type at the same time and end with the same text", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "middle");
    await caretAt(alice.page, "start");
    await caretAt(bob.page, "end");

    await Promise.all([
      alice.page.keyboard.type("alpha-", { delay: 40 }),
      bob.page.keyboard.type("-omega", { delay: 40 }),
    ]);

    // Each caret stayed next to its own text while the other's edits arrived.
    await expectDocumentText([alice.page, bob.page], "alpha-middle-omega");
  });

  test("when A locks the document, B cannot edit it", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "Final wording");
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");

    await expect(bob.page.getByTestId(testIds.documentLockedBy)).toHaveText(
      `Locked by ${alice.name}`,
    );
    await expect(editor(bob.page)).toHaveAttribute("readonly", "");
    await expect(editor(bob.page)).toHaveAttribute("aria-readonly", "true");
    await editor(bob.page).click();
    await bob.page.keyboard.type("sneaky edit");
    await expect(editor(bob.page)).toHaveValue("Final wording");
    await expect(editor(alice.page)).toHaveValue("Final wording");

    await alice.page.getByTestId(testIds.documentUnlock).click();
    await expect(bob.page.getByTestId(testIds.documentLockedBy)).toHaveCount(0);
    await expect(editor(bob.page)).not.toHaveAttribute("readonly");
  });

  test("a restore A makes from history reaches B", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "version one");
    // Locking snapshots the text; unlock and change it.
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    await alice.page.getByTestId(testIds.documentUnlock).click();
    await expect(alice.page.getByTestId(testIds.documentLock)).toBeVisible();
    await editor(alice.page).fill("version two");
    await expectDocumentText([alice.page, bob.page], "version two");

    await alice.page.getByTestId(testIds.documentHistory).getByText("History").click();
    const locked = alice.page
      .getByTestId(testIds.documentHistoryItem)
      .filter({ hasText: " · Locked · " });
    await locked.getByTestId(testIds.documentRestore).click();

    await expectDocumentText([alice.page, bob.page], "version one");
    await expect(
      alice.page.getByTestId(testIds.documentHistoryItem).filter({ hasText: " · Restored · " }),
    ).toHaveCount(1);
  });

  test("A keeps typing offline and, back online, both converge with nothing duplicated", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "middle");
    await caretAt(alice.page, "start");
    await caretAt(bob.page, "end");

    await alice.context.setOffline(true);
    await expect(alice.page.getByTestId(testIds.connectionBanner)).toHaveAttribute(
      testAttributes.state,
      "offline",
    );
    await alice.page.keyboard.type("offline-", { delay: 20 });
    await bob.page.keyboard.type("-online", { delay: 20 });
    await expect(editor(alice.page)).toHaveValue(/^offline-middle/);
    await expect(editor(bob.page)).toHaveValue(/middle-online$/);

    await alice.context.setOffline(false);
    await expect(alice.page.getByTestId(testIds.connectionBanner)).toHaveCount(0);
    await expectDocumentText([alice.page, bob.page], "offline-middle-online");
  });
});
