// APP_SPEC.md § Documents: List and create, Editor; § States per screen (Documents, Editor).
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import {
  createDocument,
  createRoom,
  expectDocumentText,
  openDocument,
  shareRoom,
  documentEditor as editor,
  shareDocument,
} from "../actions";
import { expect, test, unique } from "../fixtures";
import { calls, interceptSync } from "../sync";

function saveState(page: Page) {
  return page.getByTestId(testIds.documentSaveState);
}

async function selection(page: Page) {
  return editor(page).evaluate((el) => {
    const textarea = el as unknown as { selectionStart: number; selectionEnd: number };
    return [textarea.selectionStart, textarea.selectionEnd];
  });
}

test.describe("List and create", () => {
  test("the create form is labelled and limited; creating opens the document and tells the chat", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Shelf"), type: "document" });
    const panel = alice.page.getByRole("region", { name: "Documents" });
    await expect(panel).toHaveAttribute(testAttributes.testId, testIds.documentPanel);
    const titleInput = panel.getByLabel("Title", { exact: true });
    await expect(titleInput).toHaveAttribute(testAttributes.testId, testIds.documentCreateTitle);
    await expect(titleInput).toHaveAttribute("placeholder", "Untitled");
    await expect(titleInput).toHaveAttribute("maxlength", "120");
    await expect(panel.getByTestId(testIds.documentCreateSubmit)).toHaveText("New document");

    await titleInput.fill(" ");
    await panel.getByTestId(testIds.documentCreateSubmit).click();
    const error = panel.getByTestId(testIds.documentCreate).getByRole("alert");
    await expect(error).toHaveText("Document title cannot be empty.");
    await expect(error).toHaveAttribute(testAttributes.testId, testIds.documentCreateError);

    const title = unique("Agenda");
    await createDocument(alice.page, title);
    await expect(titleInput).toHaveValue("");
    const item = alice.page.getByTestId(testIds.documentItem).filter({ hasText: title });
    const id = await item.getAttribute(testAttributes.documentId);
    expect(id).toBeTruthy();
    expect(new URL(alice.page.url()).searchParams.get("doc")).toBe(id);
    await expect(alice.page.getByRole("heading", { level: 2, name: title })).toHaveAttribute(
      testAttributes.testId,
      testIds.documentTitle,
    );

    // Both see the system message, its title a link to the document.
    for (const page of [alice.page, bob.page]) {
      const message = page
        .getByTestId(testIds.systemMessage)
        .filter({ hasText: `${alice.name} created the document ${title}` });
      await expect(message).toHaveCount(1);
      await expect(message.getByRole("link", { name: title })).toHaveAttribute(
        "href",
        new RegExp(`\\?doc=${id}$`),
      );
    }
    await bob.page.getByTestId(testIds.systemMessage).getByRole("link", { name: title }).click();
    await expect(bob.page.getByTestId(testIds.documentTitle)).toHaveText(title);
    expect(new URL(bob.page.url()).searchParams.get("doc")).toBe(id);
  });

  test("only the open document's link is current, and a locked one says by whom", async ({
    alice,
    bob,
  }) => {
    const first = await shareDocument(alice.page, bob.page, "one");
    const second = unique("Second");
    await createDocument(alice.page, second);
    await openDocument(bob.page, first);

    const link = (page: Page, title: string) =>
      page.getByTestId(testIds.documentItem).getByRole("link", { name: title, exact: true });
    const firstId = await bob.page
      .getByTestId(testIds.documentItem)
      .filter({ hasText: first })
      .getAttribute(testAttributes.documentId);
    await expect(link(bob.page, first)).toHaveAttribute("href", new RegExp(`\\?doc=${firstId}$`));
    await expect(link(bob.page, first)).toHaveAttribute("aria-current", "page");
    await expect(link(bob.page, second)).not.toHaveAttribute("aria-current");
    await expect(link(alice.page, second)).toHaveAttribute("aria-current", "page");
    await expect(link(alice.page, first)).not.toHaveAttribute("aria-current");

    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    // A locked the second document; B, who has the first open, sees it in the list.
    await expect(
      bob.page.getByTestId(testIds.documentItem).filter({ hasText: second }),
    ).toContainText(`Locked by ${alice.name}`);
    await expect(
      bob.page.getByTestId(testIds.documentItem).filter({ hasText: first }),
    ).not.toContainText("Locked by");
  });

  test("while the list and the document load, the list is busy and the editor disabled", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Slow") });
    await createDocument(page, unique("Draft"));
    await editor(page).fill("kept text");
    await expect(saveState(page)).toHaveText("Saved");

    const sync = await interceptSync(page);
    sync.rewriteQuery("documents:list", () => null);
    sync.rewriteQuery("documents:get", () => null);
    await page.reload();
    const list = page.getByTestId(testIds.documentList);
    await expect(list).toHaveAttribute("aria-busy", "true");
    await expect(list).toHaveText("Loading…");
    await expect(editor(page)).toBeDisabled();
    await expect(editor(page)).toHaveValue("");
    await expect(saveState(page)).not.toHaveText("Saving…");
    await expect(saveState(page)).not.toHaveAttribute(testAttributes.state, "saving");
  });
});

