// APP_SPEC.md § Room › Entering and › Header (and the Room row of § States per screen): joining
// by URL, the error states, Loading room…, the header's parts and order, the owner's invite
// code and Copy, Leave and Delete.
import { testAttributes, testIds } from "@rooms/domain";
import { createDocument, createRoom, roomCard, roomIdOf, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";
import { interceptSync } from "../sync";

test.describe("Entering", () => {
  test("opening a public room's URL joins it, and everyone sees who joined", async ({
    alice,
    bob,
  }) => {
    const name = unique("Open door");
    const roomId = await createRoom(alice.page, { name });
    await bob.page.goto(`/rooms/${roomId}`);
    expect(await roomIdOf(bob.page)).toBe(roomId);
    await expect(bob.page.getByTestId(testIds.roomView)).toHaveAttribute(
      testAttributes.roomId,
      roomId,
    );
    for (const page of [alice.page, bob.page])
      await expect(
        page.getByTestId(testIds.systemMessage).getByText(`${bob.name} joined`, { exact: true }),
      ).toBeVisible();
    await bob.page.getByTestId(testIds.backToLobby).click();
    await expect(roomCard(bob.page, name).getByTestId(testIds.roomCardOpen)).toBeVisible();
  });

  test("a private room's URL explains how to get in", async ({ alice, bob }) => {
    const roomId = await createRoom(alice.page, { name: unique("Closed"), isPrivate: true });
    await bob.page.goto(`/rooms/${roomId}`);
    const error = bob.page.getByTestId(testIds.roomError);
    await expect(error).toHaveRole("alert");
    await expect(error).toContainText(
      "You are not a member of this room. Ask the owner for the invite code and enter it in the lobby.",
    );
    await expect(bob.page.getByTestId(testIds.roomHeader)).toHaveCount(0);
    await expect(bob.page.getByTestId(testIds.chatPanel)).toHaveCount(0);
    const back = bob.page.getByTestId(testIds.backToLobby);
    await expect(back).toHaveText("Back to rooms");
    await back.click();
    await expect(bob.page).toHaveURL(/\/rooms$/);
    await expect(bob.page.getByTestId(testIds.lobby)).toBeVisible();
  });

  test("the URL of a deleted room says it does not exist", async ({ alice }) => {
    const roomId = await createRoom(alice.page, { name: unique("Gone") });
    alice.page.once("dialog", (confirm) => void confirm.accept());
    await alice.page.getByTestId(testIds.roomDelete).click();
    await expect(alice.page).toHaveURL(/\/rooms$/);
    await alice.page.goto(`/rooms/${roomId}`);
    const error = alice.page.getByTestId(testIds.roomError);
    await expect(error).toHaveText(
      /^\s*This room does not exist or was deleted\.\s*Back to rooms\s*$/,
    );
    await expect(alice.page.getByTestId(testIds.backToLobby)).toHaveAttribute("href", "/rooms");
  });

  test("until the room arrives the view is busy and says Loading room…", async ({ alice }) => {
    const roomId = await createRoom(alice.page, { name: unique("Slow") });
    const sync = await interceptSync(alice.page);
    sync.rewriteQuery("rooms:get", () => null);
    await alice.page.reload();
    const view = alice.page.getByTestId(testIds.roomView);
    await expect(view).toHaveAttribute("aria-busy", "true");
    await expect(view).toHaveText("Loading room…");
    await expect(alice.page.getByTestId(testIds.roomHeader)).toHaveCount(0);

    sync.restoreQuery("rooms:get");
    await alice.page.reload();
    expect(await roomIdOf(alice.page)).toBe(roomId);
    await expect(view).not.toHaveAttribute("aria-busy", "true");
  });
});

test.describe("Room body", () => {
  for (const { type, lead, side } of [
    { type: "document", lead: testIds.documentPanel, side: testIds.chatPanel },
    { type: "chat", lead: testIds.chatPanel, side: testIds.documentPanel },
    { type: "whiteboard", lead: testIds.board, side: testIds.chatPanel },
  ] as const) {
    const leadName = {
      [testIds.chatPanel]: "chat",
      [testIds.documentPanel]: "documents",
      [testIds.board]: "board",
    }[lead];
    test(`a ${type} room leads with its ${leadName}; the side panel collapses; stacked at 390 px`, async ({
      alice,
    }) => {
      await createRoom(alice.page, { name: unique("Layout"), type });
      const page = alice.page;
      const view = page.getByTestId(testIds.roomView);
      await expect(view).toHaveAttribute(testAttributes.roomType, type);
      await expect(view.getByTestId(testIds.cursorLayer)).toHaveAttribute("aria-hidden", "true");
      const chat = view.getByTestId(testIds.chatPanel);
      await expect(chat).toHaveRole("region");
      await expect(chat).toHaveAccessibleName("Chat");
      const names = { [testIds.documentPanel]: "Documents", [testIds.board]: "Whiteboard" };
      for (const panel of [lead, side].filter((p) => p !== testIds.chatPanel)) {
        await expect(view.getByTestId(panel)).toHaveAccessibleName(
          names[panel as keyof typeof names],
        );
      }
      // A room shows the panels of its type only.
      const others = [testIds.documentPanel, testIds.board].filter((p) => p !== lead && p !== side);
      for (const panel of others) await expect(view.getByTestId(panel)).toHaveCount(0);

      const [leading, beside] = [view.getByTestId(lead), view.getByTestId(side)];
      const boxes = async () => {
        const [a, b] = [await leading.boundingBox(), await beside.boundingBox()];
        if (a === null || b === null) throw new Error("a panel is not visible");
        return [a, b] as const;
      };
      await page.setViewportSize({ width: 1280, height: 800 });
      // Side by side: the leading panel first and wider.
      await expect
        .poll(async () => {
          const [a, b] = await boxes();
          return b.x >= a.x + a.width - 1 && a.width > b.width;
        })
        .toBe(true);

      const toggle = view.getByTestId(testIds.roomSideToggle);
      const sideName = side === testIds.chatPanel ? "chat" : "documents";
      await expect(toggle).toHaveText(`Hide ${sideName}`);
      await expect(toggle).toHaveAttribute("aria-expanded", "true");
      await toggle.click();
      await expect(beside).toBeHidden();
      await expect(toggle).toHaveText(`Show ${sideName}`);
      await expect(toggle).toHaveAttribute("aria-expanded", "false");
      // The leading panel takes the freed width.
      const alone = await leading.boundingBox();
      expect(alone!.width).toBeGreaterThan(1000);
      await toggle.click();
      await expect(beside).toBeVisible();

      // A phone: one column, the leading panel on top.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect
        .poll(async () => {
          const [a, b] = await boxes();
          return b.y >= a.y + a.height - 1 && a.width <= 390;
        })
        .toBe(true);
    });
  }
});

test.describe("Header", () => {
  test("the header shows its parts in order; only the owner of a private room sees the code", async ({
    alice,
    bob,
  }) => {
    const name = unique("Ordered");
    const description = "Where the plans live";
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomDescription).fill(description);
    await dialog.getByTestId(testIds.createRoomType).selectOption("chat");
    await dialog.getByTestId(testIds.createRoomPrivate).check();
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    await roomIdOf(alice.page);

    const header = alice.page.getByTestId(testIds.roomHeader);
    const parts = [
      testIds.backToLobby,
      testIds.roomName,
      testIds.roomType,
      testIds.roomDescription,
      testIds.avatarStack,
      testIds.roomInviteCode,
      testIds.roomCopyInvite,
      testIds.roomDelete,
      testIds.profileMenuButton,
    ];
    // Parts arrive with their queries (the profile button with users.me): poll until all are in.
    await expect
      .poll(() =>
        header
          .getByTestId(new RegExp(`^(${parts.join("|")})$`))
          .evaluateAll((elements) =>
            elements.map((element) => element.getAttribute("data-testid")),
          ),
      )
      .toEqual(parts);

    await expect(header.getByTestId(testIds.backToLobby)).toHaveText("Back to rooms");
    await expect(header.getByTestId(testIds.backToLobby)).toHaveAttribute("href", "/rooms");
    await expect(header.getByRole("heading", { level: 1 })).toHaveText(name);
    await expect(header.getByTestId(testIds.roomType)).toHaveText("Chat");
    await expect(header.getByTestId(testIds.roomDescription)).toHaveText(description);
    const code = header.getByTestId(testIds.roomInviteCode);
    await expect(code).toHaveText(/^[A-Z0-9]{8}$/);
    expect(await code.evaluate((element) => element.tagName)).toBe("CODE");
    await expect(header.getByTestId(testIds.roomCopyInvite)).toHaveText("Copy invite code");
    await expect(header.getByTestId(testIds.roomDelete)).toHaveText("Delete room");
    // The owner cannot leave.
    await expect(header.getByTestId(testIds.roomLeave)).toHaveCount(0);

    // Bob, a member by code: no code, no Copy, no Delete; Leave instead.
    const invite = (await code.innerText()).trim();
    await bob.page.getByTestId(testIds.joinByCodeInput).fill(invite);
    await bob.page.getByTestId(testIds.joinByCodeSubmit).click();
    await roomIdOf(bob.page);
    const bobsHeader = bob.page.getByTestId(testIds.roomHeader);
    await expect(bobsHeader.getByTestId(testIds.roomLeave)).toHaveText("Leave room");
    await expect(bobsHeader.getByTestId(testIds.roomInviteCode)).toHaveCount(0);
    await expect(bobsHeader.getByTestId(testIds.roomCopyInvite)).toHaveCount(0);
    await expect(bobsHeader.getByTestId(testIds.roomDelete)).toHaveCount(0);
    await expect(bob.page.getByText(invite)).toHaveCount(0);
  });

  test("a public room has no invite code and no description line when it has none", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Bare"), type: "whiteboard" });
    const header = alice.page.getByTestId(testIds.roomHeader);
    await expect(header.getByTestId(testIds.roomType)).toHaveText("Whiteboard");
    await expect(header.getByTestId(testIds.roomDescription)).toHaveCount(0);
    await expect(header.getByTestId(testIds.roomInviteCode)).toHaveCount(0);
    await expect(header.getByTestId(testIds.roomCopyInvite)).toHaveCount(0);
    await expect(header.getByTestId(testIds.roomDelete)).toBeVisible();
  });

  test("Copy invite code copies the code and reads Copied for 2 s", async ({ alice }) => {
    const page = alice.page;
    await alice.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await createRoom(page, { name: unique("Copy"), isPrivate: true });
    const code = (await page.getByTestId(testIds.roomInviteCode).innerText()).trim();
    await page.clock.install();
    await page.reload();
    await roomIdOf(page);
    await page.clock.pauseAt(Date.now() + 1000);

    const copy = page.getByTestId(testIds.roomCopyInvite);
    await copy.click();
    await expect(copy).toHaveText("Copied");
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      ),
    ).toBe(code);
    await page.clock.runFor(1900);
    await expect(copy).toHaveText("Copied");
    await page.clock.runFor(200);
    await expect(copy).toHaveText("Copy invite code");
  });

  test("Leave room releases the leaver's locks, posts left, and returns to the lobby", async ({
    alice,
    bob,
  }) => {
    const name = unique("Exit");
    await shareRoom(alice.page, bob.page, { name });
    const title = unique("Plan");
    await createDocument(alice.page, title);
    await bob.page.getByTestId(testIds.documentItem).getByText(title, { exact: true }).click();
    await expect(bob.page.getByTestId(testIds.documentEditor)).toBeEnabled();
    await bob.page.getByTestId(testIds.documentLock).click();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveText(
      `Locked by ${bob.name}`,
    );
    const avatars = alice.page.getByTestId(testIds.avatarStack).getByTestId(testIds.avatar);
    await expect(avatars).toHaveCount(2);

    await bob.page.getByTestId(testIds.roomLeave).click();
    await expect(bob.page).toHaveURL(/\/rooms$/);
    await expect(roomCard(bob.page, name).getByTestId(testIds.roomCardJoin)).toBeVisible();

    await expect(
      alice.page.getByTestId(testIds.systemMessage).getByText(`${bob.name} left`, { exact: true }),
    ).toBeVisible();
    await expect(alice.page.getByTestId(testIds.documentLockedBy)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.documentLock)).toHaveText("Lock");
    await expect(avatars).toHaveCount(1);
  });
});
