// APP_SPEC.md § Chat › Edit and delete own messages, § Chat › Reactions.
import { MESSAGE_MAX_LENGTH, REACTION_EMOJIS, testAttributes, testIds } from "@rooms/domain";
import { createRoom, messagesWithBody, sendMessage, sendMessages, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("Edit and delete own messages", () => {
  test("editing: keyboard reachable, Shift+Enter breaks the line, Escape and Cancel discard, a blank text is refused", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Editing"), type: "chat" });
    await sendMessage(alice.page, "Draft one");
    const mine = messagesWithBody(alice.page, "Draft one");
    await expect(mine).toHaveCount(1);
    // Stored, so its id is final (on its way it has the outbox's `outgoing:<n>` id).
    await expect(mine).not.toHaveAttribute(testAttributes.delivery, /.*/);
    const id = await mine.getAttribute(testAttributes.messageId);
    const item = alice.page.locator(`[${testAttributes.messageId}="${id}"]`);
    const edit = item.getByTestId(testIds.messageEdit);
    const input = item.getByTestId(testIds.messageEditInput);

    // Edit and Delete are buttons in the tab order after the reactions.
    await item.getByTestId(testIds.messageReactionAdd).focus();
    await alice.page.keyboard.press("Tab");
    await expect(edit).toBeFocused();
    await expect(edit).toHaveText("Edit");
    await expect(edit).toHaveRole("button");
    await alice.page.keyboard.press("Tab");
    await expect(item.getByTestId(testIds.messageDelete)).toBeFocused();
    await expect(item.getByTestId(testIds.messageDelete)).toHaveText("Delete");
    await alice.page.keyboard.press("Shift+Tab");
    await alice.page.keyboard.press("Enter");

    // Edit mode: a labelled textarea, prefilled and focused, with Save and Cancel.
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("Draft one");
    await expect(input).toHaveJSProperty("tagName", "TEXTAREA");
    await expect(item.getByRole("textbox", { name: "Edit message", exact: true })).toHaveCount(1);
    await expect(input).toHaveAttribute("maxlength", String(MESSAGE_MAX_LENGTH));
    await expect(item.getByTestId(testIds.messageEditSave)).toHaveText("Save");
    await expect(item.getByTestId(testIds.messageEditCancel)).toHaveText("Cancel");
    await expect(item.getByTestId(testIds.messageBody)).toHaveCount(0);
    await input.press("End");
    await input.press("Shift+Enter");
    await input.pressSequentially("more");
    await expect(input).toHaveValue("Draft one\nmore");

    // Escape cancels.
    await input.press("Escape");
    await expect(input).toHaveCount(0);
    await expect(item.getByTestId(testIds.messageBody)).toHaveText("Draft one");
    await expect(item.getByTestId(testIds.messageEdited)).toHaveCount(0);

    // Cancel cancels, and the next edit starts from the stored text.
    await item.hover();
    await edit.click();
    await expect(input).toHaveValue("Draft one");
    await input.fill("Not this");
    await item.getByTestId(testIds.messageEditCancel).click();
    await expect(input).toHaveCount(0);
    await expect(item.getByTestId(testIds.messageBody)).toHaveText("Draft one");

    // A blank text is refused in composer-error and the editor stays open.
    await item.hover();
    await edit.click();
    await input.fill("   ");
    await input.press("Enter");
    const error = alice.page.getByTestId(testIds.composerError);
    await expect(error).toHaveText("Message cannot be empty.");
    await expect(input).toBeVisible();
    await expect(input).toHaveValue("   ");

    // Save with the button: two lines, marked (edited) for everyone; the error is gone.
    await input.fill("Draft two\nsecond line");
    await item.getByTestId(testIds.messageEditSave).click();
    await expect(input).toHaveCount(0);
    await expect(error).toHaveCount(0);
    for (const page of [alice.page, bob.page]) {
      const edited = page.locator(`[${testAttributes.messageId}="${id}"]`);
      await expect(edited.getByTestId(testIds.messageEdited)).toHaveText("(edited)");
      expect(
        await edited
          .getByTestId(testIds.messageBody)
          .evaluate((body) => (body as unknown as { innerText: string }).innerText),
      ).toBe("Draft two\nsecond line");
    }
  });

  test("the room owner can delete anyone's message but edit only their own; members only their own", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Moderation"), type: "chat" });
    await sendMessage(bob.page, "Bob's note");
    await sendMessage(alice.page, "Alice's note");
    await expect(messagesWithBody(bob.page, "Alice's note")).toHaveCount(1);
    await expect(messagesWithBody(alice.page, "Bob's note")).toHaveCount(1);

    // Bob (member): his own message has both; Alice's has neither.
    const bobsOwn = messagesWithBody(bob.page, "Bob's note");
    await expect(bobsOwn.getByTestId(testIds.messageEdit)).toHaveCount(1);
    await expect(bobsOwn.getByTestId(testIds.messageDelete)).toHaveCount(1);
    const alicesForBob = messagesWithBody(bob.page, "Alice's note");
    await expect(alicesForBob.getByTestId(testIds.messageEdit)).toHaveCount(0);
    await expect(alicesForBob.getByTestId(testIds.messageDelete)).toHaveCount(0);

    // Alice (owner): Bob's message can be deleted, not edited.
    const bobsForAlice = messagesWithBody(alice.page, "Bob's note");
    await expect(bobsForAlice.getByTestId(testIds.messageEdit)).toHaveCount(0);
    await expect(bobsForAlice.getByTestId(testIds.messageDelete)).toHaveCount(1);
    const id = await bobsForAlice.getAttribute(testAttributes.messageId);
    await bobsForAlice.hover();
    await bobsForAlice.getByTestId(testIds.messageDelete).click();

    for (const page of [alice.page, bob.page]) {
      const item = page.locator(`[${testAttributes.messageId}="${id}"]`);
      await expect(item.getByTestId(testIds.messageDeleted)).toHaveText("Message deleted");
      await expect(item.getByTestId(testIds.messageEdit)).toHaveCount(0);
      await expect(item.getByTestId(testIds.messageDelete)).toHaveCount(0);
    }
    await expect(alice.page.getByTestId(testIds.composerError)).toHaveCount(0);
  });

  test("a deleted message keeps its place and loses its body, file, reactions and actions for everyone", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Deleted"), type: "chat" });
    await sendMessages(alice.page, ["Before"]);
    await alice.page.getByTestId(testIds.composerInput).fill("See the attachment");
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("some notes"),
    });
    const doomed = messagesWithBody(alice.page, "See the attachment");
    await expect(doomed.getByTestId(testIds.fileAttachment)).toHaveText("notes.txt");
    await sendMessages(alice.page, ["After"]);
    const bobsView = messagesWithBody(bob.page, "See the attachment");
    await bobsView.getByTestId(testIds.messageReactionAdd).click();
    await bob.page.getByTestId(testIds.reactionOption).first().click();
    await expect(doomed.getByTestId(testIds.messageReaction)).toHaveText("👍 1");
    const id = await doomed.getAttribute(testAttributes.messageId);

    await doomed.hover();
    await doomed.getByTestId(testIds.messageDelete).click();

    for (const page of [alice.page, bob.page]) {
      const items = page.getByTestId(testIds.messageItem);
      await expect(items).toHaveCount(3);
      const deleted = items.nth(1);
      await expect(deleted).toHaveAttribute(testAttributes.messageId, id ?? "");
      await expect(deleted.getByTestId(testIds.messageDeleted)).toHaveText("Message deleted");
      await expect(items.nth(0).getByTestId(testIds.messageBody)).toHaveText("Before");
      await expect(items.nth(2).getByTestId(testIds.messageBody)).toHaveText("After");
      for (const gone of [
        testIds.messageBody,
        testIds.fileAttachment,
        testIds.messageReactions,
        testIds.messageReaction,
        testIds.messageReactionAdd,
        testIds.messageEdit,
        testIds.messageDelete,
        testIds.messageEdited,
      ])
        await expect(deleted.getByTestId(gone)).toHaveCount(0);
      await expect(deleted.getByRole("button")).toHaveCount(0);
      await expect(deleted.getByTestId(testIds.messageAuthor)).toHaveText(alice.name);
    }
  });
});

