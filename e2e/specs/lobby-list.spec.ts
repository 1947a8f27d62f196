// APP_SPEC.md § Lobby › Room list, Search, Join by invite code: what a card says, Open and
// Join (busy, failure), the search's description match, and the invite code's edge cases.
import { testIds } from "@rooms/domain";
import { createRoom, roomCard, roomIdOf } from "../actions";
import { expect, test, unique } from "../fixtures";
import { calls, interceptSync } from "../sync";

test.describe("Room list", () => {
  test("a card shows name, description, type, live counts, and Open for members", async ({
    alice,
    bob,
  }) => {
    const name = unique("Sketches");
    const description = `Weekly drawings ${unique("d")}`;
    const page = alice.page;
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomDescription).fill(description);
    await dialog.getByTestId(testIds.createRoomType).selectOption("whiteboard");
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("3");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    const roomId = await roomIdOf(page);
    await page.getByTestId(testIds.backToLobby).click();

    const lobby = page.getByTestId(testIds.lobby);
    await expect(page).toHaveTitle("Rooms");
    await expect(lobby.getByRole("heading", { level: 1 })).toHaveText("Rooms");
    await expect(lobby.getByTestId(testIds.profileMenuButton)).toBeVisible();
    const card = roomCard(page, name);
    await expect(card).toHaveAttribute("data-room-id", roomId);
    await expect(card.getByRole("heading", { level: 3 })).toHaveText(name);
    await expect(card).toContainText(description);
    await expect(card.getByTestId(testIds.roomCardType)).toHaveText("Whiteboard");
    await expect(card.getByTestId(testIds.roomCardPrivate)).toHaveCount(0);
    await expect(card.getByTestId(testIds.roomCardMemberCount)).toHaveText("1 of 3 members");
    // Alice left the room for the lobby: nobody is connected.
    await expect(card.getByTestId(testIds.roomCardOnlineCount)).toHaveText("0 online");
    const open = card.getByTestId(testIds.roomCardOpen);
    await expect(open).toHaveRole("link");
    await expect(open).toHaveText("Open");
    await expect(open).toHaveAttribute("href", `/rooms/${roomId}`);
    await expect(card.getByTestId(testIds.roomCardJoin)).toHaveCount(0);

    // Bob is no member: Join, no Open. Joining updates Alice's card live.
    const bobsCard = roomCard(bob.page, name);
    await expect(bobsCard.getByTestId(testIds.roomCardOpen)).toHaveCount(0);
    await expect(bobsCard.getByTestId(testIds.roomCardJoin)).toHaveText("Join");
    await bobsCard.getByTestId(testIds.roomCardJoin).click();
    await roomIdOf(bob.page);
    await expect(card.getByTestId(testIds.roomCardMemberCount)).toHaveText("2 of 3 members");
    await expect(card.getByTestId(testIds.roomCardOnlineCount)).toHaveText("1 online");

    await open.click();
    expect(await roomIdOf(page)).toBe(roomId);
    await bob.page.getByTestId(testIds.backToLobby).click();
    await expect(bobsCard.getByTestId(testIds.roomCardOnlineCount)).toHaveText("1 online");
    await expect(bobsCard.getByTestId(testIds.roomCardOpen)).toHaveText("Open");

    // A deleted room leaves Bob's lobby without a reload.
    page.once("dialog", (confirm) => void confirm.accept());
    await page.getByTestId(testIds.roomDelete).click();
    await expect(bobsCard).toHaveCount(0);
  });

  test("rooms are listed newest first, one member reads 1 member", async ({ alice }) => {
    const older = unique("Older");
    const newer = unique("Newer");
    await createRoom(alice.page, { name: older });
    await alice.page.getByTestId(testIds.backToLobby).click();
    await createRoom(alice.page, { name: newer, type: "chat" });
    await alice.page.getByTestId(testIds.backToLobby).click();

    await expect(roomCard(alice.page, older)).toBeVisible();
    const names = await alice.page.getByTestId(testIds.roomCardName).allInnerTexts();
    expect(names.indexOf(newer)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(newer)).toBeLessThan(names.indexOf(older));
    await expect(roomCard(alice.page, older).getByTestId(testIds.roomCardType)).toHaveText(
      "Document",
    );
    await expect(roomCard(alice.page, older).getByTestId(testIds.roomCardMemberCount)).toHaveText(
      "1 member",
    );
  });

  test("Join is busy while the call runs, and a failure shows in the card", async ({
    alice,
    bob,
    user,
  }) => {
    const name = unique("Tight");
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("2");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    const roomUrl = await roomIdOf(alice.page).then((id) => `/rooms/${id}`);

    const sync = await interceptSync(bob.page);
    await bob.page.reload();
    const join = roomCard(bob.page, name).getByTestId(testIds.roomCardJoin);
    await expect(join).toHaveText("Join");
    const call = sync.hold(calls("rooms:join"));
    await join.click();
    await expect(join).toBeDisabled();
    await expect(join).toHaveText("Joining…");

    // Carol takes the last place meanwhile: Bob's call fails with ROOM_FULL.
    const carol = await user({ name: unique("Carol") });
    await carol.page.goto(roomUrl);
    await roomIdOf(carol.page);
    call.release();
    const error = roomCard(bob.page, name).getByTestId(testIds.roomCardError);
    await expect(error).toHaveText("This room is full (2 participants).");
    await expect(error).toHaveRole("alert");
    await expect(bob.page.getByTestId(testIds.lobby)).toBeVisible();
    await expect(join).toHaveText("Full");
  });
});

