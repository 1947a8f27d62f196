// APP_SPEC.md § Lobby (create dialog, search, full rooms, invite code errors), § Room
// (entering errors, delete), § Keyboard (lobby).
import { testIds } from "@rooms/domain";
import { createRoom, joinFromLobby, roomCard } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("rooms", () => {
  test("the create-room dialog validates the name and the participant limit", async ({ alice }) => {
    const page = alice.page;
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await expect(dialog.getByTestId(testIds.createRoomName)).toBeFocused();
    await dialog.getByTestId(testIds.createRoomName).fill("   ");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    const error = dialog.getByTestId(testIds.createRoomError);
    await expect(error).toHaveText("Room name cannot be empty.");

    await dialog.getByTestId(testIds.createRoomName).fill(unique("Limits"));
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("1");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    await expect(error).toHaveText("Participant limit is not valid.");
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();

    // Escape cancels; focus returns; reopening shows empty fields.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(testIds.createRoomButton)).toBeFocused();
    await page.getByTestId(testIds.createRoomButton).click();
    await expect(dialog.getByTestId(testIds.createRoomName)).toHaveValue("");
    await expect(dialog.getByTestId(testIds.createRoomMaxParticipants)).toHaveValue("");
    await dialog.getByTestId(testIds.createRoomCancel).click();
    await expect(dialog).toBeHidden();
  });

  test("a full room explains itself to a third user", async ({ alice, bob, user }) => {
    const name = unique("Pair");
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("2");
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    await expect(alice.page.getByTestId(testIds.roomView)).toBeVisible();
    const roomUrl = alice.page.url();
    await joinFromLobby(bob.page, name);

    const carol = await user({ name: unique("Carol") });
    const card = roomCard(carol.page, name);
    await expect(card.getByTestId(testIds.roomCardMemberCount)).toHaveText("2 of 2 members");
    const join = card.getByTestId(testIds.roomCardJoin);
    await expect(join).toBeDisabled();
    await expect(join).toHaveText("Full");
    await expect(card).toContainText("This room is full (2 participants).");
    await expect(join).toHaveAccessibleDescription("This room is full (2 participants).");

    await carol.page.goto(roomUrl);
    await expect(carol.page.getByTestId(testIds.roomError)).toContainText(
      "This room is full (2 participants).",
    );
    await expect(carol.page.getByTestId(testIds.backToLobby)).toBeVisible();
  });

  test("a wrong invite code shows an error that editing clears", async ({ alice }) => {
    const input = alice.page.getByTestId(testIds.joinByCodeInput);
    await input.fill("NOPE2345");
    await input.press("Enter");
    const error = alice.page.getByTestId(testIds.joinByCodeError);
    await expect(error).toHaveText("That invite code is not valid.");
    await input.fill("NOPE234");
    await expect(error).toHaveCount(0);
  });

  test("room search filters the cards and says when nothing matches", async ({ alice }) => {
    const tag = Math.random().toString(36).slice(2, 8);
    await createRoom(alice.page, { name: `Garden ${tag}` });
    await alice.page.getByTestId(testIds.backToLobby).click();
    await createRoom(alice.page, { name: `Kitchen ${tag}` });
    await alice.page.getByTestId(testIds.backToLobby).click();

    const search = alice.page.getByTestId(testIds.roomSearch);
    await search.fill(`GARDEN ${tag}`);
    await expect(roomCard(alice.page, `Garden ${tag}`)).toBeVisible();
    await expect(roomCard(alice.page, `Kitchen ${tag}`)).toHaveCount(0);
    await search.fill(`nothing-${tag}`);
    await expect(alice.page.getByTestId(testIds.roomListEmpty)).toHaveText(
      `No rooms match "nothing-${tag}".`,
    );
  });

  test("a malformed room id shows the room error", async ({ alice }) => {
    await alice.page.goto("/rooms/doesnotexist");
    await expect(alice.page.getByTestId(testIds.roomError)).toContainText(
      "This room does not exist or was deleted.",
    );
  });

  test("a private room's URL tells a non-member to ask for the code", async ({ alice, bob }) => {
    await createRoom(alice.page, { name: unique("Hidden"), isPrivate: true });
    await bob.page.goto(alice.page.url());
    await expect(bob.page.getByTestId(testIds.roomError)).toContainText(
      "You are not a member of this room.",
    );
  });

  test("when the owner deletes the room, B's view shows it was deleted", async ({ alice, bob }) => {
    const name = unique("Doomed");
    await createRoom(alice.page, { name });
    await expect(alice.page).toHaveTitle(`${name} · Rooms`);
    await joinFromLobby(bob.page, name);
    await expect(bob.page.getByTestId(testIds.roomDelete)).toHaveCount(0);

    alice.page.once("dialog", (dialog) => {
      expect(dialog.message()).toBe("Delete this room for everyone? This cannot be undone.");
      void dialog.accept();
    });
    await alice.page.getByTestId(testIds.roomDelete).click();
    await expect(alice.page).toHaveURL(/\/rooms$/);
    await expect(bob.page.getByTestId(testIds.roomError)).toContainText(
      "This room does not exist or was deleted.",
    );
    await expect(bob.page.getByTestId(testIds.roomHeader)).toHaveCount(0);
    await expect(roomCard(alice.page, name)).toHaveCount(0);
  });

  test("lobby controls are labelled for keyboard and screen-reader users", async ({ alice }) => {
    const page = alice.page;
    await expect(page.getByRole("list", { name: "Rooms" })).toBeVisible();
    await expect(page.getByRole("searchbox", { name: "Search rooms" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Invite code" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Join with code" })).toBeVisible();
    const create = page.getByRole("button", { name: "New room" });
    await create.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "New room" });
    await expect(dialog).toBeVisible();
    for (const label of [
      "Name",
      "Description",
      "Type",
      "Private (invite only)",
      "Max participants",
    ])
      await expect(dialog.getByLabel(label, { exact: true })).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Create room" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(create).toBeFocused();
  });
});