test.describe("Editor", () => {
  test("two people typing different words at the same spot each keep their word whole", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "[]");
    for (const page of [alice.page, bob.page]) {
      await editor(page).focus();
      await page.keyboard.press("Control+Home");
      await page.keyboard.press("ArrowRight"); // between the brackets
    }
    await Promise.all([
      alice.page.keyboard.type("alphabet", { delay: 35 }),
      bob.page.keyboard.type("01234567", { delay: 35 }),
    ]);
    await expect
      .poll(async () => (await editor(alice.page).inputValue()).length)
      .toBe("[alphabet01234567]".length);
    const text = await editor(alice.page).inputValue();
    expect(["[alphabet01234567]", "[01234567alphabet]"]).toContain(text);
    await expectDocumentText([alice.page, bob.page], text);
  });

  test("the editor is a labelled textarea without spellcheck; a new document is empty at revision 0", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Plain") });
    await createDocument(page, unique("Blank"));
    const textarea = page.getByRole("textbox", { name: "Document text" });
    await expect(textarea).toHaveAttribute(testAttributes.testId, testIds.documentEditor);
    expect(await textarea.evaluate((el) => el.tagName)).toBe("TEXTAREA");
    await expect(textarea).toHaveAttribute("spellcheck", "false");
    await expect(textarea).toHaveValue("");
    await expect(page.getByTestId(testIds.documentRevision)).toHaveText("Revision 0");
    await expect(saveState(page)).toHaveText("Saved");
    await expect(saveState(page)).toHaveAttribute(testAttributes.state, "saved");
  });

  test("a remote insertion before the caret shifts it and the selection; one after leaves them", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "hello world");
    // B selects "lo" (3..5) with the keyboard.
    await editor(bob.page).focus();
    await bob.page.keyboard.press("Control+Home");
    for (let i = 0; i < 3; i++) await bob.page.keyboard.press("ArrowRight");
    await bob.page.keyboard.press("Shift+ArrowRight");
    await bob.page.keyboard.press("Shift+ArrowRight");
    expect(await selection(bob.page)).toEqual([3, 5]);

    // A inserts before it: B's selection moves with its text.
    await editor(alice.page).focus();
    await alice.page.keyboard.press("Control+Home");
    await alice.page.keyboard.type("AB ");
    await expect(editor(bob.page)).toHaveValue("AB hello world");
    await expect.poll(() => selection(bob.page)).toEqual([6, 8]);

    // A appends after it: B's selection stays.
    await alice.page.keyboard.press("Control+End");
    await alice.page.keyboard.type("!");
    await expect(editor(bob.page)).toHaveValue("AB hello world!");
    expect(await selection(bob.page)).toEqual([6, 8]);

    // B keeps typing where the selection is: it replaces "lo".
    await bob.page.keyboard.type("p");
    await expectDocumentText([alice.page, bob.page], "AB help world!");
    expect(await selection(bob.page)).toEqual([7, 7]);
  });

  test("the revision counts acknowledged edits, live for others", async ({ alice, bob }) => {
    await shareDocument(alice.page, bob.page, "abc");
    const revision = alice.page.getByTestId(testIds.documentRevision);
    const text = (await revision.innerText()).trim();
    expect(text).toMatch(/^Revision [1-9]\d*$/);
    await expect(bob.page.getByTestId(testIds.documentRevision)).toHaveText(text);
    const n = Number(text.split(" ")[1]);

    await bob.page.getByTestId(testIds.documentEditor).focus();
    await bob.page.keyboard.press("Control+End");
    await bob.page.keyboard.type("d");
    await expect(alice.page.getByTestId(testIds.documentRevision)).toHaveText(`Revision ${n + 1}`);
    await expect(bob.page.getByTestId(testIds.documentRevision)).toHaveText(`Revision ${n + 1}`);
  });
});

