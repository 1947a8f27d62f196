// APP_SPEC.md § Lobby: the room list is live for everyone; private rooms are reached by
// invite code only.
import { testIds } from "@rooms/domain";
import { createRoom, roomCard, roomIdOf } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("lobby", () => {
  test("a room A creates appears in B's lobby without a reload", async ({ alice, bob }) => {
    const name = unique("Standup");
    await expect(roomCard(bob.page, name)).toHaveCount(0);

    await createRoom(alice.page, { name, type: "chat" });

    const card = roomCard(bob.page, name);
    await expect(card).toBeVisible();
    await expect(card.getByTestId(testIds.roomCardType)).toHaveText("Chat");
    await expect(card.getByTestId(testIds.roomCardMemberCount)).toHaveText("1 member");
    await expect(card.getByTestId(testIds.roomCardJoin)).toBeEnabled();
  });

  test("a private room is invisible to B until B enters its invite code", async ({
    alice,
    bob,
  }) => {
    const name = unique("Secret");
    const roomId = await createRoom(alice.page, { name, isPrivate: true });
    const code = (await alice.page.getByTestId(testIds.roomInviteCode).innerText()).trim();
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    // A public room created after it shows up for B, so B's list is live and the private
    // room's absence is not a stale list.
    const marker = unique("Public");
    await alice.page.getByTestId(testIds.backToLobby).click();
    await createRoom(alice.page, { name: marker });
    await expect(roomCard(bob.page, marker)).toBeVisible();
    await expect(roomCard(bob.page, name)).toHaveCount(0);

    // Codes compare trimmed and case-insensitively.
    await bob.page.getByTestId(testIds.joinByCodeInput).fill(` ${code.toLowerCase()} `);
    await bob.page.getByTestId(testIds.joinByCodeSubmit).click();
    expect(await roomIdOf(bob.page)).toBe(roomId);
    await expect(bob.page.getByTestId(testIds.roomName)).toHaveText(name);
    // Nobody but the owner sees the code.
    await expect(bob.page.getByTestId(testIds.roomInviteCode)).toHaveCount(0);

    await bob.page.getByTestId(testIds.backToLobby).click();
    await expect(roomCard(bob.page, name).getByTestId(testIds.roomCardPrivate)).toHaveText(
      "Private",
    );
  });
});
