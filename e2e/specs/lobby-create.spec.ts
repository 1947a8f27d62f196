// APP_SPEC.md § Lobby › Create a room: the dialog's fields, defaults and options, focus, Cancel,
// validation, the busy state, and what the creator finds in the new room.
import { ErrorCode, errorMessage, testIds } from "@rooms/domain";
import { roomCard, roomIdOf } from "../actions";
import { expect, test, unique } from "../fixtures";
import { calls, interceptSync } from "../sync";

test.describe("Create a room", () => {
  test("the dialog has its fields in order, with their labels, limits and defaults", async ({
    alice,
  }) => {
    const page = alice.page;
    const opener = page.getByTestId(testIds.createRoomButton);
    await expect(opener).toHaveText("New room");
    await opener.click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await expect(dialog).toHaveRole("dialog");
    await expect(dialog).toHaveAccessibleName("New room");
    await expect(dialog.getByRole("heading", { level: 2 })).toHaveText("New room");
    expect(await dialog.evaluate((element) => element.matches("dialog:modal"))).toBe(true);

    const fields = dialog.getByTestId(
      /^create-room-(name|description|type|private|max-participants)$/,
    );
    expect(
      await fields.evaluateAll((elements) =>
        elements.map((element) => element.getAttribute("data-testid")),
      ),
    ).toEqual([
      testIds.createRoomName,
      testIds.createRoomDescription,
      testIds.createRoomType,
      testIds.createRoomPrivate,
      testIds.createRoomMaxParticipants,
    ]);

    const name = dialog.getByTestId(testIds.createRoomName);
    await expect(name).toBeFocused();
    await expect(dialog.getByLabel("Name", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.createRoomName,
    );
    await expect(name).toHaveAttribute("maxlength", "80");
    await expect(name).toHaveAttribute("required", "");
    await expect(name).toHaveValue("");

    const description = dialog.getByTestId(testIds.createRoomDescription);
    await expect(dialog.getByLabel("Description", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.createRoomDescription,
    );
    expect(await description.evaluate((element) => element.tagName)).toBe("TEXTAREA");
    await expect(description).toHaveAttribute("maxlength", "500");
    await expect(description).not.toHaveAttribute("required", /.*/);

    const type = dialog.getByTestId(testIds.createRoomType);
    await expect(dialog.getByLabel("Type", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.createRoomType,
    );
    await expect(type).toHaveRole("combobox");
    await expect(type).toHaveValue("document");
    const options = await type
      .getByRole("option")
      .evaluateAll((elements) =>
        elements.map((option) => [option.getAttribute("value"), option.textContent?.trim()]),
      );
    expect(options).toEqual([
      ["document", "Document"],
      ["whiteboard", "Whiteboard"],
      ["chat", "Chat"],
    ]);

    const isPrivate = dialog.getByTestId(testIds.createRoomPrivate);
    await expect(dialog.getByLabel("Private (invite only)", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.createRoomPrivate,
    );
    await expect(isPrivate).toHaveRole("checkbox");
    await expect(isPrivate).not.toBeChecked();

    const max = dialog.getByTestId(testIds.createRoomMaxParticipants);
    await expect(dialog.getByLabel("Max participants", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.createRoomMaxParticipants,
    );
    await expect(max).toHaveAttribute("type", "number");
    await expect(max).toHaveAttribute("min", "2");
    await expect(max).toHaveAttribute("max", "100");
    await expect(max).toHaveAttribute("step", "1");
    await expect(max).toHaveAttribute("placeholder", "No limit");
    await expect(max).toHaveValue("");

    await expect(dialog.getByTestId(testIds.createRoomSubmit)).toHaveText("Create room");
    await expect(dialog.getByTestId(testIds.createRoomCancel)).toHaveText("Cancel");
  });

  test("focus stays inside the open dialog", async ({ alice }) => {
    const page = alice.page;
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await expect(dialog.getByTestId(testIds.createRoomName)).toBeFocused();
    const focusInside = () =>
      dialog.evaluate((element) => element.contains(element.ownerDocument.activeElement));
    // More Tabs than the dialog has controls, both ways round.
    for (const key of ["Tab", "Shift+Tab"])
      for (let i = 0; i < 9; i++) {
        await page.keyboard.press(key);
        expect(await focusInside()).toBe(true);
      }
  });

  test("Cancel closes without creating, returns focus, and reopening shows empty fields", async ({
    alice,
  }) => {
    const page = alice.page;
    const opener = page.getByTestId(testIds.createRoomButton);
    await opener.click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    const name = unique("Cancelled");
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    await dialog.getByTestId(testIds.createRoomDescription).fill("Never mind");
    await dialog.getByTestId(testIds.createRoomType).selectOption("chat");
    await dialog.getByTestId(testIds.createRoomPrivate).check();
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("7");
    await dialog.getByTestId(testIds.createRoomCancel).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
    await expect(page.getByTestId(testIds.lobby)).toBeVisible();

    await opener.click();
    await expect(dialog.getByTestId(testIds.createRoomName)).toHaveValue("");
    await expect(dialog.getByTestId(testIds.createRoomDescription)).toHaveValue("");
    await expect(dialog.getByTestId(testIds.createRoomType)).toHaveValue("document");
    await expect(dialog.getByTestId(testIds.createRoomPrivate)).not.toBeChecked();
    await expect(dialog.getByTestId(testIds.createRoomMaxParticipants)).toHaveValue("");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(roomCard(page, name)).toHaveCount(0);
  });

  test("a limit above 100 or not a whole number, and over-long texts, are refused", async ({
    alice,
  }) => {
    const page = alice.page;
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    await dialog.getByTestId(testIds.createRoomName).fill(unique("Crowd"));
    const error = dialog.getByTestId(testIds.createRoomError);
    for (const limit of ["101", "2.5"]) {
      await dialog.getByTestId(testIds.createRoomMaxParticipants).fill(limit);
      await dialog.getByTestId(testIds.createRoomSubmit).click();
      await expect(error).toHaveText("Participant limit is not valid.");
      await expect(error).toHaveRole("alert");
      await expect(dialog).toBeVisible();
    }
    // Over-long texts: `maxlength` stops typing there, so lift it to reach the app's own check.
    await dialog.getByTestId(testIds.createRoomMaxParticipants).fill("100");
    for (const [field, kind, limit] of [
      [testIds.createRoomName, "roomName", 80],
      [testIds.createRoomDescription, "roomDescription", 500],
    ] as const) {
      const input = dialog.getByTestId(field);
      const before = await input.inputValue();
      await input.evaluate((element) => element.removeAttribute("maxlength"));
      await input.fill("x".repeat(limit + 1));
      await dialog.getByTestId(testIds.createRoomSubmit).click();
      await expect(error).toHaveText(errorMessage(ErrorCode.TOO_LONG, { field: kind, limit }));
      await input.fill(before);
    }
    await dialog.getByTestId(testIds.createRoomSubmit).click();
    await roomIdOf(page);
    await page.getByTestId(testIds.backToLobby).click();
  });

  test("Create room is busy while the call runs; the creator is the only member, with no joined message", async ({
    alice,
  }) => {
    const page = alice.page;
    const sync = await interceptSync(page);
    await page.reload();
    await page.getByTestId(testIds.createRoomButton).click();
    const dialog = page.getByTestId(testIds.createRoomDialog);
    const name = unique("Fresh");
    await dialog.getByTestId(testIds.createRoomName).fill(name);
    const call = sync.hold(calls("rooms:create"));
    const submit = dialog.getByTestId(testIds.createRoomSubmit);
    await submit.click();
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveText("Creating…");
    call.release();

    await roomIdOf(page);
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId(testIds.roomName)).toHaveText(name);
    await expect(page.getByTestId(testIds.avatarStack).getByTestId(testIds.avatar)).toHaveCount(1);
    await page.getByTestId(testIds.avatarStack).click();
    const items = page.getByTestId(testIds.memberList).getByTestId(testIds.memberItem);
    await expect(items).toHaveCount(1);
    await expect(items).toContainText(`${alice.name} (you)`);
    await expect(items).toContainText("Owner");
    await expect(page.getByTestId(testIds.messageListEmpty)).toHaveText(
      "No messages yet. Say hello!",
    );
    await expect(page.getByTestId(testIds.systemMessage)).toHaveCount(0);
  });
});
