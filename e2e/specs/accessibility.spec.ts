// APP_SPEC.md § Keyboard and accessibility.
import { testAttributes, testIds } from "@rooms/domain";
import type { Locator, Page } from "@playwright/test";
import {
  createDocument,
  createRoom,
  joinFromLobby,
  roomCard,
  sendMessage,
  shareRoom,
} from "../actions";
import { expect, test, unique } from "../fixtures";

const NATIVE_CONTROLS = ["a", "button", "input", "select", "textarea", "summary"];

interface Focused {
  tag: string;
  /** A message item: the message list's one tab stop (roving tabindex), not a native control. */
  listItem: boolean;
  /** Index of the first of `regions` (test ids) that contains it, or -1. */
  region: number;
  outlineWidth: number;
  outlineStyle: string;
  seen: boolean;
}

/**
 * Presses Tab from the top of the page until focus leaves the page or comes back round; checks
 * that every control it reaches is native, named and shows its focus ring. Returns what it saw.
 */
async function walkWithTab(page: Page, regions: readonly string[] = []): Promise<Focused[]> {
  // Start from the top: focus the body itself, the sequential navigation starting point.
  await page.locator("body").evaluate((body) => {
    body.tabIndex = -1;
    body.focus();
    body.removeAttribute("tabindex");
  });
  const seen: Focused[] = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    if ((await focused.count()) === 0) break;
    const info = await focused.evaluate((el, ids) => {
      const mark = el as unknown as { tabWalkSeen?: boolean };
      const wasSeen = mark.tabWalkSeen === true;
      mark.tabWalkSeen = true;
      const style = el.ownerDocument.defaultView?.getComputedStyle(el);
      return {
        tag: el.tagName.toLowerCase(),
        // The message list's one tab stop (roving tabindex): a message item, named by its text.
        listItem: el.matches("[data-message-id]") && (el.textContent ?? "").trim() !== "",
        region: ids.findIndex((id) => el.closest(`[data-testid="${id}"]`) !== null),
        outlineWidth: Number.parseFloat(style?.outlineWidth ?? "0"),
        outlineStyle: style?.outlineStyle ?? "none",
        seen: wasSeen,
      };
    }, regions);
    if (info.seen || info.tag === "body") break;
    const description = `Tab stop ${seen.length + 1} (${info.tag})`;
    if (!info.listItem) {
      expect(NATIVE_CONTROLS, description).toContain(info.tag);
      await expect(focused, description).toHaveAccessibleName(/\S/);
    }
    expect(info.outlineStyle, description).not.toBe("none");
    expect(info.outlineWidth, description).toBeGreaterThan(0);
    seen.push(info);
  }
  return seen;
}

