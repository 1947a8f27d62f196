// APP_SPEC.md § Lobby › Lobby states (and the Lobby row of § States per screen): loading,
// empty, error with "Try again", offline. The backend is shared by the whole run, so the
// loading, empty and error states come from rewriting `rooms.list` on the page's socket.
import { testAttributes, testIds } from "@rooms/domain";
import { createRoom, roomCard } from "../actions";
import { expect, test, unique } from "../fixtures";
import { failed, interceptSync } from "../sync";

test.describe("Lobby states", () => {
  test("while the rooms have not arrived the list is busy and says Loading rooms…", async ({
    alice,
  }) => {
    const sync = await interceptSync(alice.page);
    sync.rewriteQuery("rooms:list", () => null);
    await alice.page.reload();

    const list = alice.page.getByTestId(testIds.roomList);
    await expect(list).toHaveAttribute("aria-busy", "true");
    await expect(list).toHaveText("Loading rooms…");
    await expect(alice.page.getByTestId(testIds.roomCard)).toHaveCount(0);
  });

  test("with no rooms at all the lobby invites to create the first one", async ({ alice }) => {
    const sync = await interceptSync(alice.page);
    sync.rewriteQuery("rooms:list", (result) =>
      result.type === "QueryUpdated" ? { ...result, value: [] } : result,
    );
    await alice.page.reload();

    await expect(alice.page.getByTestId(testIds.roomListEmpty)).toHaveText(
      "No rooms yet. Create the first one.",
    );
    await expect(alice.page.getByTestId(testIds.roomCard)).toHaveCount(0);
  });

  test("a failed load says so, and Try again loads the rooms", async ({ alice }) => {
    const name = unique("Reload");
    await createRoom(alice.page, { name });
    await alice.page.getByTestId(testIds.backToLobby).click();
    await expect(roomCard(alice.page, name)).toBeVisible();

    const sync = await interceptSync(alice.page);
    sync.rewriteQuery("rooms:list", failed);
    await alice.page.reload();

    const error = alice.page.getByTestId(testIds.lobbyError);
    await expect(error).toHaveText("Could not load rooms.");
    await expect(error).toHaveRole("alert");
    const retry = alice.page.getByTestId(testIds.lobbyRetry);
    await expect(retry).toHaveRole("button");
    await expect(retry).toHaveText("Try again");
    await expect(roomCard(alice.page, name)).toHaveCount(0);

    sync.restoreQuery("rooms:list");
    await retry.click();
    await expect(roomCard(alice.page, name)).toBeVisible();
    await expect(error).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.roomList)).not.toHaveAttribute("aria-busy", "true");
  });

  test("offline, the last list stays visible under the connection banner", async ({ alice }) => {
    const name = unique("Stays");
    await createRoom(alice.page, { name });
    await alice.page.getByTestId(testIds.backToLobby).click();
    await expect(roomCard(alice.page, name)).toBeVisible();

    await alice.context.setOffline(true);
    const banner = alice.page.getByTestId(testIds.connectionBanner);
    await expect(banner).toHaveAttribute(testAttributes.state, "offline");
    await expect(banner).toHaveText("You are offline. Changes will be sent when you reconnect.");
    await expect(roomCard(alice.page, name)).toBeVisible();
    await expect(roomCard(alice.page, name).getByTestId(testIds.roomCardOpen)).toBeVisible();

    await alice.context.setOffline(false);
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect(roomCard(alice.page, name)).toBeVisible();
  });
});
