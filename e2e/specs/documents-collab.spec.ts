// APP_SPEC.md § Documents: Carets and selections of others, Lock and unlock, History and restore.
import { testAttributes, testIds } from "@rooms/domain";
import type { Locator, Page } from "@playwright/test";
import {
  createDocument,
  createRoom,
  escapeRegExp,
  expectDocumentText,
  documentEditor as editor,
  shareDocument,
  textBeforeCaret,
} from "../actions";
import { expect, test, unique, type SignedInUser } from "../fixtures";
import { calls, interceptSync } from "../sync";

/** Texts of the overlay runs drawn with a background (remote selections), outside carets. */
function highlighted(caret: Locator): Promise<string[]> {
  return caret.evaluate((el) => {
    const overlay = el.parentElement;
    if (overlay === null) return [];
    const testId = el.getAttribute("data-testid");
    return [...overlay.children]
      .filter((child) => child.getAttribute("data-testid") !== testId)
      .filter((child) => {
        const background = el.ownerDocument.defaultView?.getComputedStyle(child).backgroundColor;
        return background !== "rgba(0, 0, 0, 0)" && background !== "transparent";
      })
      .map((child) => child.textContent ?? "");
  });
}

async function selectRange(page: Page, from: number, length: number) {
  await editor(page).focus();
  await page.keyboard.press("Control+Home");
  for (let i = 0; i < from; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < length; i++) await page.keyboard.press("Shift+ArrowRight");
}

function historyItems(page: Page) {
  return page.getByTestId(testIds.documentHistoryItem);
}

async function openHistory(page: Page) {
  const history = page.getByTestId(testIds.documentHistory);
  expect(await history.evaluate((el) => el.tagName)).toBe("DETAILS");
  await history.getByText("History", { exact: true }).click();
  await expect(history).toHaveAttribute("open", "");
}

/** `[revision, reason, rest of the line]` of each history item, in order. */
async function historyRows(page: Page) {
  const texts = await historyItems(page).allInnerTexts();
  return texts.map((text) => {
    const match = /Revision (\d+) · (\w+) · (.*)/.exec(text);
    return match ? [Number(match[1]), match[2], match[3]] : [text];
  });
}

/** A history row's user part: `name` (then the time). */
function by(name: string) {
  return expect.stringMatching(new RegExp(`^${escapeRegExp(name)}(\\s|$)`));
}