test.describe("Search", () => {
  test("the search matches descriptions too, case-insensitively", async ({ alice }) => {
    const tag = Math.random().toString(36).slice(2, 8);
    const name = `Plain ${tag}`;
    const page = alice.page;
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomDescription).fill(`About Kites-${tag}`);
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    await roomIdOf(page);
    await page.getByTestId(testIds.backToLobby).click();

    const search = page.getByTestId(testIds.roomSearch);
    await expect(search).toHaveAttribute("type", "search");
    await expect(search).toHaveAttribute("placeholder", "Search rooms");
    await expect(page.getByLabel("Search rooms", { exact: true })).toBeVisible();
    await search.fill(`kites-${tag.toUpperCase()}`);
    await expect(roomCard(page, name)).toBeVisible();
    await expect(page.getByTestId(testIds.roomCard)).toHaveCount(1);
    await search.fill("");
    await expect(page.getByTestId(testIds.roomCard).nth(1)).toBeVisible();
  });
});

test.describe("Join by invite code", () => {
  test("the code field, blank code, and the owner's own code", async ({ alice }) => {
    const page = alice.page;
    const input = page.getByTestId(testIds.joinByCodeInput);
    await expect(input).toHaveAttribute("placeholder", "Invite code");
    await expect(input).toHaveAttribute("autocomplete", "off");
    const submit = page.getByTestId(testIds.joinByCodeSubmit);
    await expect(submit).toHaveText("Join with code");

    await input.fill("   ");
    await submit.click();
    const error = page.getByTestId(testIds.joinByCodeError);
    await expect(error).toHaveText("That invite code is not valid.");
    await expect(error).toHaveRole("alert");

    const name = unique("Mine");
    const roomId = await createRoom(page, { name, isPrivate: true });
    const code = (await page.getByTestId(testIds.roomInviteCode).innerText()).trim();
    await page.getByTestId(testIds.backToLobby).click();
    await input.fill(`${code.toLowerCase()} `);
    await input.press("Enter");
    expect(await roomIdOf(page)).toBe(roomId);
    // A member entering the code just navigates: no second "joined", no error.
    await expect(page.getByTestId(testIds.messageListEmpty)).toBeVisible();
    await expect(page.getByTestId(testIds.systemMessage)).toHaveCount(0);
  });

  test("Join with code is busy while the call runs; a full room says so", async ({
    alice,
    bob,
    user,
  }) => {
    const name = unique("Duo");
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomPrivate).check();
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("2");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    const roomId = await roomIdOf(alice.page);
    const code = (await alice.page.getByTestId(testIds.roomInviteCode).innerText()).trim();

    const sync = await interceptSync(bob.page);
    await bob.page.reload();
    const call = sync.hold(calls("rooms:joinByInviteCode"));
    await bob.page.getByTestId(testIds.joinByCodeInput).fill(code);
    const submit = bob.page.getByTestId(testIds.joinByCodeSubmit);
    await submit.click();
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveText("Joining…");
    call.release();
    expect(await roomIdOf(bob.page)).toBe(roomId);

    const carol = await user({ name: unique("Carol") });
    await carol.page.getByTestId(testIds.joinByCodeInput).fill(code);
    await carol.page.getByTestId(testIds.joinByCodeSubmit).click();
    await expect(carol.page.getByTestId(testIds.joinByCodeError)).toHaveText(
      "This room is full (2 participants).",
    );
    await expect(carol.page.getByTestId(testIds.lobby)).toBeVisible();
  });
});