test.describe("Reactions", () => {
  test("one chip per emoji in the order added, with its count, pressed for the viewer's own; toggling off removes it", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Chips"), type: "chat" });
    await sendMessage(alice.page, "React to me");
    const forAlice = messagesWithBody(alice.page, "React to me");
    const forBob = messagesWithBody(bob.page, "React to me");
    await expect(forBob).toHaveCount(1);
    await expect(forAlice.getByTestId(testIds.messageReaction)).toHaveCount(0);

    const add = forAlice.getByTestId(testIds.messageReactionAdd);
    await expect(add).toHaveText("+");
    await expect(forAlice.getByRole("button", { name: "Add reaction", exact: true })).toHaveCount(
      1,
    );
    await add.click();
    const picker = alice.page.getByRole("menu", { name: "Reactions" });
    await expect(picker).toHaveAttribute("data-testid", testIds.reactionPicker);
    await expect(picker.getByRole("menuitem")).toHaveText([...REACTION_EMOJIS]);
    for (const emoji of REACTION_EMOJIS)
      await expect(picker.getByRole("menuitem", { name: emoji, exact: true })).toHaveAttribute(
        "data-testid",
        testIds.reactionOption,
      );
    await picker.getByRole("menuitem", { name: "🎉" }).click();
    await expect(picker).toHaveCount(0);

    await forBob.getByTestId(testIds.messageReactionAdd).click();
    await bob.page.getByRole("menuitem", { name: "👍" }).click();
    await forBob.getByTestId(testIds.messageReaction).filter({ hasText: "🎉" }).click();

    // Stored order: 🎉 (first added), then 👍.
    const chips = forAlice.getByTestId(testIds.messageReaction);
    await expect(chips).toHaveText(["🎉 2", "👍 1"]);
    await expect(chips.nth(0)).toHaveAttribute(testAttributes.emoji, "🎉");
    await expect(chips.nth(0)).toHaveAttribute(testAttributes.mine, "true");
    await expect(chips.nth(0)).toHaveAttribute("aria-pressed", "true");
    await expect(chips.nth(1)).toHaveAttribute(testAttributes.emoji, "👍");
    await expect(chips.nth(1)).toHaveAttribute(testAttributes.mine, "false");
    await expect(chips.nth(1)).toHaveAttribute("aria-pressed", "false");
    const bobsChips = forBob.getByTestId(testIds.messageReaction);
    await expect(bobsChips).toHaveText(["🎉 2", "👍 1"]);
    await expect(bobsChips.nth(0)).toHaveAttribute("aria-pressed", "true");
    await expect(bobsChips.nth(1)).toHaveAttribute("aria-pressed", "true");
    await expect(bobsChips.nth(1)).toHaveAttribute(testAttributes.mine, "true");

    // Alice takes hers back; Bob's 👍 goes, and with no one left its chip goes too.
    await chips.nth(0).click();
    await expect(chips).toHaveText(["🎉 1", "👍 1"]);
    await expect(chips.nth(0)).toHaveAttribute("aria-pressed", "false");
    await expect(chips.nth(0)).toHaveAttribute(testAttributes.mine, "false");
    await bobsChips.filter({ hasText: "👍" }).click();
    await expect(chips).toHaveText(["🎉 1"]);
    await expect(bobsChips).toHaveText(["🎉 1"]);
  });

  test("the picker works with the keyboard: arrows move, Escape closes and returns focus, Enter picks", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Picker"), type: "chat" });
    await sendMessage(alice.page, "Keyboard only");
    const item = messagesWithBody(alice.page, "Keyboard only");
    const add = item.getByTestId(testIds.messageReactionAdd);
    const options = alice.page.getByTestId(testIds.reactionOption);

    await add.focus();
    await alice.page.keyboard.press("Enter");
    await expect(alice.page.getByTestId(testIds.reactionPicker)).toBeVisible();
    await expect(options.nth(0)).toBeFocused();
    await alice.page.keyboard.press("ArrowRight");
    await expect(options.nth(1)).toBeFocused();
    await alice.page.keyboard.press("ArrowRight");
    await expect(options.nth(2)).toBeFocused();
    await alice.page.keyboard.press("ArrowLeft");
    await expect(options.nth(1)).toBeFocused();
    await alice.page.keyboard.press("Escape");
    await expect(alice.page.getByTestId(testIds.reactionPicker)).toHaveCount(0);
    await expect(add).toBeFocused();
    await expect(item.getByTestId(testIds.messageReaction)).toHaveCount(0);

    await alice.page.keyboard.press("Enter");
    await expect(options.nth(0)).toBeFocused();
    await alice.page.keyboard.press("ArrowDown");
    await expect(options.nth(1)).toBeFocused();
    await alice.page.keyboard.press("Enter");
    await expect(alice.page.getByTestId(testIds.reactionPicker)).toHaveCount(0);
    await expect(item.getByTestId(testIds.messageReaction)).toHaveText("❤️ 1");
  });
});