test.describe("Carets and selections of others", () => {
  test("after B types and stops, A sees B's caret right after what B typed", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "hello world");
    await editor(bob.page).focus();
    await bob.page.keyboard.press("Control+End");
    await bob.page.keyboard.type(" and again", { delay: 20 });
    await expectDocumentText([alice.page, bob.page], "hello world and again");
    const caret = alice.page.getByTestId(testIds.documentCaret).filter({ hasText: bob.name });
    await expect.poll(() => textBeforeCaret(caret)).toBe("hello world and again");
  });

  test("B's caret and selection show for A with B's name and color, follow edits and go when B leaves", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "hello world");
    await selectRange(bob.page, 3, 2); // "lo", head after it

    const caretOf = (page: Page, user: SignedInUser) =>
      page.getByTestId(testIds.documentCaret).filter({ hasText: user.name });
    const caret = caretOf(alice.page, bob);
    await expect(caret).toHaveCount(1);
    await expect(caret).toHaveText(bob.name);
    await expect.poll(() => textBeforeCaret(caret)).toBe("hello");
    await expect.poll(() => highlighted(caret)).toEqual(["lo"]);
    expect(await caret.evaluate((el) => el.closest('[aria-hidden="true"]') !== null)).toBe(true);
    // A steady line: remote carets do not blink.
    expect(
      await caret.evaluate(
        (el) => el.ownerDocument.defaultView?.getComputedStyle(el).animationName,
      ),
    ).toBe("none");
    // The viewer's own caret is the native one.
    await expect(caretOf(bob.page, alice)).toHaveCount(1);
    await expect(caretOf(bob.page, bob)).toHaveCount(0);

    // In B's color: the same as B's avatar in A's header.
    const avatar = alice.page
      .getByTestId(testIds.avatarStack)
      .getByTestId(testIds.avatar)
      .and(alice.page.getByTitle(`${bob.name} (Online)`));
    const avatarColor = await avatar.evaluate(
      (el) => el.ownerDocument.defaultView?.getComputedStyle(el).backgroundColor,
    );
    expect(
      await caret.evaluate(
        (el) => el.ownerDocument.defaultView?.getComputedStyle(el).borderLeftColor,
      ),
    ).toBe(avatarColor);
    // A 2 px line.
    expect(
      await caret.evaluate(
        (el) => el.ownerDocument.defaultView?.getComputedStyle(el).borderLeftWidth,
      ),
    ).toBe("2px");
    await expect(caret).toHaveAttribute(
      testAttributes.userId,
      (await avatar.getAttribute(testAttributes.userId)) ?? "",
    );

    // A types in front of it: the caret and the highlight stay on the same characters.
    await editor(alice.page).focus();
    await alice.page.keyboard.press("Control+Home");
    await alice.page.keyboard.type("AB ");
    await expectDocumentText([alice.page, bob.page], "AB hello world");
    await expect.poll(() => textBeforeCaret(caret)).toBe("AB hello");
    await expect.poll(() => highlighted(caret)).toEqual(["lo"]);

    // B leaves the editor: the caret disappears for A.
    await bob.page.getByTestId(testIds.documentTitle).click();
    await expect(editor(bob.page)).not.toBeFocused();
    await expect(caret).toHaveCount(0);
  });

  test("on a long document the caret overlay stays aligned with the text, scrolled or not", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "top");
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`).join("\n");
    await editor(alice.page).fill(lines);
    await expectDocumentText([alice.page, bob.page], lines);
    await editor(bob.page).focus();
    await bob.page.keyboard.press("Control+End");
    const caret = alice.page.getByTestId(testIds.documentCaret).filter({ hasText: bob.name });
    await expect(caret).toHaveCount(1);

    // Wherever the text is scrolled, B's caret sits on the last of the 200 lines.
    await editor(alice.page).evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const offset = () =>
      caret.evaluate((el) => {
        const textarea = el.parentElement?.parentElement?.querySelector("textarea");
        const view = el.ownerDocument.defaultView;
        if (!textarea || !view) return null;
        const style = view.getComputedStyle(textarea);
        const line = Number.parseFloat(style.lineHeight);
        const expected = Number.parseFloat(style.paddingTop) + 199 * line - textarea.scrollTop;
        const actual = el.getBoundingClientRect().top - textarea.getBoundingClientRect().top;
        return Math.abs(actual - expected) / line;
      });
    await expect.poll(offset).toBeLessThan(1);
    await editor(alice.page).evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2;
    });
    await expect.poll(offset).toBeLessThan(1);
  });
});

test.describe("Lock and unlock", () => {
  test("the room owner can unlock B's lock; B cannot unlock A's, and restore is disabled for the other", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "draft");
    await openHistory(alice.page);
    await openHistory(bob.page);

    // B locks: B may unlock; A, the owner, sees who and may unlock too.
    await bob.page.getByTestId(testIds.documentLock).click();
    await expect(bob.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    await expect(bob.page.getByTestId(testIds.documentUnlock)).toHaveText("Unlock");
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText(
      `Locked by ${bob.name}`,
    );
    await expect(editor(alice.page)).toHaveAttribute("aria-readonly", "true");
    await expect(alice.page.getByTestId(testIds.documentLock)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.documentRestore).first()).toBeDisabled();
    await expect(bob.page.getByTestId(testIds.documentRestore).first()).toBeEnabled();
    await alice.page.getByTestId(testIds.documentUnlock).click();
    for (const page of [alice.page, bob.page]) {
      await expect(page.getByTestId(testIds.documentLock)).toHaveText("Lock");
      await expect(page.getByTestId(testIds.documentLockedBy)).toHaveCount(0);
      await expect(editor(page)).not.toHaveAttribute("readonly");
    }

    // A locks: B sees who, has no Unlock, and cannot restore.
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(bob.page.getByTestId(testIds.documentLockedBy)).toHaveText(
      `Locked by ${alice.name}`,
    );
    await expect(bob.page.getByTestId(testIds.documentUnlock)).toHaveCount(0);
    await expect(bob.page.getByTestId(testIds.documentLock)).toHaveCount(0);
    for (const restore of await bob.page.getByTestId(testIds.documentRestore).all())
      await expect(restore).toBeDisabled();
    await expect(alice.page.getByTestId(testIds.documentRestore).first()).toBeEnabled();
    await alice.page.getByTestId(testIds.documentUnlock).click();
    await expect(bob.page.getByTestId(testIds.documentLock)).toBeVisible();
  });

  test("leaving the room releases the leaver's locks", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "shared");
    await bob.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText(
      `Locked by ${bob.name}`,
    );
    await bob.page.getByTestId(testIds.roomLeave).click();
    await expect(bob.page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.documentLock)).toBeEnabled();
    await expect(editor(alice.page)).not.toHaveAttribute("readonly");
  });
});

test.describe("History and restore", () => {
  test("history lists snapshots newest first; a restore reaches B and adds a Restored item; restoring equal text changes nothing", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "first draft");
    const long = `first draft ${"abcdefghij".repeat(25)}`;
    await editor(alice.page).fill(long);
    await expectDocumentText([alice.page, bob.page], long);
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    await alice.page.getByTestId(testIds.documentUnlock).click();
    await expect(alice.page.getByTestId(testIds.documentLock)).toBeEnabled();
    await editor(alice.page).fill("second draft");
    await expectDocumentText([alice.page, bob.page], "second draft");

    await openHistory(alice.page);
    await openHistory(bob.page);
    await expect(historyItems(alice.page)).toHaveCount(2);
    const [locked, created] = await historyRows(alice.page);
    expect(created).toEqual([0, "Created", by(alice.name)]);
    expect(locked?.slice(1)).toEqual(["Locked", by(alice.name)]);
    const lockedRevision = Number(locked?.[0]);
    expect(lockedRevision).toBeGreaterThan(0);

    const lockedItem = historyItems(alice.page).nth(0);
    await expect(lockedItem).toHaveAttribute(
      testAttributes.documentId,
      new URL(alice.page.url()).searchParams.get("doc") ?? "",
    );
    // The preview: the first 200 characters.
    await expect(lockedItem).toContainText(long.slice(0, 200));
    await expect(lockedItem).not.toContainText(long.slice(0, 201));
    const datetime = await lockedItem.evaluate(
      (el) => el.querySelector("time")?.getAttribute("datetime") ?? "",
    );
    expect(Number.isNaN(Date.parse(datetime))).toBe(false);
    // The same time form as the chat's (one format everywhere): the locale's short time.
    const shown = await alice.page.evaluate(
      (iso) => new Intl.DateTimeFormat(undefined, { timeStyle: "short" }).format(new Date(iso)),
      datetime,
    );
    await expect(lockedItem.locator("time")).toContainText(shown);
    await expect(lockedItem.getByTestId(testIds.documentRestore)).toHaveText("Restore");
    await expect(lockedItem.getByTestId(testIds.documentRestore)).toHaveAccessibleName(
      `Restore revision ${lockedRevision}`,
    );

    await alice.page.getByRole("button", { name: `Restore revision ${lockedRevision}` }).click();
    await expectDocumentText([alice.page, bob.page], long);
    for (const page of [alice.page, bob.page]) {
      await expect(historyItems(page)).toHaveCount(3);
      await expect(historyItems(page).first()).toContainText(
        new RegExp(`Revision \\d+ · Restored · ${alice.name}`),
      );
    }
    const [restored] = await historyRows(bob.page);
    expect(Number(restored?.[0])).toBeGreaterThan(lockedRevision);
    const revision = (await alice.page.getByTestId(testIds.documentRevision).innerText()).trim();
    expect(revision).toBe(`Revision ${restored?.[0]}`);

    // The same text again: no new revision, no new snapshot.
    await bob.page.getByRole("button", { name: `Restore revision ${lockedRevision}` }).click();
    await expect(bob.page.getByTestId(testIds.documentSaveState)).toHaveText("Saved");
    await expect(alice.page.getByTestId(testIds.documentRevision)).toHaveText(revision);
    await expect(bob.page.getByTestId(testIds.documentRevision)).toHaveText(revision);
    await expect(historyItems(alice.page)).toHaveCount(3);
    await expect(historyItems(bob.page)).toHaveCount(3);
  });

  test("a restore is merged with an edit B had not sent yet", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "base text");
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    await alice.page.getByTestId(testIds.documentUnlock).click();
    await expect(alice.page.getByTestId(testIds.documentLock)).toBeEnabled();
    await editor(alice.page).fill("changed");
    await expectDocumentText([alice.page, bob.page], "changed");

    // B's next edit stays on its way while A restores.
    const submit = (await interceptSync(bob.page)).hold(calls("documents:submitOperations"));
    await bob.page.reload();
    await expect(editor(bob.page)).toHaveValue("changed");
    await expect(editor(bob.page)).toBeEnabled();
    await editor(bob.page).focus();
    await bob.page.keyboard.press("Control+End");
    await bob.page.keyboard.type(" +bob");
    await expect(bob.page.getByTestId(testIds.documentSaveState)).toHaveText("Saving…");

    await openHistory(alice.page);
    await historyItems(alice.page)
      .filter({ hasText: " · Locked · " })
      .getByTestId(testIds.documentRestore)
      .click();
    await expect(editor(alice.page)).toHaveValue("base text");
    await expect(editor(bob.page)).toHaveValue("base text +bob");
    submit.release();
    await expectDocumentText([alice.page, bob.page], "base text +bob");
  });

  test("every 50 operations add an Autosave snapshot; history lists at most the 50 newest", async ({
    alice,
  }) => {
    test.setTimeout(180_000);
    const { page } = alice;
    await createRoom(page, { name: unique("Many") });
    await createDocument(page, unique("Versions"));
    const lock = page.getByTestId(testIds.documentLock);
    const unlock = page.getByTestId(testIds.documentUnlock);
    // Revisions 1..49 each snapshotted by a lock; revision 50 by the Autosave: with Created,
    // 51 snapshots.
    for (let i = 1; i <= 50; i++) {
      await editor(page).press("End");
      await editor(page).press("x");
      await expect(page.getByTestId(testIds.documentRevision)).toHaveText(`Revision ${i}`);
      if (i === 50) break;
      await lock.click();
      await unlock.click();
      await expect(lock).toBeVisible();
    }
    await openHistory(page);
    await expect(historyItems(page)).toHaveCount(50);
    const rows = await historyRows(page);
    expect(rows[0]).toEqual([50, "Autosave", by(alice.name)]);
    await expect(historyItems(page).first()).toContainText("x".repeat(50)); // its preview
    expect(rows.slice(1).map((row) => row.slice(0, 2))).toEqual(
      Array.from({ length: 49 }, (_, i) => [49 - i, "Locked"]),
    );
  });
});
