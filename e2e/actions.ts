// What a user does in the app, written once against APP_SPEC.md's test ids and strings, so the
// specs read as behaviours. Every locator goes through `testIds`.
import { expect, type Locator, type Page } from "@playwright/test";
import { testAttributes, testIds, type RoomType } from "@rooms/domain";
import { unique } from "./fixtures";

export interface NewRoom {
  name: string;
  type?: RoomType;
  isPrivate?: boolean;
}

/** The lobby card of the room named `name` (exact name). */
export function roomCard(page: Page, name: string): Locator {
  return page
    .getByTestId(testIds.roomCard)
    .filter({ has: page.getByTestId(testIds.roomCardName).getByText(name, { exact: true }) });
}

/** Creates a room from the lobby; resolves with its id once the room view is open. */
export async function createRoom(page: Page, room: NewRoom): Promise<string> {
  await page.getByTestId(testIds.createRoomButton).click();
  const dialog = page.getByTestId(testIds.createRoomDialog);
  await dialog.getByTestId(testIds.createRoomName).fill(room.name);
  if (room.type) await dialog.getByTestId(testIds.createRoomType).selectOption(room.type);
  if (room.isPrivate) await dialog.getByTestId(testIds.createRoomPrivate).check();
  await dialog.getByTestId(testIds.createRoomSubmit).click();
  return roomIdOf(page);
}