test.describe("Editor save state", () => {
  test("an edit reads Saving… until the server acknowledges it, then Saved", async ({ alice }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Save") });
    const title = unique("Draft");
    await createDocument(page, title);
    const submit = (await interceptSync(page)).hold(calls("documents:submitOperations"));
    await page.reload();
    await expect(editor(page)).toBeEnabled();

    await editor(page).fill("pending");
    await expect(saveState(page)).toHaveText("Saving…");
    await expect(saveState(page)).toHaveAttribute(testAttributes.state, "saving");
    await expect(page.getByTestId(testIds.documentRevision)).toHaveText("Revision 0");

    submit.release();
    await expect(saveState(page)).toHaveText("Saved");
    await expect(saveState(page)).toHaveAttribute(testAttributes.state, "saved");
    await expect(page.getByTestId(testIds.documentRevision)).toHaveText("Revision 1");
  });

  test("offline, the save state says so; an edit that raced A's lock shows DOCUMENT_LOCKED", async ({
    alice,
    bob,
  }) => {
    await shareDocument(alice.page, bob.page, "agreed");
    await bob.context.setOffline(true);
    await expect(saveState(bob.page)).toHaveText(
      "Offline — changes will be sent when you reconnect",
    );
    await expect(saveState(bob.page)).toHaveAttribute(testAttributes.state, "offline");
    await editor(bob.page).focus();
    await bob.page.keyboard.press("Control+End");
    await bob.page.keyboard.type(" maybe");
    await expect(editor(bob.page)).toHaveValue("agreed maybe");

    // A locks while B's edit is still on its way.
    await alice.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText("Locked by you");
    await bob.context.setOffline(false);

    await expect(saveState(bob.page)).toHaveText(`This document is locked by ${alice.name}.`);
    await expect(saveState(bob.page)).toHaveAttribute(testAttributes.state, "error");
    await expect(editor(bob.page)).toHaveValue("agreed");
    await expect(editor(alice.page)).toHaveValue("agreed");
  });

  test("an edit the server refuses as stale shows STALE_REVISION", async ({ alice }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Stale") });
    await createDocument(page, unique("Old"));
    // The edit claims a revision the server has not reached: it cannot be rebased.
    const sync = await interceptSync(page);
    sync.rewrite((frame) =>
      calls("documents:submitOperations")(frame)
        ? { ...frame, args: [{ ...(frame.args?.[0] as object), baseRevision: 1_000_000 }] }
        : undefined,
    );
    await page.reload();
    await expect(editor(page)).toBeEnabled();
    await editor(page).fill("lost edit");
    await expect(saveState(page)).toHaveText(
      "This document changed too much while you were away. Reload it to continue.",
    );
    await expect(saveState(page)).toHaveAttribute(testAttributes.state, "error");
  });

  test("text beyond 500 000 UTF-16 units is refused with TOO_LONG", async ({ alice }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Huge") });
    await createDocument(page, unique("Long"));
    await editor(page).fill("short");
    await expect(saveState(page)).toHaveText("Saved");

    await editor(page).fill("x".repeat(500_001));
    await expect(saveState(page)).toHaveText("Document is too long (at most 500000 characters).");
    await expect(saveState(page)).toHaveAttribute(testAttributes.state, "error");
    await expect(editor(page)).toHaveValue("short");
    await expect(page.getByTestId(testIds.documentRevision)).toHaveText("Revision 1");
  });
});
