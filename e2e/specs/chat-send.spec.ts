// APP_SPEC.md § Chat › Message item and § Chat › Send.
import { MESSAGE_MAX_LENGTH, testAttributes, testIds } from "@rooms/domain";
import { createDocument, createRoom, messagesWithBody, sendMessage, shareRoom } from "../actions";
import { expect, signUp, test, unique } from "../fixtures";
import { calls, interceptSync } from "../sync";

/** An `Etc/GMT…` zone where it is now about 15:00, and its offset from UTC in hours. */
function afternoonZone(): { timezoneId: string; offsetHours: number } {
  let offsetHours = 15 - new Date().getUTCHours();
  if (offsetHours > 14) offsetHours -= 24;
  // Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
  const timezoneId =
    offsetHours === 0 ? "Etc/GMT" : `Etc/GMT${offsetHours > 0 ? "-" : "+"}${Math.abs(offsetHours)}`;
  return { timezoneId, offsetHours };
}

test.describe("Message item", () => {
  test("message-time is a <time> with the ISO instant, in the viewer's locale's short time", async ({
    browser,
    baseURL,
  }) => {
    const { timezoneId, offsetHours } = afternoonZone();
    // Hours 13..23 in this zone: en-GB shows them on a 24-hour clock, en-US as 1..11 PM.
    for (const locale of ["en-GB", "en-US"]) {
      const context = await browser.newContext({ baseURL, timezoneId, locale });
      try {
        const page = await context.newPage();
        await signUp(page, unique("Clock"));
        await createRoom(page, { name: unique("Clock room"), type: "chat" });
        const sentAt = Date.now();
        await sendMessage(page, "What time is it?");
        const time = messagesWithBody(page, "What time is it?").getByTestId(testIds.messageTime);
        expect(await time.evaluate((element) => element.tagName)).toBe("TIME");
        const iso = await time.getAttribute("datetime");
        expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        const at = new Date(iso ?? "");
        expect(Math.abs(at.getTime() - sentAt)).toBeLessThan(60_000);
        const hours = (at.getUTCHours() + offsetHours + 24) % 24;
        expect(hours).toBeGreaterThanOrEqual(13);
        const minutes = String(at.getUTCMinutes()).padStart(2, "0");
        await expect(time).toHaveText(
          locale === "en-GB"
            ? `${hours}:${minutes}`
            : new RegExp(`^${hours - 12}:${minutes}\\sPM$`, "u"),
        );
      } finally {
        await context.close();
      }
    }
  });

  test("the body keeps line breaks and shows markup as text", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Markup"), type: "chat" });
    const input = alice.page.getByTestId(testIds.composerInput);
    await input.fill("First line\nSecond line");
    await input.press("Enter");
    await sendMessage(alice.page, "<b>bold?</b> <img src=x alt=pic>");

    const lines = bob.page.getByTestId(testIds.messageBody).filter({ hasText: "First line" });
    await expect(lines).toHaveCount(1);
    // innerText is the text as rendered: the break is shown, not folded into a space.
    expect(
      await lines.evaluate((body) => (body as unknown as { innerText: string }).innerText),
    ).toBe("First line\nSecond line");

    const markup = messagesWithBody(bob.page, "<b>bold?</b> <img src=x alt=pic>");
    await expect(markup).toHaveCount(1);
    const body = markup.getByTestId(testIds.messageBody);
    expect(await body.evaluate((element) => element.children.length)).toBe(0);
    await expect(markup.getByRole("img")).toHaveCount(0);
  });

  test("system messages have no author, actions or reactions; the document link opens it", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("System line"), type: "document" });
    const title = unique("Minutes");
    await createDocument(alice.page, title);
    const documentId = await alice.page
      .getByTestId(testIds.documentItem)
      .filter({ hasText: title })
      .getAttribute(testAttributes.documentId);

    const created = bob.page
      .getByTestId(testIds.systemMessage)
      .filter({ hasText: `${alice.name} created the document ${title}` });
    await expect(created).toHaveCount(1);
    await expect(created).toHaveAttribute(testAttributes.messageId, /.+/);
    const joined = bob.page
      .getByTestId(testIds.systemMessage)
      .filter({ hasText: `${bob.name} joined` });
    await expect(joined).toHaveCount(1);
    for (const line of [created, joined]) {
      for (const id of [
        testIds.messageAuthor,
        testIds.messageTime,
        testIds.messageEdit,
        testIds.messageDelete,
        testIds.messageReactions,
        testIds.messageReactionAdd,
      ])
        await expect(line.getByTestId(id)).toHaveCount(0);
      await expect(line.getByRole("button")).toHaveCount(0);
    }

    const link = created.getByRole("link", { name: title });
    await expect(link).toHaveAttribute("href", `?doc=${documentId}`);
    await link.click();
    await expect(bob.page).toHaveURL(new RegExp(`\\?doc=${documentId}$`));
    await expect(bob.page.getByTestId(testIds.documentTitle)).toHaveText(title);
  });
});