/** Waits for the room view and returns its `/rooms/<id>` id. */
export async function roomIdOf(page: Page): Promise<string> {
  await expect(page.getByTestId(testIds.roomView)).toBeVisible();
  await expect(page.getByTestId(testIds.roomName)).toBeVisible();
  const id = /\/rooms\/([^/?#]+)/.exec(page.url())?.[1];
  if (id === undefined) throw new Error(`not in a room: ${page.url()}`);
  return id;
}

/** Joins a public room from the lobby card and waits for the room view. */
export async function joinFromLobby(page: Page, name: string): Promise<void> {
  await roomCard(page, name).getByTestId(testIds.roomCardJoin).click();
  await roomIdOf(page);
}

/** A creates a public room, B joins it from the lobby: both end up in the room view. */
export async function shareRoom(owner: Page, guest: Page, room: NewRoom): Promise<string> {
  const id = await createRoom(owner, room);
  await joinFromLobby(guest, room.name);
  return id;
}

/** Types a message in the composer and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId(testIds.composerInput).fill(text);
  await page.getByTestId(testIds.composerInput).press("Enter");
}

/**
 * Sends each text with Enter, then waits until every one is stored (no item is still on its
 * way). The chat paces a burst under the server's 5 messages a second, so none is refused.
 */
export async function sendMessages(page: Page, bodies: readonly string[]): Promise<void> {
  const input = page.getByTestId(testIds.composerInput);
  for (const body of bodies) {
    await input.fill(body);
    await input.press("Enter");
    await expect(input).toHaveValue("");
  }
  await expect(page.locator(`[${testAttributes.delivery}]`)).toHaveCount(0, {
    timeout: 10_000 + bodies.length * 250,
  });
}

/** Every `message-item` whose body is exactly `text`. */
export function messagesWithBody(page: Page, text: string): Locator {
  return page
    .getByTestId(testIds.messageItem)
    .filter({ has: page.getByTestId(testIds.messageBody).getByText(text, { exact: true }) });
}

/** Creates a document in the open room; resolves once its editor is open and loaded. */
export async function createDocument(page: Page, title: string): Promise<void> {
  await page.getByTestId(testIds.documentCreateTitle).fill(title);
  await page.getByTestId(testIds.documentCreateSubmit).click();
  await expect(page.getByTestId(testIds.documentTitle)).toHaveText(title);
  await expect(page.getByTestId(testIds.documentEditor)).toBeEnabled();
}

/** Opens the document titled `title` from the room's document list. */
export async function openDocument(page: Page, title: string): Promise<void> {
  await page.getByTestId(testIds.documentItem).getByText(title, { exact: true }).click();
  await expect(page.getByTestId(testIds.documentTitle)).toHaveText(title);
  await expect(page.getByTestId(testIds.documentEditor)).toBeEnabled();
}

/** Waits until every page's editor holds exactly `text` with nothing left to send. */
export async function expectDocumentText(pages: readonly Page[], text: string): Promise<void> {
  for (const page of pages) {
    await expect(page.getByTestId(testIds.documentEditor)).toHaveValue(text);
    await expect(page.getByTestId(testIds.documentSaveState)).toHaveAttribute(
      testAttributes.state,
      "saved",
    );
  }
  // Re-check the first: a late remote edit would have moved it after it was checked.
  for (const page of pages)
    await expect(page.getByTestId(testIds.documentEditor)).toHaveValue(text);
}

/** `text` as a literal inside a RegExp (RegExp.escape arrives with Node 24). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Signs out from the profile menu and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId(testIds.profileMenuButton).click();
  await page.getByTestId(testIds.signOut).click();
  await expect(page.getByTestId(testIds.signInForm)).toBeVisible();
}

/** The open document's editor (`document-editor`). */
export function documentEditor(page: Page): Locator {
  return page.getByTestId(testIds.documentEditor);
}

/**
 * A creates a public room that B joins, creates the document `title` in it and types `text`;
 * B opens it. Resolves with the title once both editors hold `text`.
 */
export async function shareDocument(owner: Page, guest: Page, text: string): Promise<string> {
  const title = unique("Notes");
  await shareRoom(owner, guest, { name: unique("Docs"), type: "document" });
  await createDocument(owner, title);
  await documentEditor(owner).click();
  await owner.keyboard.type(text);
  await openDocument(guest, title);
  await expectDocumentText([owner, guest], text);
  return title;
}

/** The overlay text in front of a `document-caret` (labels of carets left out). */
export function textBeforeCaret(caret: Locator): Promise<string> {
  return caret.evaluate((el) => {
    const overlay = el.parentElement;
    if (overlay === null) return "";
    const range = el.ownerDocument.createRange();
    range.setStart(overlay, 0);
    range.setEndBefore(el);
    const copy = range.cloneContents();
    for (const other of copy.querySelectorAll(`[data-testid="${el.getAttribute("data-testid")}"]`))
      other.remove();
    return copy.textContent ?? "";
  });
}

/** The board's `<svg>` canvas. */
export function boardCanvas(page: Page): Locator {
  return page.getByTestId(testIds.boardCanvas);
}

/** The board's shapes, or those of one kind. */
export function boardShapes(page: Page, kind?: string): Locator {
  const shapes = boardCanvas(page).getByTestId(testIds.boardShape);
  return kind === undefined
    ? shapes
    : shapes.and(page.locator(`[${testAttributes.kind}="${kind}"]`));
}

/**
 * Drags on the board from `from` to `to` (px from the canvas' top-left corner) in `steps`
 * pointer moves, with the current tool.
 */
export async function dragOnBoard(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: { steps?: number; shift?: boolean } = {},
): Promise<void> {
  const box = await boardCanvas(page).boundingBox();
  if (box === null) throw new Error("the board is not visible");
  if (options.shift) await page.keyboard.down("Shift");
  await page.mouse.move(box.x + from.x, box.y + from.y);
  await page.mouse.down();
  await page.mouse.move(box.x + to.x, box.y + to.y, { steps: options.steps ?? 8 });
  await page.mouse.up();
  if (options.shift) await page.keyboard.up("Shift");
}

/** Picks `tool` on the toolbar and drags a shape from `from` to `to` (canvas px). */
export async function drawOnBoard(
  page: Page,
  tool: string,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  await page.getByTestId(`board-tool-${tool}`).click();
  await dragOnBoard(page, from, to);
}

/** The shape's geometry attributes as the canvas draws them (x / y / width / height …). */
export async function shapeAttributes(shape: Locator): Promise<Record<string, string | null>> {
  return shape.evaluate((element) => {
    const rect = element.tagName === "g" ? (element.querySelector("rect") ?? element) : element;
    return Object.fromEntries(
      ["x", "y", "width", "height", "fill", "stroke", "cx", "cy"].map((name) => [
        name,
        rect.getAttribute(name),
      ]),
    );
  });
}
