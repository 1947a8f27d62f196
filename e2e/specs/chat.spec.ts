// APP_SPEC.md § Chat: messages reach everyone live, older pages load on scroll, messages sent
// offline arrive once, files preview for others. § Typing indicator.
import { testAttributes, testIds } from "@rooms/domain";
import { messagesWithBody, sendMessage, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("chat", () => {
  test("a message from A reaches B with A's name", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Chat"), type: "chat" });

    await sendMessage(alice.page, "Hello from Alice");
    await expect(alice.page.getByTestId(testIds.composerInput)).toHaveValue("");

    const received = messagesWithBody(bob.page, "Hello from Alice");
    await expect(received).toHaveCount(1);
    await expect(received.getByTestId(testIds.messageAuthor)).toHaveText(alice.name);
    await expect(received).toHaveAttribute(testAttributes.mine, "false");
    await expect(messagesWithBody(alice.page, "Hello from Alice")).toHaveAttribute(
      testAttributes.mine,
      "true",
    );
  });

  test("B sees A typing, and the indicator clears when A sends", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Typing"), type: "chat" });
    const indicator = bob.page.getByTestId(testIds.typingIndicator);
    await expect(indicator).toHaveText("");

    await alice.page.getByTestId(testIds.composerInput).pressSequentially("Hello", { delay: 50 });
    await expect(indicator).toHaveText(`${alice.name} is typing…`);
    // The typist never sees themself.
    await expect(alice.page.getByTestId(testIds.typingIndicator)).toHaveText("");

    await alice.page.getByTestId(testIds.composerInput).press("Enter");
    await expect(messagesWithBody(bob.page, "Hello")).toHaveCount(1);
    await expect(indicator).toHaveText("");
  });

  test("older messages load when B scrolls to the top", async ({ alice, bob }) => {
    test.setTimeout(120_000);
    const roomName = unique("History");
    await shareRoom(alice.page, bob.page, { name: roomName, type: "chat" });
    // One page is 30 messages; 35 leaves 5 (and the join message) for the second page.
    const total = 35;
    const input = alice.page.getByTestId(testIds.composerInput);
    for (let i = 1; i <= total; i++) {
      const body = `Message ${i}`;
      await input.fill(body);
      // More than 5 messages a second are refused with the text left in the input: press
      // Enter again while it is still there, until the message is in the list.
      await expect(async () => {
        if ((await input.inputValue()) === body) await input.press("Enter");
        await expect(messagesWithBody(alice.page, body)).toHaveCount(1, { timeout: 1_000 });
      }).toPass({ intervals: [250] });
    }

    // B opens the room afresh: the newest page, scrolled to the bottom.
    await bob.page.reload();
    await expect(messagesWithBody(bob.page, `Message ${total}`)).toBeVisible();
    await expect(messagesWithBody(bob.page, "Message 1")).toHaveCount(0);
    const loadOlder = bob.page.getByTestId(testIds.messageLoadOlder);
    await expect(loadOlder).toBeAttached();

    await bob.page.getByTestId(testIds.messageList).evaluate((list) => list.scrollTo(0, 0));
    await expect(messagesWithBody(bob.page, "Message 1")).toHaveCount(1);
    await expect(bob.page.getByTestId(testIds.messageItem)).toHaveCount(total);
    await expect(loadOlder).toHaveCount(0);
  });

  test("a message A sends while offline reaches B exactly once", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Offline chat"), type: "chat" });
    await sendMessage(alice.page, "Before going offline");
    await expect(messagesWithBody(bob.page, "Before going offline")).toHaveCount(1);

    await alice.context.setOffline(true);
    await expect(alice.page.getByTestId(testIds.connectionBanner)).toHaveAttribute(
      testAttributes.state,
      "offline",
    );
    await sendMessage(alice.page, "Sent while offline");
    await alice.context.setOffline(false);
    await expect(alice.page.getByTestId(testIds.connectionBanner)).toHaveCount(0);

    await expect(messagesWithBody(bob.page, "Sent while offline")).toHaveCount(1);
    await expect(messagesWithBody(alice.page, "Sent while offline")).toHaveCount(1);
    // Still once after a fresh load: nothing was stored twice.
    await bob.page.reload();
    await expect(messagesWithBody(bob.page, "Before going offline")).toHaveCount(1);
    await expect(messagesWithBody(bob.page, "Sent while offline")).toHaveCount(1);
  });

  test("an image A uploads previews for B", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Files"), type: "chat" });
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: ONE_PIXEL_PNG,
    });

    const preview = bob.page
      .getByTestId(testIds.messageItem)
      .getByTestId(testIds.imagePreview)
      .and(bob.page.getByAltText("logo.png", { exact: true }));
    await expect(preview).toHaveCount(1);
    // B's browser fetched the stored file and decoded it as the 1×1 image A sent.
    await expect
      .poll(() =>
        preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(1);
  });
});

/** A valid 1×1 PNG. */
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
