// APP_SPEC.md § Chat: messages reach everyone live, messages sent offline arrive once, files
// preview for others (older pages: chat-list.spec.ts). § Typing indicator.
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
