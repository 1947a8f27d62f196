// The whiteboard (APP_SPEC § Whiteboard): two members of a whiteboard room draw together and see
// each other's shapes live; move, resize, delete; the same shape moved by both converges; undo
// reverts one's own change only; sticky-note text; export files.
import { readFile } from "node:fs/promises";
import { SHAPE_KINDS, boardToolId, testAttributes, testIds } from "@rooms/domain";
import type { Page } from "@playwright/test";
import {
  boardCanvas,
  boardShapes,
  dragOnBoard,
  drawOnBoard,
  shapeAttributes,
  shareRoom,
} from "../actions";
import { expect, test, unique } from "../fixtures";

/** Both users in one new whiteboard room, each with the board in view. */
async function whiteboardFor(alice: Page, bob: Page): Promise<void> {
  await shareRoom(alice, bob, { name: unique("Sketch"), type: "whiteboard" });
  for (const page of [alice, bob]) await expect(boardCanvas(page)).toBeVisible();
}

test.describe("Whiteboard", () => {
  test("an empty board says how to start; every tool's shortcut draws its kind, seen live by the other", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await expect(alice.page.getByTestId(testIds.boardEmpty)).toBeVisible();
    await expect(alice.page.getByTestId(boardToolId("select"))).toHaveAttribute(
      "aria-pressed",
      "true",
    );

    const keys: Record<string, string> = {
      rectangle: "r",
      ellipse: "o",
      line: "l",
      arrow: "a",
      pen: "p",
      note: "n",
      text: "t",
    };
    for (const [i, kind] of SHAPE_KINDS.entries()) {
      await boardCanvas(alice.page).focus();
      await alice.page.keyboard.press(keys[kind]!);
      await expect(alice.page.getByTestId(boardToolId(kind))).toHaveAttribute(
        "aria-pressed",
        "true",
      );
      const left = 20 + (i % 4) * 150;
      const top = 20 + Math.floor(i / 4) * 170;
      await dragOnBoard(alice.page, { x: left, y: top }, { x: left + 110, y: top + 70 });
      // A note or text opens its editor: close it empty.
      if (kind === "note" || kind === "text") {
        await expect(alice.page.getByTestId(testIds.boardTextEditor)).toBeFocused();
        await alice.page.keyboard.press("Escape");
      }
    }
    await expect(alice.page.getByTestId(testIds.boardEmpty)).toHaveCount(0);
    for (const page of [alice.page, bob.page]) {
      for (const kind of SHAPE_KINDS) await expect(boardShapes(page, kind)).toHaveCount(1);
    }
    // The pen stays; every other tool goes back to select after one shape.
    await expect(alice.page.getByTestId(boardToolId("select"))).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  test("a shape moved, resized and deleted by one member does so for the other", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await drawOnBoard(alice.page, "rectangle", { x: 60, y: 60 }, { x: 160, y: 140 });
    const mine = boardShapes(alice.page, "rectangle");
    const theirs = boardShapes(bob.page, "rectangle");
    await expect(theirs).toHaveCount(1);
    await expect(mine).toHaveAttribute(testAttributes.selected, "true");
    expect(await shapeAttributes(theirs)).toMatchObject({
      x: "60",
      y: "60",
      width: "100",
      height: "80",
    });

    // Move by dragging the shape.
    await dragOnBoard(alice.page, { x: 110, y: 100 }, { x: 210, y: 150 });
    await expect.poll(() => shapeAttributes(theirs)).toMatchObject({ x: "160", y: "110" });

    // Resize by the south-east handle.
    await expect(alice.page.getByTestId(testIds.boardHandle)).toHaveCount(8);
    await dragOnBoard(alice.page, { x: 260, y: 190 }, { x: 300, y: 230 });
    await expect.poll(() => shapeAttributes(theirs)).toMatchObject({ width: "140", height: "120" });

    // Arrow keys nudge (Shift: 10).
    await alice.page.keyboard.press("Shift+ArrowRight");
    await expect.poll(() => shapeAttributes(theirs)).toMatchObject({ x: "170" });

    await alice.page.keyboard.press("Delete");
    await expect(theirs).toHaveCount(0);
    await expect(mine).toHaveCount(0);
  });

  test("the same shape dragged by both members ends in the same place for both", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await drawOnBoard(alice.page, "ellipse", { x: 100, y: 100 }, { x: 200, y: 180 });
    await expect(boardShapes(bob.page, "ellipse")).toHaveCount(1);
    await Promise.all([
      dragOnBoard(alice.page, { x: 150, y: 140 }, { x: 350, y: 140 }, { steps: 20 }),
      dragOnBoard(bob.page, { x: 150, y: 140 }, { x: 150, y: 300 }, { steps: 20 }),
    ]);
    const where = async (page: Page) => shapeAttributes(boardShapes(page, "ellipse"));
    await expect
      .poll(async () => JSON.stringify(await where(alice.page)))
      .toBe(JSON.stringify(await where(bob.page)));
    // Stable: once both settle they stay equal.
    await expect
      .poll(async () => (await where(alice.page)).cx === (await where(bob.page)).cx)
      .toBe(true);
  });

  test("undo reverts my own move but keeps the other member's later colour change", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await drawOnBoard(alice.page, "rectangle", { x: 40, y: 40 }, { x: 140, y: 120 });
    await dragOnBoard(alice.page, { x: 90, y: 80 }, { x: 190, y: 80 });
    const theirs = boardShapes(bob.page, "rectangle");
    await expect.poll(() => shapeAttributes(theirs)).toMatchObject({ x: "140" });

    // Bob selects it and makes it red.
    await boardShapes(bob.page, "rectangle").click();
    await bob.page
      .locator(`[data-testid="${testIds.boardColor}"][${testAttributes.color}="#d1242f"]`)
      .click();
    await expect
      .poll(() => shapeAttributes(boardShapes(alice.page, "rectangle")))
      .toMatchObject({
        stroke: "#d1242f",
      });

    await alice.page.getByTestId(testIds.boardUndo).click();
    for (const page of [alice.page, bob.page]) {
      await expect
        .poll(() => shapeAttributes(boardShapes(page, "rectangle")))
        .toMatchObject({ x: "40", stroke: "#d1242f" });
    }
    await alice.page.keyboard.press("Control+Shift+z");
    await expect.poll(() => shapeAttributes(theirs)).toMatchObject({ x: "140", stroke: "#d1242f" });
  });

  test("a sticky note's text is typed in place and shown to the other member", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await alice.page.getByTestId(boardToolId("note")).click();
    await dragOnBoard(alice.page, { x: 80, y: 80 }, { x: 81, y: 81 });
    const editor = alice.page.getByTestId(testIds.boardTextEditor);
    await expect(editor).toBeFocused();
    await editor.fill("Ship the board on Friday");
    await alice.page.keyboard.press("Escape");
    await expect(editor).toHaveCount(0);
    const note = boardShapes(bob.page, "note");
    await expect(note).toContainText("Ship the board");
    // Double-click edits it again.
    await boardShapes(alice.page, "note").dblclick();
    await expect(editor).toHaveValue("Ship the board on Friday");
    await editor.fill("Ship it Monday");
    await boardCanvas(alice.page).click({ position: { x: 500, y: 300 } });
    await expect(note).toContainText("Ship it Monday");
  });

  test("exports the board as a PNG and an SVG file of its shapes", async ({ alice, bob }) => {
    await whiteboardFor(alice.page, bob.page);
    await drawOnBoard(alice.page, "rectangle", { x: 40, y: 40 }, { x: 140, y: 120 });
    await drawOnBoard(alice.page, "pen", { x: 200, y: 60 }, { x: 300, y: 140 });
    await expect(boardShapes(alice.page)).toHaveCount(2);

    const [svgDownload] = await Promise.all([
      alice.page.waitForEvent("download"),
      alice.page.getByTestId(testIds.boardExportSvg).click(),
    ]);
    expect(svgDownload.suggestedFilename()).toMatch(/\.svg$/);
    const svg = await readFile((await svgDownload.path())!, "utf8");
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<rect[^>]*stroke="#1f2328"/);
    expect(svg).toContain("<path");
    expect(svg).not.toContain("data-testid");

    const [pngDownload] = await Promise.all([
      alice.page.waitForEvent("download"),
      alice.page.getByTestId(testIds.boardExportPng).click(),
    ]);
    expect(pngDownload.suggestedFilename()).toMatch(/\.png$/);
    const png = await readFile((await pngDownload.path())!);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR width and height: the shapes' box plus the margin, at 2 px per unit.
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(width).toBeGreaterThan(2 * 260);
    expect(height).toBeGreaterThan(2 * 100);
  });
  test("each member sees the other's pointer, selection and drawing in progress on the board", async ({
    alice,
    bob,
  }) => {
    await whiteboardFor(alice.page, bob.page);
    await drawOnBoard(alice.page, "rectangle", { x: 40, y: 40 }, { x: 140, y: 120 });
    await expect(boardShapes(bob.page, "rectangle")).toHaveCount(1);

    // Bob's pointer, in board units, with his name; not as a room pointer too.
    const box = (await boardCanvas(bob.page).boundingBox())!;
    await bob.page.mouse.move(box.x + 300, box.y + 200, { steps: 4 });
    const pointer = alice.page.getByTestId(testIds.boardRemotePointer);
    await expect(pointer).toContainText(bob.name);
    await expect(alice.page.getByTestId(testIds.cursorLayer).getByText(bob.name)).toHaveCount(0);

    // His selection, outlined on Alice's board.
    await boardShapes(bob.page, "rectangle").click();
    await expect(alice.page.getByTestId(testIds.boardRemoteSelection)).toHaveCount(1);
    await bob.page.keyboard.press("Escape");
    await expect(alice.page.getByTestId(testIds.boardRemoteSelection)).toHaveCount(0);

    // His stroke while he draws it, then the shape.
    await bob.page.getByTestId(boardToolId("pen")).click();
    await bob.page.mouse.move(box.x + 300, box.y + 60);
    await bob.page.mouse.down();
    await bob.page.mouse.move(box.x + 420, box.y + 160, { steps: 10 });
    await expect(alice.page.getByTestId(testIds.boardRemoteDraft)).toHaveCount(1);
    await expect(boardShapes(alice.page, "pen")).toHaveCount(0);
    await bob.page.mouse.up();
    await expect(boardShapes(alice.page, "pen")).toHaveCount(1);
    await expect(alice.page.getByTestId(testIds.boardRemoteDraft)).toHaveCount(0);

    // Leaving the board takes his pointer off it.
    await bob.page.mouse.move(box.x + box.width + 40, box.y + 40);
    await expect(pointer).toHaveCount(0);
  });
});
