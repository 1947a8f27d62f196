// APP_SPEC.md § Connection banner: offline and reconnecting, on the lobby and in a room; the
// screen stays usable and what was done meanwhile is sent when the connection returns.
import { testAttributes, testIds } from "@rooms/domain";
import { createRoom, messagesWithBody, sendMessage } from "../actions";
import { interceptSync } from "../sync";
import { expect, signInAsGuest, test, unique } from "../fixtures";

test.describe("Connection banner", () => {
  test("offline: the banner says so, the lobby stays, the banner goes when back", async ({
    alice,
  }) => {
    const { page, context } = alice;
    const banner = page.getByTestId(testIds.connectionBanner);
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(banner).toHaveCount(0);

    await context.setOffline(true);
    await expect(banner).toHaveText("You are offline. Changes will be sent when you reconnect.");
    await expect(banner).toHaveAttribute(testAttributes.state, "offline");
    await expect(banner).toHaveAttribute("role", "status");
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();

    await context.setOffline(false);
    await expect(banner).toHaveCount(0);
  });

  test("reconnecting: the banner shows while the socket is down; a message sent meanwhile arrives", async ({
    page,
  }) => {
    const sync = await interceptSync(page);
    await signInAsGuest(page);
    await createRoom(page, { name: unique("Flaky"), type: "chat" });
    const banner = page.getByTestId(testIds.connectionBanner);
    await expect(banner).toHaveCount(0);

    sync.drop();
    await expect(banner).toHaveAttribute(testAttributes.state, "reconnecting");
    await expect(banner).toHaveText("Reconnecting…");
    await expect(banner).toHaveAttribute("role", "status");
    // Still usable: the message waits in the client's queue.
    await sendMessage(page, "sent while away");

    sync.accept();
    await expect(banner).toHaveCount(0);
    await expect(messagesWithBody(page, "sent while away")).toHaveCount(1);
    await expect(page.getByTestId(testIds.composerInput)).toHaveValue("");
    await page.reload();
    await expect(messagesWithBody(page, "sent while away")).toHaveCount(1);
  });
});
