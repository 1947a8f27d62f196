// APP_SPEC.md § Documents: list and create, history, unknown document.
import { testIds } from "@rooms/domain";
import { createDocument, createRoom, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("documents list", () => {
  test("a document A creates appears in B's list; a blank title is refused", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Library"), type: "document" });
    await expect(bob.page.getByTestId(testIds.documentListEmpty)).toHaveText("No documents yet.");

    await alice.page.getByTestId(testIds.documentCreateTitle).fill("   ");
    await alice.page.getByTestId(testIds.documentCreateSubmit).click();
    await expect(alice.page.getByTestId(testIds.documentCreateError)).toHaveText(
      "Document title cannot be empty.",
    );

    const first = unique("Plan");
    const second = unique("Budget");
    await createDocument(alice.page, first);
    await expect(alice.page.getByTestId(testIds.documentCreateTitle)).toHaveValue("");
    await createDocument(alice.page, second);
    // Oldest first, live for B.
    await expect(bob.page.getByTestId(testIds.documentItem)).toHaveText([first, second]);
    await expect(
      alice.page.getByTestId(testIds.documentItem).getByRole("link", { name: second }),
    ).toHaveAttribute("aria-current", "page");
  });

  test("history lists the Created snapshot and an unknown id shows the error", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Archive") });
    const title = unique("Memo");
    await createDocument(page, title);
    await expect(page.getByTestId(testIds.documentRevision)).toHaveText("Revision 0");
    await page.getByTestId(testIds.documentHistory).getByText("History").click();
    await expect(
      page
        .getByTestId(testIds.documentHistoryItem)
        .filter({ hasText: `Revision 0 · Created · ${alice.name}` }),
    ).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Restore revision 0" })).toBeVisible();

    const url = new URL(page.url());
    url.searchParams.set("doc", "nosuchdocument");
    await page.goto(url.toString());
    await expect(page.getByTestId(testIds.documentError)).toHaveText(
      "This document does not exist or was deleted.",
    );
  });
});
