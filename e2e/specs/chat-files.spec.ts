// APP_SPEC.md § Chat › Files and images, § Chat › Search.
import { testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import { createRoom, messagesWithBody, sendMessages, shareRoom } from "../actions";
import { expect, test, unique } from "../fixtures";

/** A PNG of `width`×`height` drawn by the page's canvas. */
async function pngOf(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      // No DOM lib in this tsconfig: the page's globals, typed as far as used here.
      const doc = (
        globalThis as unknown as {
          document: { createElement(tag: "canvas"): Canvas };
        }
      ).document;
      interface Canvas {
        width: number;
        height: number;
        getContext(kind: "2d"): { fillStyle: string; fillRect(...n: number[]): void };
        toDataURL(type: string): string;
      }
      const canvas = doc.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      const context = canvas.getContext("2d");
      context.fillStyle = "#2E7D32";
      context.fillRect(0, 0, w, h);
      return canvas.toDataURL("image/png");
    },
    [width, height] as const,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
}

test.describe("Files and images", () => {
  test("a non-image file is a download link with its name and size; the caption shows below", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Attachments"), type: "chat" });
    const input = alice.page.getByTestId(testIds.composerInput);
    const upload = alice.page.getByTestId(testIds.fileUpload);
    await expect(alice.page.getByLabel("Attach file", { exact: true })).toHaveAttribute(
      "data-testid",
      testIds.fileUpload,
    );
    await expect(upload).toHaveAttribute("type", "file");

    await input.fill("  Quarterly numbers  ");
    await upload.setInputFiles({
      name: "report.txt",
      mimeType: "text/plain",
      buffer: Buffer.alloc(12 * 1024, "a"),
    });
    await expect(input).toHaveValue("");
    const report = messagesWithBody(bob.page, "Quarterly numbers");
    await expect(report).toHaveCount(1);
    const link = report.getByTestId(testIds.fileAttachment);
    await expect(link).toHaveText("report.txt");
    await expect(link).toHaveRole("link");
    await expect(link).toHaveAttribute("download", "report.txt");
    await expect(report).toContainText("report.txt (12 KB)");
    await expect(report.getByTestId(testIds.imagePreview)).toHaveCount(0);
    // The caption comes after the file.
    const [linkBox, captionBox] = await Promise.all([
      link.boundingBox(),
      report.getByTestId(testIds.messageBody).boundingBox(),
    ]);
    expect(captionBox?.y).toBeGreaterThan(linkBox?.y ?? Infinity);
    // The link serves the stored file.
    const href = await link.getAttribute("href");
    const served = await bob.page.request.get(href ?? "");
    expect((await served.body()).length).toBe(12 * 1024);

    // A file message is the author's to edit: the caption changes, the file stays.
    const reportId = await report.getAttribute(testAttributes.messageId);
    const own = alice.page.locator(`[${testAttributes.messageId}="${reportId}"]`);
    await own.hover();
    await own.getByTestId(testIds.messageEdit).click();
    await own.getByTestId(testIds.messageEditInput).fill("Quarterly numbers, final");
    await own.getByTestId(testIds.messageEditInput).press("Enter");
    const edited = messagesWithBody(bob.page, "Quarterly numbers, final");
    await expect(edited.getByTestId(testIds.messageEdited)).toHaveText("(edited)");
    await expect(edited.getByTestId(testIds.fileAttachment)).toHaveText("report.txt");

    // No caption: no body; sizes from 1 MB on in MB.
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "archive.zip",
      mimeType: "application/zip",
      buffer: Buffer.alloc(1.5 * 1024 * 1024),
    });
    const archive = bob.page
      .getByTestId(testIds.messageItem)
      .filter({ has: bob.page.getByTestId(testIds.fileAttachment).getByText("archive.zip") });
    await expect(archive).toContainText("archive.zip (1.5 MB)");
    await expect(archive.getByTestId(testIds.messageBody)).toHaveCount(0);
    await expect(archive.getByTestId(testIds.messageAuthor)).toHaveText(alice.name);
  });

  test("an image previews at most 320×240, linking to the full image in a new tab", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Gallery"), type: "chat" });
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "wide.png",
      mimeType: "image/png",
      buffer: await pngOf(alice.page, 800, 600),
    });
    const preview = bob.page.getByTestId(testIds.imagePreview);
    await expect(preview).toHaveCount(1);
    await expect(preview).toHaveAttribute("alt", "wide.png");
    await expect(preview).toHaveRole("img");
    await expect(bob.page.getByTestId(testIds.fileAttachment)).toHaveCount(0);
    const src = await preview.getAttribute("src");
    const link = bob.page.getByRole("link").filter({ has: preview });
    await expect(link).toHaveAttribute("href", src ?? "");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect
      .poll(() =>
        preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBe(800);
    const box = await preview.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(320.5);
    expect(box?.height).toBeLessThanOrEqual(240.5);
  });

  test("a file over 10 MB is refused before uploading, with File is not valid.", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Too big"), type: "chat" });
    const uploads: string[] = [];
    alice.page.on("request", (request) => {
      if (request.method() === "POST" && request.url().includes("/api/storage/"))
        uploads.push(request.url());
    });
    const input = alice.page.getByTestId(testIds.composerInput);
    await input.fill("The big one");
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "huge.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    const error = alice.page.getByTestId(testIds.composerError);
    await expect(error).toHaveText("File is not valid.");
    await expect(error).toHaveRole("alert");
    await expect(input).toHaveValue("The big one");
    await expect(alice.page.getByTestId(testIds.fileUploadProgress)).toHaveCount(0);
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);
    expect(uploads).toEqual([]);

    // The server refuses the same: a small file made too big on its way.
    await alice.page.route("**/api/storage/upload**", (route) =>
      route.continue({ postData: Buffer.alloc(10 * 1024 * 1024 + 1) }),
    );
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "sneaky.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("small"),
    });
    await expect(alice.page.getByTestId(testIds.fileUploadProgress)).toHaveCount(0);
    await expect(error).toHaveText("File is not valid.");
    await expect(input).toHaveValue("The big one");
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);
    expect(uploads).toHaveLength(1);
    await alice.page.unroute("**/api/storage/upload**");

    // Exactly 10 MB is fine, and the success clears the error.
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "limit.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(10 * 1024 * 1024),
    });
    await expect(messagesWithBody(alice.page, "The big one")).toContainText("limit.bin (10 MB)");
    await expect(error).toHaveCount(0);
  });

  test("while a file uploads the composer says so and Send is disabled", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Uploading"), type: "chat" });
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await alice.page.route("**/api/storage/upload**", async (route) => {
      await released;
      await route.continue();
    });
    const input = alice.page.getByTestId(testIds.composerInput);
    const send = alice.page.getByTestId(testIds.composerSend);
    await input.fill("Slides for Monday");
    await expect(send).toBeEnabled();
    await alice.page.getByTestId(testIds.fileUpload).setInputFiles({
      name: "slides.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.alloc(2048, 1),
    });
    const progress = alice.page.getByTestId(testIds.fileUploadProgress);
    await expect(progress).toHaveText("Uploading slides.pdf…");
    await expect(send).toBeDisabled();
    await expect(alice.page.getByTestId(testIds.messageItem)).toHaveCount(0);

    release();
    await expect(progress).toHaveCount(0);
    const sent = messagesWithBody(bob.page, "Slides for Monday");
    await expect(sent.getByTestId(testIds.fileAttachment)).toHaveText("slides.pdf");
    await expect(sent).toContainText("slides.pdf (2 KB)");
    await expect(input).toHaveValue("");
    await expect(send).toBeDisabled();
  });
});

