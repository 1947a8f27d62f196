// Two implementations, one backend: user A in one app and user B in the other (apps.ts
// `crossAppPair`) share a room on one deployment. They see each other's presence and cursor,
// and type into one document at the same time and converge; they draw on one board and see
// each other's shapes, moves and pointers. Runs once, as the `cross-app` project
// (playwright.config.ts), not per app.
import { boardToolId, testAttributes, testIds } from "@rooms/domain";
import type { Browser, Page } from "@playwright/test";
import {
  boardCanvas,
  boardShapes,
  createDocument,
  dragOnBoard,
  drawOnBoard,
  expectDocumentText,
  openDocument,
  shapeAttributes,
  shareRoom,
  textBeforeCaret,
} from "../actions";
import { appNamed, appUrl, crossAppPair } from "../apps";
import { expect, signUp, test, unique, type SignedInUser } from "../fixtures";

test.describe("cross-app", () => {
  test("A in one app and B in the other share presence, cursors and a document", async ({
    browser,
  }) => {
    const users = await pairAcrossApps(browser);
    const [alice, bob] = users;
    try {
      await shareRoom(alice.page, bob.page, { name: unique("Across"), type: "document" });

      // Presence: each stack shows both users online.
      for (const viewer of [alice, bob]) {
        for (const member of [alice, bob]) {
          await expect(
            viewer.page
              .getByTestId(testIds.avatarStack)
              .getByTestId(testIds.avatar)
              .and(viewer.page.getByTitle(`${member.name} (Online)`)),
          ).toHaveAttribute(testAttributes.status, "online");
        }
      }

      // Cursors, both ways.
      for (const [mover, viewer] of [
        [alice, bob],
        [bob, alice],
      ] as const) {
        await movePointer(mover.page);
        await expect(
          viewer.page
            .getByTestId(testIds.cursorLayer)
            .getByTestId(testIds.cursor)
            .filter({
              has: viewer.page.getByTestId(testIds.cursorName).getByText(mover.name, {
                exact: true,
              }),
            }),
        ).toBeVisible();
      }

      // One document, typed into at the same time from both apps.
      const title = unique("Shared");
      await createDocument(alice.page, title);
      await alice.page.getByTestId(testIds.documentEditor).click();
      await alice.page.keyboard.type("middle");
      await openDocument(bob.page, title);
      await expectDocumentText([alice.page, bob.page], "middle");

      await caretAt(alice.page, "start");
      await caretAt(bob.page, "end");
      await Promise.all([
        alice.page.keyboard.type("svelte-", { delay: 40 }),
        bob.page.keyboard.type("-vue", { delay: 40 }),
      ]);
      await expectDocumentText([alice.page, bob.page], "svelte-middle-vue");
      // Each sees the other's caret right after what they typed, once the edits are committed.
      const caretOf = (viewer: SignedInUser, of: SignedInUser) =>
        viewer.page.getByTestId(testIds.documentCaret).filter({ hasText: of.name });
      await expect.poll(() => textBeforeCaret(caretOf(bob, alice))).toBe("svelte-");
      await expect.poll(() => textBeforeCaret(caretOf(alice, bob))).toBe("svelte-middle-vue");
    } finally {
      for (const user of users) await user.context.close();
    }
  });

  test("A in one app and B in the other draw on one board: shapes, moves and pointers", async ({
    browser,
  }) => {
    const users = await pairAcrossApps(browser);
    const [alice, bob] = users;
    try {
      await shareRoom(alice.page, bob.page, { name: unique("Board"), type: "whiteboard" });
      await drawOnBoard(alice.page, "rectangle", { x: 40, y: 40 }, { x: 140, y: 120 });
      await drawOnBoard(bob.page, "pen", { x: 200, y: 60 }, { x: 320, y: 140 });
      for (const page of [alice.page, bob.page]) {
        await expect(boardShapes(page, "rectangle")).toHaveCount(1);
        await expect(boardShapes(page, "pen")).toHaveCount(1);
      }
      // Bob moves Alice's rectangle; both boards agree on where it is.
      await bob.page.getByTestId(boardToolId("select")).click();
      await dragOnBoard(bob.page, { x: 90, y: 80 }, { x: 190, y: 280 });
      for (const page of [alice.page, bob.page]) {
        await expect
          .poll(() => shapeAttributes(boardShapes(page, "rectangle")))
          .toMatchObject({ x: "140", y: "240" });
      }
      // Each sees the other's pointer on the board, with their name.
      for (const [mover, viewer] of [
        [alice, bob],
        [bob, alice],
      ] as const) {
        const box = (await boardCanvas(mover.page).boundingBox())!;
        await mover.page.mouse.move(box.x + 400, box.y + 300, { steps: 4 });
        await expect(viewer.page.getByTestId(testIds.boardRemotePointer)).toContainText(mover.name);
      }
    } finally {
      for (const user of users) await user.context.close();
    }
  });
});

/** A signed up in the first app of `crossAppPair`, B in the second, each in a new context. */
async function pairAcrossApps(browser: Browser): Promise<[SignedInUser, SignedInUser]> {
  const users: SignedInUser[] = [];
  for (const [i, name] of crossAppPair.entries()) {
    const context = await browser.newContext({ baseURL: appUrl(appNamed(name)) });
    const page = await context.newPage();
    const userName = unique(i === 0 ? "Alice" : "Bob");
    await signUp(page, userName);
    users.push({ name: userName, context, page });
  }
  return users as [SignedInUser, SignedInUser];
}

/** Moves the pointer across the chat panel, as in presence.spec.ts. */
async function movePointer(page: Page): Promise<void> {
  const box = await page.getByTestId(testIds.chatPanel).boundingBox();
  if (box === null) throw new Error("chat panel is not visible");
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
}

async function caretAt(page: Page, where: "start" | "end"): Promise<void> {
  const editor = page.getByTestId(testIds.documentEditor);
  await editor.focus();
  await editor.press(where === "start" ? "Control+Home" : "Control+End");
}