/** Contrast failures (WCAG AA) of every visible text on the page, from computed styles. */
function contrastOf(page: Page): Promise<{ checked: number; failures: string[] }> {
  return page.locator("body").evaluate((body) => {
    const view = body.ownerDocument.defaultView;
    if (view === null) return { checked: 0, failures: ["no window"] };
    type Rgba = [number, number, number, number];
    type El = NonNullable<typeof body.parentElement>;
    const parse = (value: string): Rgba | null => {
      const srgb = /color\(srgb ([\d.e-]+) ([\d.e-]+) ([\d.e-]+)(?: \/ ([\d.e-]+))?\)/.exec(value);
      if (srgb)
        return [
          Number(srgb[1]) * 255,
          Number(srgb[2]) * 255,
          Number(srgb[3]) * 255,
          srgb[4] === undefined ? 1 : Number(srgb[4]),
        ];
      const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:[,/] ?([\d.]+))?\)/.exec(value);
      if (rgb)
        return [
          Number(rgb[1]),
          Number(rgb[2]),
          Number(rgb[3]),
          rgb[4] === undefined ? 1 : Number(rgb[4]),
        ];
      return null;
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    /** The opaque color behind `el`, or null over an image or gradient. */
    const backgroundOf = (el: El): Rgba | null => {
      const layers: Rgba[] = [];
      for (let node: El | null = el; node !== null; node = node.parentElement) {
        const style = view.getComputedStyle(node);
        if (style.backgroundImage !== "none") return null;
        const color = parse(style.backgroundColor);
        if (color && color[3] > 0) layers.push(color);
        if (color && color[3] >= 1) break;
      }
      return layers.reduceRight<Rgba>((below, layer) => over(layer, below), [255, 255, 255, 1]);
    };
    const failures: string[] = [];
    const walker = body.ownerDocument.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
    const checked = new Set<El>();
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const el = node.parentElement;
      if (el === null || checked.has(el) || (node.textContent ?? "").trim() === "") continue;
      checked.add(el);
      if (el.closest("[disabled], script, style, option") !== null) continue;
      const box = el.getBoundingClientRect();
      const style = view.getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      let opacity = 1;
      for (let n: El | null = el; n !== null; n = n.parentElement)
        opacity *= Number(view.getComputedStyle(n).opacity);
      if (opacity === 0) continue;
      const background = backgroundOf(el);
      const color = parse(style.color);
      if (background === null || color === null) continue;
      const text = over([color[0], color[1], color[2], color[3] * opacity], background);
      const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a) as [
        number,
        number,
      ];
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        failures.push(
          `"${(node.textContent ?? "").trim().slice(0, 40)}": ${ratio.toFixed(2)} (${style.color} on ${background.map((c) => Math.round(c)).join(",")})`,
        );
    }
    return { checked: checked.size, failures };
  });
}