test.describe("Search", () => {
  test("lists up to 20 matches, best first, over the list; clearing the field hides them", async ({
    alice,
  }) => {
    test.setTimeout(90_000);
    await createRoom(alice.page, { name: unique("Searching"), type: "chat" });
    const word = `kiwi${Math.random().toString(36).slice(2, 8)}`;
    const other = `mango${Math.random().toString(36).slice(2, 8)}`;
    // The best match is the oldest: ties would put the newest first.
    await sendMessages(alice.page, [
      `Fresh ${word} ${other}`,
      ...Array.from({ length: 21 }, (_, i) => `Fresh ${word} n${i + 1}`),
    ]);

    const search = alice.page.getByRole("searchbox", { name: "Search messages", exact: true });
    await expect(search).toHaveAttribute("data-testid", testIds.chatSearch);
    await expect(search).toHaveAttribute("placeholder", "Search messages");
    await search.fill(`${word} ${other}`);
    const results = alice.page.getByTestId(testIds.chatSearchResults);
    await expect(results).toHaveRole("list");
    await expect(alice.page.getByRole("list", { name: "Search results" })).toHaveCount(1);
    const items = results.getByTestId(testIds.chatSearchResult);
    await expect(items).toHaveCount(20);
    // Author, then body.
    await expect(items.first()).toHaveText(`${alice.name} Fresh ${word} ${other}`);
    await expect(items.nth(1)).not.toContainText(other);
    // Over the list, inside the panel: the composer keeps its place and stays in view.
    const [resultsBox, panelBox, composerBox] = await Promise.all([
      results.boundingBox(),
      alice.page.getByTestId(testIds.chatPanel).boundingBox(),
      alice.page.getByTestId(testIds.composer).boundingBox(),
    ]);
    if (!resultsBox || !panelBox || !composerBox) throw new Error("search layout not visible");
    expect(resultsBox.x).toBeGreaterThanOrEqual(panelBox.x);
    expect(resultsBox.x + resultsBox.width).toBeLessThanOrEqual(panelBox.x + panelBox.width + 1);
    expect(resultsBox.y + resultsBox.height).toBeLessThanOrEqual(composerBox.y);
    await expect(alice.page.getByTestId(testIds.composerInput)).toBeInViewport();

    await search.fill("");
    await expect(results).toHaveCount(0);
  });

  test("picking a result loads older pages as needed, scrolls to the message and highlights it", async ({
    alice,
  }) => {
    test.setTimeout(120_000);
    await createRoom(alice.page, { name: unique("Find it"), type: "chat" });
    const word = `quince${Math.random().toString(36).slice(2, 8)}`;
    await sendMessages(alice.page, [
      `The ${word} is here`,
      ...Array.from({ length: 34 }, (_, i) => `Filler ${i + 1}`),
    ]);
    // After a reload only the newest 30 are loaded: the match is on an older page.
    await alice.page.reload();
    const target = messagesWithBody(alice.page, `The ${word} is here`);
    await expect(messagesWithBody(alice.page, "Filler 34")).toHaveCount(1);
    await expect(target).toHaveCount(0);

    await alice.page.getByTestId(testIds.chatSearch).fill(word);
    const result = alice.page.getByTestId(testIds.chatSearchResult).first();
    await expect(result).toContainText(word);
    await result.getByRole("button").press("Enter");
    await expect(alice.page.getByTestId(testIds.chatSearchResults)).toHaveCount(0);
    await expect(target).toHaveAttribute(testAttributes.highlighted, "true");
    await expect(target).toBeInViewport();
    await expect(alice.page.getByTestId(testIds.composerInput)).toBeInViewport();
    // The mark goes after a few seconds; the message stays.
    await expect(target).not.toHaveAttribute(testAttributes.highlighted, "true", {
      timeout: 10_000,
    });
    await expect(target).toHaveCount(1);
  });

  test("searches 250 ms after the last keystroke", async ({ alice }) => {
    await createRoom(alice.page, { name: unique("Debounce"), type: "chat" });
    await sendMessages(alice.page, ["Waiting for the ferry"]);
    const results = alice.page.getByTestId(testIds.chatSearchResults);
    await alice.page.clock.install();
    await alice.page.clock.pauseAt(Date.now() + 1_000);

    await alice.page.getByTestId(testIds.chatSearch).fill("ferry");
    await alice.page.clock.runFor(200);
    // A round trip on the same connection: a search sent at once would have answered by now.
    await sendMessages(alice.page, ["Still waiting"]);
    await expect(results).toHaveCount(0);
    await alice.page.clock.runFor(60);
    await expect(results.getByTestId(testIds.chatSearchResult)).toHaveCount(1);
    await expect(results).toContainText("Waiting for the ferry");
  });

  test("leaves out system and deleted messages", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Search filter"), type: "chat" });
    // "<Bob> joined" is a system message with the word too.
    await sendMessages(alice.page, ["Everyone joined the call", "I joined late, sorry"]);
    const late = messagesWithBody(alice.page, "I joined late, sorry");
    const lateId = await late.getAttribute(testAttributes.messageId);
    await late.hover();
    await late.getByTestId(testIds.messageDelete).click();
    await expect(
      alice.page
        .locator(`[${testAttributes.messageId}="${lateId}"]`)
        .getByTestId(testIds.messageDeleted),
    ).toHaveCount(1);

    await bob.page.getByTestId(testIds.chatSearch).fill("joined");
    const items = bob.page.getByTestId(testIds.chatSearchResult);
    await expect(items).toHaveCount(1);
    await expect(items).toContainText("Everyone joined the call");
    await expect(bob.page.getByTestId(testIds.chatSearchResults)).not.toContainText(bob.name);

    await bob.page.getByTestId(testIds.chatSearch).fill("sorry");
    await expect(bob.page.getByTestId(testIds.chatSearchResults)).toHaveText("No messages found.");
  });

  test("matches whole words, and the query's last word as a prefix", async ({ alice }) => {
    await createRoom(alice.page, { name: unique("Words"), type: "chat" });
    await sendMessages(alice.page, ["Meet at the lighthouse", "The light is on"]);
    const search = alice.page.getByTestId(testIds.chatSearch);
    const results = alice.page.getByTestId(testIds.chatSearchResults);
    const items = results.getByTestId(testIds.chatSearchResult);

    // A word inside another word does not match.
    await search.fill("house");
    await expect(results).toHaveText("No messages found.");
    // The last word also matches the start of a word.
    await search.fill("lighth");
    await expect(items).toHaveCount(1);
    await expect(items).toContainText("Meet at the lighthouse");
    await search.fill("light");
    await expect(items).toHaveCount(2);
    // Earlier words match whole words only.
    await search.fill("lighth on");
    await expect(items).toHaveCount(1);
    await expect(items).toContainText("The light is on");
    await search.press("Escape");
    await expect(results).toHaveCount(0);
  });
});
