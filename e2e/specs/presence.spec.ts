// APP_SPEC.md § Avatar stack and members, § Live cursors: who is here, live for everyone.
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { escapeRegExp, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

/** The avatar of the member named `name` in the room header's stack. */
function avatarOf(page: Page, name: string) {
  return page
    .getByTestId(testIds.avatarStack)
    .getByTestId(testIds.avatar)
    .and(page.getByTitle(new RegExp(`^${escapeRegExp(name)} \\(`)));
}

test.describe("presence", () => {
  test("when B joins, both avatar stacks show both users online", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Together") });
    for (const viewer of [alice, bob]) {
      await expect(
        viewer.page.getByTestId(testIds.avatarStack).getByTestId(testIds.avatar),
      ).toHaveCount(2);
      for (const member of [alice, bob]) {
        const avatar = avatarOf(viewer.page, member.name);
        await expect(avatar).toHaveAttribute(testAttributes.status, "online");
        await expect(avatar).toHaveAttribute("title", `${member.name} (Online)`);
      }
    }
  });

  test("when B closes the tab, A sees B go offline", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Goodbye") });
    const bobsAvatar = avatarOf(alice.page, bob.name);
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "online");

    await bob.page.close({ runBeforeUnload: true });
    // A tab that says goodbye goes offline at once; one that vanishes within
    // PRESENCE_TIMEOUT_MS (30 s) plus one 5 s sweep. Allow the latter.
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "offline", {
      timeout: 45_000,
    });
    await expect(avatarOf(alice.page, alice.name)).toHaveAttribute(testAttributes.status, "online");
  });

  test("A's cursor shows on B's screen with A's name", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Cursors") });
    const box = await alice.page.getByTestId(testIds.chatPanel).boundingBox();
    if (box === null) throw new Error("chat panel is not visible");
    await alice.page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
    await alice.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });

    const cursor = bob.page
      .getByTestId(testIds.cursorLayer)
      .getByTestId(testIds.cursor)
      .filter({
        has: bob.page.getByTestId(testIds.cursorName).getByText(alice.name, { exact: true }),
      });
    await expect(cursor).toBeVisible();
    // The viewer's own session never has a cursor.
    await expect(
      alice.page.getByTestId(testIds.cursorName).getByText(alice.name, { exact: true }),
    ).toHaveCount(0);
  });
});