test.describe("Keyboard and accessibility", () => {
  test("every control in the lobby is native, named, reachable with Tab and shows focus", async ({
    alice,
    bob,
  }) => {
    const room = unique("Reachable");
    await createRoom(bob.page, { name: room });
    await alice.page.getByTestId(testIds.roomSearch).fill(room);
    await expect(roomCard(alice.page, room)).toHaveCount(1);

    const stops = await walkWithTab(alice.page);
    // Profile, search, invite code and its button, New room, the card's Join at least.
    expect(stops.length).toBeGreaterThanOrEqual(6);

    // The create dialog is modal: Tab reaches nothing of the page outside it (after its last
    // control focus may pass to the browser's own UI, then comes back to the first).
    await alice.page.getByTestId(testIds.createRoomButton).click();
    const dialog = alice.page.getByTestId(testIds.createRoomDialog);
    await expect(dialog.getByTestId(testIds.createRoomName)).toBeFocused();
    let inside = 0;
    for (let i = 0; i < 14; i++) {
      await alice.page.keyboard.press("Tab");
      const focused = alice.page.locator(":focus");
      if ((await focused.count()) === 0) continue;
      expect(
        await focused.evaluate(
          (el, id) => el.closest(`[data-testid="${id}"]`) !== null,
          testIds.createRoomDialog,
        ),
      ).toBe(true);
      await expect(focused).toHaveAccessibleName(/\S/);
      inside++;
    }
    expect(inside).toBeGreaterThanOrEqual(12);
  });

  test("in a document room, Tab goes through header, documents and chat in that order; every control is named", async ({
    alice,
  }) => {
    const { page } = alice;
    await createRoom(page, { name: unique("Order"), isPrivate: true });
    await sendMessage(page, "hello there");
    await createDocument(page, unique("Plan"));
    await page.getByTestId(testIds.documentHistory).getByText("History").click();
    await expect(page.getByTestId(testIds.documentHistoryItem)).toHaveCount(1);

    // The layout of a document room (APP_SPEC § Room "Layout"): documents lead, the side
    // panel's toggle, then the chat.
    const regions = [
      testIds.roomHeader,
      testIds.documentPanel,
      testIds.roomSideToggle,
      testIds.chatPanel,
    ];
    const stops = await walkWithTab(page, regions);
    const order = stops.map((stop) => stop.region);
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const region of [0, 1, 2, 3]) expect(order).toContain(region);
    // The document's controls are among them: editor, Lock, the History summary, Restore.
    expect(stops.map((stop) => stop.tag)).toEqual(expect.arrayContaining(["textarea", "summary"]));
  });

  test("Escape closes the create dialog, profile menu, member list and reaction picker and returns focus", async ({
    alice,
  }) => {
    const { page } = alice;
    const opener = page.getByTestId(testIds.createRoomButton);
    await opener.click();
    await expect(page.getByTestId(testIds.createRoomDialog)).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId(testIds.createRoomDialog)).toBeHidden();
    await expect(opener).toBeFocused();

    await createRoom(page, { name: unique("Escape") });

    const closes = async (button: Locator, popup: Locator) => {
      await button.click();
      await expect(popup).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(popup).toBeHidden();
      await expect(button).toBeFocused();
    };
    await closes(
      page.getByTestId(testIds.profileMenuButton),
      page.getByTestId(testIds.profileMenu),
    );
    await closes(page.getByTestId(testIds.avatarStack), page.getByTestId(testIds.memberList));
    await expect(page.getByTestId(testIds.avatarStack)).toHaveAttribute("aria-expanded", "false");
    await sendMessage(page, "react to me");
    // Sending gives the composer its focus back; then the picker.
    await expect(
      page.getByTestId(testIds.messageItem).filter({ hasText: "react to me" }),
    ).toBeVisible();
    await expect(page.getByTestId(testIds.composerInput)).toBeFocused();
    const message = page.getByTestId(testIds.messageItem).filter({ hasText: "react to me" });
    await message.hover();
    await closes(
      message.getByTestId(testIds.messageReactionAdd),
      page.getByTestId(testIds.reactionPicker),
    );
  });

  test("live regions, hidden overlays and status in words", async ({ alice, bob }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Regions"), type: "document" });
    const { page } = alice;
    await expect(page.getByTestId(testIds.messageList)).toHaveAttribute("role", "log");
    await expect(page.getByTestId(testIds.typingIndicator)).toHaveAttribute("aria-live", "polite");
    await expect(page.getByTestId(testIds.cursorLayer)).toHaveAttribute("aria-hidden", "true");

    // Status in words, not only the dot's color.
    await expect(
      page.getByTestId(testIds.avatar).and(page.getByLabel(`${bob.name} (Online)`)),
    ).toHaveAttribute(testAttributes.status, "online");
    await page.getByTestId(testIds.avatarStack).click();
    await expect(page.getByTestId(testIds.memberItem).filter({ hasText: bob.name })).toContainText(
      "Online",
    );

    // Errors are alerts.
    await page.getByTestId(testIds.documentCreateSubmit).click();
    await expect(page.getByTestId(testIds.documentCreateError)).toHaveAttribute("role", "alert");
    const url = new URL(page.url());
    url.searchParams.set("doc", "nosuchdocument");
    await page.goto(url.toString());
    await expect(page.getByTestId(testIds.documentError)).toHaveAttribute("role", "alert");

    await alice.context.setOffline(true);
    await expect(page.getByTestId(testIds.connectionBanner)).toHaveAttribute("role", "status");
    await alice.context.setOffline(false);
    await expect(page.getByTestId(testIds.connectionBanner)).toHaveCount(0);
  });

  test("text in the lobby and the room meets WCAG AA contrast", async ({ alice, bob }) => {
    const room = unique("Contrast");
    await createRoom(bob.page, { name: room, type: "chat" });
    await alice.page.getByTestId(testIds.roomSearch).fill(room);
    await expect(roomCard(alice.page, room)).toHaveCount(1);
    const lobby = await contrastOf(alice.page);
    expect(lobby.failures).toEqual([]);
    expect(lobby.checked).toBeGreaterThan(10);

    await joinFromLobby(alice.page, room);
    await sendMessage(alice.page, "Readable text");
    await sendMessage(bob.page, "Also readable");
    await createDocument(alice.page, unique("Readable"));
    await alice.page.getByTestId(testIds.documentHistory).getByText("History").click();
    await expect(alice.page.getByTestId(testIds.documentHistoryItem)).toHaveCount(1);
    await alice.page.getByTestId(testIds.avatarStack).click();
    await expect(alice.page.getByTestId(testIds.memberList)).toBeVisible();
    const inRoom = await contrastOf(alice.page);
    expect(inRoom.failures).toEqual([]);
    expect(inRoom.checked).toBeGreaterThan(25);
  });

  test("prefers-reduced-motion: no transitions, and remote cursors jump", async ({
    alice,
    bob,
  }) => {
    await bob.page.emulateMedia({ reducedMotion: "reduce" });
    await shareRoom(alice.page, bob.page, { name: unique("Still"), type: "document" });

    const transition = (page: Page) =>
      page
        .getByTestId(testIds.composerSend)
        .evaluate(
          (el) =>
            el.ownerDocument.defaultView?.getComputedStyle(el).transitionDuration ?? "missing",
        );
    const seconds = (value: string) => Math.max(...value.split(",").map((v) => parseFloat(v)));
    expect(seconds(await transition(alice.page))).toBeGreaterThan(0.01);
    expect(seconds(await transition(bob.page))).toBeLessThan(0.001);

    // Bob (reduced motion) sees Alice's pointer jump from one corner to the other at once;
    // Alice (no preference) sees Bob's glide through positions in between.
    const bodyBox = async (page: Page) => {
      const box = await page.getByTestId(testIds.chatPanel).boundingBox();
      if (box === null) throw new Error("chat panel is not visible");
      return box;
    };
    const positionsSeenBy = async (viewer: Page, mover: Page) => {
      const box = await bodyBox(mover);
      await mover.mouse.move(box.x + 20, box.y + 20);
      const cursor = viewer.getByTestId(testIds.cursor);
      await expect(cursor).toHaveCount(1);
      const layer = viewer.getByTestId(testIds.cursorLayer);
      // Settled at the first corner, start recording every position drawn.
      let last = "";
      await expect
        .poll(async () => {
          const now = await cursor.evaluate(
            (el) => (el as unknown as { style: { transform: string } }).style.transform,
          );
          const settled = now === last;
          last = now;
          return settled;
        })
        .toBe(true);
      await layer.evaluate((el, id) => {
        const log: string[] = [];
        (el as unknown as { transformLog: string[] }).transformLog = log;
        const view = el.ownerDocument.defaultView;
        if (view === null) return;
        new view.MutationObserver(() => {
          for (const c of el.querySelectorAll(`[data-testid="${id}"]`))
            log.push((c as unknown as { style: { transform: string } }).style.transform);
        }).observe(el, { attributes: true, subtree: true, attributeFilter: ["style"] });
      }, testIds.cursor);
      await mover.mouse.move(box.x + box.width - 20, box.y + box.height - 20);
      const log = () =>
        layer.evaluate((el) => (el as unknown as { transformLog: string[] }).transformLog);
      await expect.poll(async () => (await log()).length).toBeGreaterThan(0);
      // Let frames pass (a glide lasts at most 2 × CURSOR_THROTTLE_MS).
      await viewer.evaluate(
        () =>
          new Promise((resolve) => {
            const frame = (
              globalThis as unknown as { requestAnimationFrame: (f: () => void) => void }
            ).requestAnimationFrame;
            let frames = 0;
            const tick = () => (++frames >= 30 ? resolve(frames) : frame(tick));
            frame(tick);
          }),
      );
      return new Set(await log()).size;
    };
    const cursorTransition = async (page: Page) =>
      seconds(
        await page
          .getByTestId(testIds.cursor)
          .evaluate(
            (el) =>
              el.ownerDocument.defaultView?.getComputedStyle(el).transitionDuration ?? "missing",
          ),
      );
    expect(await positionsSeenBy(bob.page, alice.page)).toBe(1);
    expect(await cursorTransition(bob.page)).toBeLessThan(0.001);
    expect(await positionsSeenBy(alice.page, bob.page)).toBeGreaterThan(1);
    expect(await cursorTransition(alice.page)).toBeGreaterThan(0.01);
  });
});
