// APP_SPEC.md § Chat › Message list, and the Chat row of § States per screen (loading, empty).
import { testIds, type TestId } from "@rooms/domain";
import type { Locator, Page } from "@playwright/test";
import { createRoom, messagesWithBody, sendMessage, sendMessages, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";
import { interceptSync, subscribesTo } from "../sync";

function messageList(page: Page): Locator {
  return page.getByTestId(testIds.messageList satisfies TestId);
}

/** How far the list is scrolled up from its bottom, in px (0: at the bottom). */
function distanceFromBottom(page: Page): Promise<number> {
  return messageList(page).evaluate(
    (list) => list.scrollHeight - list.scrollTop - list.clientHeight,
  );
}

function scrollTop(page: Page): Promise<number> {
  return messageList(page).evaluate((list) => list.scrollTop);
}

/** The top of `item` on screen, in px. */
async function topOf(item: Locator): Promise<number> {
  const box = await item.boundingBox();
  if (box === null) throw new Error("item not rendered");
  return box.y;
}

test.describe("Message list", () => {
  test("opens on the newest 30 messages at the bottom; older ones load by scrolling up or with Load older messages", async ({
    alice,
    bob,
  }) => {
    test.setTimeout(120_000);
    await shareRoom(alice.page, bob.page, { name: unique("History"), type: "chat" });
    // One page is 30 messages; 35 leave 5 and "<Bob> joined" for the second page.
    const total = 35;
    await sendMessages(
      alice.page,
      Array.from({ length: total }, (_, i) => `Message ${i + 1}`),
    );
    const sync = await interceptSync(bob.page);

    // B opens the room afresh: the newest page, oldest at the top, scrolled to the bottom.
    await bob.page.reload();
    const items = bob.page.getByTestId(testIds.messageItem);
    await expect(items).toHaveCount(30);
    await expect(items.first().getByTestId(testIds.messageBody)).toHaveText("Message 6");
    await expect(items.last().getByTestId(testIds.messageBody)).toHaveText(`Message ${total}`);
    await expect(bob.page.getByTestId(testIds.systemMessage)).toHaveCount(0);
    await expect.poll(() => distanceFromBottom(bob.page)).toBeLessThanOrEqual(1);
    await expect(messagesWithBody(bob.page, `Message ${total}`)).toBeInViewport();

    // More exist: the first item is the button.
    const loadOlder = bob.page.getByTestId(testIds.messageLoadOlder);
    await expect(
      messageList(bob.page).getByRole("listitem").first().getByTestId(testIds.messageLoadOlder),
    ).toHaveText("Load older messages");
    await expect(loadOlder).toBeEnabled();

    // Scrolling to the top loads the rest above; then the button is gone.
    await messageList(bob.page).evaluate((list) => list.scrollTo(0, 0));
    await expect(messagesWithBody(bob.page, "Message 1")).toHaveCount(1);
    await expect(items).toHaveCount(total);
    await expect(
      bob.page.getByTestId(testIds.systemMessage).filter({ hasText: `${bob.name} joined` }),
    ).toHaveCount(1);
    await expect(loadOlder).toHaveCount(0);

    // Again from a fresh load, with the button, from the middle of the list: the next page is
    // held back to see the busy button.
    await bob.page.reload();
    await expect(items).toHaveCount(30);
    const anchor = messagesWithBody(bob.page, "Message 20");
    await anchor.scrollIntoViewIfNeeded();
    await expect(anchor).toBeInViewport();
    const before = await topOf(anchor);
    const hold = sync.hold(subscribesTo("messages:list"));
    // A click that does not scroll the list to the top (which would load by itself).
    await loadOlder.dispatchEvent("click");
    await hold.held;
    await expect(loadOlder).toHaveText("Loading…");
    await expect(loadOlder).toBeDisabled();
    hold.release();

    await expect(messagesWithBody(bob.page, "Message 1")).toHaveCount(1);
    await expect(items).toHaveCount(total);
    await expect(loadOlder).toHaveCount(0);
    // The messages the reader was looking at did not move.
    await expect.poll(async () => Math.abs((await topOf(anchor)) - before)).toBeLessThanOrEqual(1);
    await expect(anchor).toBeInViewport();
  });

  test("a new message scrolls to the bottom only when the viewer was there or sent it", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Scroll"), type: "chat" });
    // Enough lines to make the list scroll.
    await sendMessages(
      alice.page,
      Array.from({ length: 12 }, (_, i) => `Filler ${i + 1}`),
    );
    await expect(messagesWithBody(bob.page, "Filler 12")).toHaveCount(1);
    await expect
      .poll(() => messageList(bob.page).evaluate((l) => l.scrollHeight - l.clientHeight))
      .toBeGreaterThan(200);
    await expect.poll(() => distanceFromBottom(bob.page)).toBeLessThanOrEqual(1);

    // B at the bottom: follows the new message.
    await sendMessage(alice.page, "While B is at the bottom");
    await expect(messagesWithBody(bob.page, "While B is at the bottom")).toHaveCount(1);
    await expect.poll(() => distanceFromBottom(bob.page)).toBeLessThanOrEqual(1);
    await expect(messagesWithBody(bob.page, "While B is at the bottom")).toBeInViewport();

    // B scrolled up: the position stays.
    await messageList(bob.page).evaluate((list) => list.scrollTo(0, 0));
    await expect(bob.page.getByTestId(testIds.systemMessage)).toBeInViewport();
    await sendMessage(alice.page, "While B reads older ones");
    await expect(messagesWithBody(bob.page, "While B reads older ones")).toHaveCount(1);
    await expect(messagesWithBody(bob.page, "While B reads older ones")).not.toBeInViewport();
    expect(await scrollTop(bob.page)).toBe(0);
    await expect(bob.page.getByTestId(testIds.systemMessage)).toBeInViewport();

    // B's own message, still scrolled up: the list goes to the bottom.
    await sendMessage(bob.page, "B writes from the top");
    await expect(messagesWithBody(bob.page, "B writes from the top")).toHaveCount(1);
    await expect.poll(() => distanceFromBottom(bob.page)).toBeLessThanOrEqual(1);
    await expect(messagesWithBody(bob.page, "B writes from the top")).toBeInViewport();
  });

  test("a room without messages says so; while messages load the list is busy", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Quiet"), type: "chat" });
    const list = messageList(alice.page);
    const empty = alice.page.getByTestId(testIds.messageListEmpty);
    await expect(empty).toHaveText("No messages yet. Say hello!");
    await expect(
      alice.page.getByTestId(testIds.chatPanel).getByTestId(testIds.messageListEmpty),
    ).toHaveCount(1);
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);
    await expect(list).not.toHaveAttribute("aria-busy", "true");
    await expect(list).toHaveJSProperty("tagName", "OL");
    await expect(alice.page.getByRole("log", { name: "Messages", exact: true })).toHaveAttribute(
      "data-testid",
      testIds.messageList,
    );
    await expect(alice.page.getByRole("region", { name: "Chat", exact: true })).toHaveAttribute(
      "data-testid",
      testIds.chatPanel,
    );

    // Loading: the list's subscription is held back after a reload.
    const sync = await interceptSync(alice.page);
    const hold = sync.hold(subscribesTo("messages:list"));
    await alice.page.reload();
    await hold.held;
    await expect(list).toHaveAttribute("aria-busy", "true");
    await expect(list).toContainText("Loading messages…");
    await expect(empty).toHaveCount(0);
    hold.release();
    await expect(empty).toHaveText("No messages yet. Say hello!");
    await expect(list).not.toHaveAttribute("aria-busy", "true");
    await expect(list).not.toContainText("Loading messages…");

    await sendMessage(alice.page, "Hello?");
    await expect(messagesWithBody(alice.page, "Hello?")).toHaveCount(1);
    await expect(empty).toHaveCount(0);
  });
});