test.describe("Send", () => {
  test("the composer: a labelled textarea with a placeholder and limit; Send only with text", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Composer"), type: "chat" });
    const composer = alice.page.getByTestId(testIds.composer);
    const input = composer.getByTestId(testIds.composerInput);
    const send = composer.getByTestId(testIds.composerSend);
    await expect(composer).toHaveJSProperty("tagName", "FORM");
    await expect(input).toHaveJSProperty("tagName", "TEXTAREA");
    await expect(composer.getByRole("textbox", { name: "Message", exact: true })).toHaveAttribute(
      "data-testid",
      testIds.composerInput,
    );
    await expect(input).toHaveAttribute("placeholder", "Write a message…");
    await expect(input).toHaveAttribute("maxlength", String(MESSAGE_MAX_LENGTH));
    await expect(send).toHaveText("Send");
    await expect(composer.getByTestId(testIds.composerError)).toHaveCount(0);

    await expect(send).toBeDisabled();
    await input.fill("   \n  ");
    await expect(send).toBeDisabled();
    await input.fill("Hi");
    await expect(send).toBeEnabled();
    await input.fill("");
    await expect(send).toBeDisabled();
    // Typing stops at the limit.
    await input.fill("x".repeat(MESSAGE_MAX_LENGTH + 10));
    expect((await input.inputValue()).length).toBe(MESSAGE_MAX_LENGTH);
  });

  test("Enter sends the trimmed text, Shift+Enter breaks the line; the input is cleared and keeps focus", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Enter"), type: "chat" });
    const input = alice.page.getByTestId(testIds.composerInput);
    await input.click();
    await input.pressSequentially("  Hello");
    await input.press("Shift+Enter");
    await input.pressSequentially("world  ");
    await expect(input).toHaveValue("  Hello\nworld  ");
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);
    await input.press("Enter");

    await expect(input).toHaveValue("");
    await expect(input).toBeFocused();
    const body = bob.page.getByTestId(testIds.messageItem).getByTestId(testIds.messageBody);
    await expect(body).toHaveCount(1);
    expect(await body.evaluate((element) => element.textContent)).toBe("Hello\nworld");
    // Newest at the bottom, for the sender too.
    await expect(alice.page.getByTestId(testIds.messageItem).last()).toContainText("Hello");

    // The Send button sends too, and focus returns to the input.
    await input.fill("Sent with the button");
    await alice.page.getByTestId(testIds.composerSend).click();
    await expect(messagesWithBody(bob.page, "Sent with the button")).toHaveCount(1);
    await expect(bob.page.getByTestId(testIds.messageItem).last()).toContainText(
      "Sent with the button",
    );
    await expect(input).toHaveValue("");
    await expect(input).toBeFocused();
  });

  test("text typed while a message is on its way stays in the input", async ({ alice }) => {
    const sync = await interceptSync(alice.page);
    await alice.page.reload();
    await createRoom(alice.page, { name: unique("Typing on"), type: "chat" });
    const input = alice.page.getByTestId(testIds.composerInput);
    const hold = sync.hold(calls("messages:send"));
    await sendMessage(alice.page, "First thought");
    await hold.held;
    await input.fill("Second thought");
    hold.release();
    await expect(messagesWithBody(alice.page, "First thought")).toHaveCount(1);
    await expect(input).toHaveValue("Second thought");
  });

  test("a message the server refuses shows Not sent: E(TOO_LONG) on it, with Retry and Discard", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Too long"), type: "chat" });
    // The input's maxlength stops longer text, so the frame is made too long on its way.
    const sync = await interceptSync(alice.page);
    sync.rewrite((frame) => {
      if (!calls("messages:send")(frame)) return undefined;
      const [args] = frame.args as [{ body: string }];
      if (args.body !== "Make this too long") return undefined;
      return { ...frame, args: [{ ...args, body: "x".repeat(MESSAGE_MAX_LENGTH + 1) }] };
    });
    await alice.page.reload();
    const input = alice.page.getByTestId(testIds.composerInput);
    await sendMessage(alice.page, "Make this too long");
    // The text left the composer at once; the message says why it was not stored.
    await expect(input).toHaveValue("");
    const failed = messagesWithBody(alice.page, "Make this too long");
    await expect(failed).toHaveAttribute(testAttributes.delivery, "failed");
    await expect(failed.getByTestId(testIds.messageDelivery)).toContainText(
      `Not sent: Message is too long (at most ${MESSAGE_MAX_LENGTH} characters).`,
    );
    await expect(failed.getByRole("alert")).toHaveCount(1);
    await expect(alice.page.getByTestId(testIds.composerError)).toHaveCount(0);
    for (const none of [testIds.messageEdit, testIds.messageDelete, testIds.messageReactionAdd])
      await expect(failed.getByTestId(none)).toHaveCount(0);

    // Retry sends the same text again (refused again here); Discard drops it.
    await failed.getByTestId(testIds.messageRetry).click();
    await expect(failed).toHaveAttribute(testAttributes.delivery, "failed");
    await failed.getByTestId(testIds.messageDiscard).click();
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);

    await sendMessage(alice.page, "Short enough");
    await expect(messagesWithBody(alice.page, "Short enough")).not.toHaveAttribute(
      testAttributes.delivery,
      /.*/,
    );
  });

  test("a burst of messages is paced under the server's limit: all arrive once, in order, none refused", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Burst"), type: "chat" });
    const input = alice.page.getByTestId(testIds.composerInput);
    const bodies = Array.from({ length: 12 }, (_, i) => `Burst ${i + 1}`);
    for (const body of bodies) {
      await input.fill(body);
      await input.press("Enter");
      await expect(input).toHaveValue("");
    }
    // More than 5 in a second: the later ones wait their turn, shown as sending.
    await expect(
      alice.page.locator(`[${testAttributes.delivery}="sending"]`).first(),
    ).toBeVisible();
    const received = bob.page
      .getByTestId(testIds.messageItem)
      .getByTestId(testIds.messageBody)
      .filter({ hasText: /^Burst \d+$/ });
    await expect(received).toHaveText(bodies, { timeout: 15_000 });
    await expect(alice.page.locator(`[${testAttributes.delivery}]`)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.composerError)).toHaveCount(0);
  });

  test("sending messages quickly never trips the typing indicator's rate limit", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Quick sends"), type: "chat" });
    const refusals: string[] = [];
    alice.page.on("console", (message) => {
      if (/RATE_LIMITED|too often/.test(message.text())) refusals.push(message.text());
    });
    const input = alice.page.getByTestId(testIds.composerInput);
    // Four messages (under the 5 a second for messages), each one typing update on and one off.
    for (let i = 1; i <= 4; i++) {
      await input.fill(`Quick ${i}`);
      await input.press("Enter");
      await expect(input).toHaveValue("");
    }
    await expect(messagesWithBody(alice.page, "Quick 4")).toHaveCount(1);
    // Held updates go out within a window; any refusal would have been logged by then.
    await alice.page.waitForTimeout(1500);
    expect(refusals).toEqual([]);
  });

  test("errors of reacting, deleting and editing show in composer-error too", async ({
    alice,
    bob,
  }) => {
    // B's calls are held or changed on their way, to lose races and break rules on purpose.
    const sync = await interceptSync(bob.page);
    await bob.page.reload();
    await shareRoom(alice.page, bob.page, { name: unique("Races"), type: "chat" });
    await sendMessage(bob.page, "Bob's message");
    await sendMessage(alice.page, "Alice's message");
    await sendMessage(alice.page, "Alice's other message");
    const error = bob.page.getByTestId(testIds.composerError);
    const item = (page: typeof alice.page, id: string | null) =>
      page.locator(`[${testAttributes.messageId}="${id}"]`);

    // B reacts while A deletes the message: E(MESSAGE_NOT_FOUND).
    const alices = messagesWithBody(bob.page, "Alice's message");
    const alicesId = await alices.getAttribute(testAttributes.messageId);
    let hold = sync.hold(calls("messages:react"));
    await alices.getByTestId(testIds.messageReactionAdd).click();
    await bob.page.getByRole("menuitem", { name: "👍" }).click();
    await hold.held;
    const mine = messagesWithBody(alice.page, "Alice's message");
    await mine.hover();
    await mine.getByTestId(testIds.messageDelete).click();
    await expect(item(bob.page, alicesId).getByTestId(testIds.messageDeleted)).toHaveCount(1);
    hold.release();
    await expect(error).toHaveText("This message no longer exists.");
    await expect(error).toHaveRole("alert");
    await sendMessage(bob.page, "Clears the error");
    await expect(error).toHaveCount(0);

    // B deletes his message while A (the owner) already did: E(MESSAGE_NOT_FOUND).
    const bobs = messagesWithBody(bob.page, "Bob's message");
    const bobsId = await bobs.getAttribute(testAttributes.messageId);
    hold = sync.hold(calls("messages:remove"));
    await bobs.hover();
    await bobs.getByTestId(testIds.messageDelete).click();
    await hold.held;
    const forAlice = messagesWithBody(alice.page, "Bob's message");
    await forAlice.hover();
    await forAlice.getByTestId(testIds.messageDelete).click();
    await expect(item(bob.page, bobsId).getByTestId(testIds.messageDeleted)).toHaveCount(1);
    hold.release();
    await expect(error).toHaveText("This message no longer exists.");
    await sendMessage(bob.page, "Clears it again");
    await expect(error).toHaveCount(0);

    // B's edit, sent for A's message: E(NOT_AUTHOR).
    const otherId = await messagesWithBody(bob.page, "Alice's other message").getAttribute(
      testAttributes.messageId,
    );
    sync.rewrite((frame) => {
      if (!calls("messages:edit")(frame)) return undefined;
      const [args] = frame.args as [{ messageId: string; body: string }];
      return { ...frame, args: [{ ...args, messageId: otherId }] };
    });
    // While editing the body is replaced: find the message by its id, once it is stored (until
    // then it is on its way, with the outbox's `outgoing:<n>` id, which then changes).
    const sent = messagesWithBody(bob.page, "Clears it again");
    await expect(sent).not.toHaveAttribute(testAttributes.delivery, /.*/);
    const own = item(bob.page, await sent.getAttribute(testAttributes.messageId));
    await own.hover();
    await own.getByTestId(testIds.messageEdit).click();
    await own.getByTestId(testIds.messageEditInput).fill("Not mine to change");
    await own.getByTestId(testIds.messageEditInput).press("Enter");
    // The edit showed at once; refused, the old text comes back and the error says why.
    await expect(error).toHaveText("You can only change your own messages.");
    await expect(own.getByTestId(testIds.messageEditInput)).toHaveCount(0);
    await expect(own.getByTestId(testIds.messageBody)).toHaveText("Clears it again");
    await expect(own).not.toHaveAttribute(testAttributes.delivery, /.*/);
    await expect(messagesWithBody(alice.page, "Alice's other message")).toHaveCount(1);
  });
});
