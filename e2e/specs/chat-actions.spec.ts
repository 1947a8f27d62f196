// APP_SPEC.md § Chat: edit and delete own messages, reactions, search, system messages.
import { testAttributes, testIds } from "@rooms/domain";
import { createDocument, messagesWithBody, sendMessage, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

test.describe("chat actions", () => {
  test("A edits a message and B sees the new text marked (edited)", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Edit"), type: "chat" });
    await sendMessage(alice.page, "First draft");
    await expect(messagesWithBody(bob.page, "First draft")).toHaveCount(1);

    const mine = messagesWithBody(alice.page, "First draft");
    await mine.hover();
    await mine.getByTestId(testIds.messageEdit).click();
    const input = alice.page.getByTestId(testIds.messageEditInput);
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("First draft");
    await input.fill("Final wording");
    await input.press("Enter");

    const seen = messagesWithBody(bob.page, "Final wording");
    await expect(seen).toHaveCount(1);
    await expect(seen.getByTestId(testIds.messageEdited)).toHaveText("(edited)");
    await expect(messagesWithBody(bob.page, "First draft")).toHaveCount(0);
    // B cannot edit A's message.
    await expect(seen.getByTestId(testIds.messageEdit)).toHaveCount(0);
  });

  test("A deletes a message and B sees Message deleted in its place", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Delete"), type: "chat" });
    await sendMessage(alice.page, "Oops, wrong room");
    await expect(messagesWithBody(bob.page, "Oops, wrong room")).toHaveCount(1);
    const id = await messagesWithBody(alice.page, "Oops, wrong room").getAttribute(
      testAttributes.messageId,
    );
    if (id === null) throw new Error("message without data-message-id");

    const mine = messagesWithBody(alice.page, "Oops, wrong room");
    await mine.hover();
    await mine.getByTestId(testIds.messageDelete).click();

    const item = bob.page.locator(`[${testAttributes.messageId}="${id}"]`);
    await expect(item.getByTestId(testIds.messageDeleted)).toHaveText("Message deleted");
    await expect(item.getByTestId(testIds.messageBody)).toHaveCount(0);
    await expect(item.getByTestId(testIds.messageReactions)).toHaveCount(0);
  });

  test("a reaction A adds shows for B with its count, and B's click toggles it", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("React"), type: "chat" });
    await sendMessage(alice.page, "Lunch at noon?");
    const mine = messagesWithBody(alice.page, "Lunch at noon?");
    await mine.hover();
    await mine.getByTestId(testIds.messageReactionAdd).click();
    const picker = alice.page.getByTestId(testIds.reactionPicker);
    await expect(picker.getByTestId(testIds.reactionOption)).toHaveText([
      "👍",
      "❤️",
      "😂",
      "🎉",
      "😮",
      "😢",
    ]);
    await picker.getByRole("menuitem", { name: "👍" }).click();
    await expect(picker).toHaveCount(0);

    const bobsChip = messagesWithBody(bob.page, "Lunch at noon?").getByTestId(
      testIds.messageReaction,
    );
    await expect(bobsChip).toHaveText("👍 1");
    await expect(bobsChip).toHaveAttribute(testAttributes.emoji, "👍");
    await expect(bobsChip).toHaveAttribute(testAttributes.mine, "false");
    await expect(bobsChip).toHaveAttribute("aria-pressed", "false");

    await bobsChip.click();
    await expect(bobsChip).toHaveText("👍 2");
    await expect(bobsChip).toHaveAttribute("aria-pressed", "true");
    const alicesChip = mine.getByTestId(testIds.messageReaction);
    await expect(alicesChip).toHaveText("👍 2");

    await bobsChip.click();
    await expect(alicesChip).toHaveText("👍 1");
  });

  test("chat search finds a message by a word in it", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Search"), type: "chat" });
    const word = `kiwi${Math.random().toString(36).slice(2, 8)}`;
    await sendMessage(alice.page, `The ${word} smoothie is ready`);
    await sendMessage(alice.page, "Something else entirely");
    await expect(messagesWithBody(bob.page, "Something else entirely")).toHaveCount(1);

    const search = bob.page.getByTestId(testIds.chatSearch);
    await expect(search).toHaveAttribute("placeholder", "Search messages");
    await search.fill(word);
    const results = bob.page.getByTestId(testIds.chatSearchResults);
    await expect(results.getByTestId(testIds.chatSearchResult)).toHaveCount(1);
    await expect(results.getByTestId(testIds.chatSearchResult)).toContainText(
      `The ${word} smoothie is ready`,
    );

    await search.fill(`zzz${word}zzz`);
    await expect(results).toContainText("No messages found.");
    await search.press("Escape");
    await expect(results).toHaveCount(0);
  });

  test("system messages tell who joined, created a document and left", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("System"), type: "document" });
    const system = (text: string) =>
      alice.page.getByTestId(testIds.systemMessage).filter({ hasText: text });
    await expect(system(`${bob.name} joined`)).toHaveCount(1);
    // No "joined" message for the owner.
    await expect(system(`${alice.name} joined`)).toHaveCount(0);

    const title = unique("Agenda");
    await createDocument(alice.page, title);
    const created = bob.page
      .getByTestId(testIds.systemMessage)
      .filter({ hasText: `${alice.name} created the document ${title}` });
    await expect(created).toHaveCount(1);
    await expect(created.getByRole("link", { name: title })).toHaveAttribute("href", /\?doc=/);

    await expect(alice.page.getByTestId(testIds.roomLeave)).toHaveCount(0);
    await bob.page.getByTestId(testIds.roomLeave).click();
    await expect(bob.page).toHaveURL(/\/rooms$/);
    await expect(system(`${bob.name} left`)).toHaveCount(1);
  });
});
