// APP_SPEC.md § Room › Avatar stack and members, › Live cursors, › Typing indicator: who is
// here and how they are doing, where their pointers are, and who is typing.
import {
  CURSOR_EARLY_MS,
  CURSOR_STALE_MS,
  CURSOR_THROTTLE_MS,
  initialsOf,
  testAttributes,
  testIds,
} from "@rooms/domain";
import type { Locator, Page } from "@playwright/test";
import { createRoom, escapeRegExp, roomIdOf, sendMessage, shareRoom } from "../actions";
import { expect, test, unique, type SignedInUser } from "../fixtures";

/** The avatar of the member named `name` in the room header's stack. */
function avatarOf(page: Page, name: string): Locator {
  return page
    .getByTestId(testIds.avatarStack)
    .getByTestId(testIds.avatar)
    .and(page.getByTitle(new RegExp(`^${escapeRegExp(name)} \\(`)));
}

/** The member-list item of the member named `name` (the list must be open). */
function memberItemOf(page: Page, name: string): Locator {
  return page.getByTestId(testIds.memberItem).filter({ hasText: name });
}

/** The other users' pointer named `name` on `page`. */
function cursorOf(page: Page, name: string): Locator {
  return page
    .getByTestId(testIds.cursorLayer)
    .getByTestId(testIds.cursor)
    .filter({ has: page.getByTestId(testIds.cursorName).getByText(name, { exact: true }) });
}

/** Moves the mouse to the fraction (x, y) of the room body (the cursor layer's box). */
async function pointAt(page: Page, x: number, y: number): Promise<void> {
  const box = await page.getByTestId(testIds.cursorLayer).boundingBox();
  if (box === null) throw new Error("no cursor layer");
  await page.mouse.move(box.x + box.width * x - 20, box.y + box.height * y - 20);
  await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 4 });
}

/** The user's color as CSS reports it, read from the profile menu's checked color. */
async function colorOf(user: SignedInUser): Promise<string> {
  await user.page.getByTestId(testIds.profileMenuButton).click();
  const hex = await user.page
    .getByTestId(testIds.profileColor)
    .getByRole("radio", { checked: true })
    .inputValue();
  await user.page.keyboard.press("Escape");
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Fakes the page's clock (Playwright's clock, installed before the app loads) and stops it. */
async function stopClock(page: Page): Promise<void> {
  await page.clock.install();
  await page.reload();
  await roomIdOf(page);
  await page.clock.pauseAt(Date.now() + 1000);
}

test.describe("Avatar stack and members", () => {
  test("avatars name each member with status; the list says who is you and who owns the room", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Roll call") });
    const page = alice.page;
    const bobsAvatar = avatarOf(page, bob.name);
    await expect(bobsAvatar).toHaveAttribute("aria-label", `${bob.name} (Online)`);
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "online");
    await expect(bobsAvatar).toContainText(initialsOf(bob.name));
    await expect(bobsAvatar.getByTestId(testIds.avatarStatus)).toHaveAttribute(
      testAttributes.status,
      "online",
    );
    await expect(page.getByTestId(testIds.avatarOverflow)).toHaveCount(0);

    const stack = page.getByTestId(testIds.avatarStack);
    await expect(stack).toHaveRole("button");
    await expect(stack).toHaveAccessibleName("Members");
    await expect(stack).toHaveAttribute("aria-expanded", "false");
    await stack.click();
    await expect(stack).toHaveAttribute("aria-expanded", "true");
    const list = page.getByTestId(testIds.memberList);
    await expect(list).toHaveRole("list");
    await expect(list).toHaveAccessibleName("Members");
    const items = list.getByTestId(testIds.memberItem);
    await expect(items).toHaveCount(2);
    const mine = memberItemOf(page, alice.name);
    await expect(mine).toContainText(`${alice.name} (you)`);
    // Every avatar carries initials, the member list's too.
    for (const [item, name] of [
      [mine, alice.name],
      [memberItemOf(page, bob.name), bob.name],
    ] as const) {
      const avatarText = await item.evaluate(
        (element) => element.querySelector('[aria-hidden="true"]')?.textContent?.trim() ?? "",
      );
      expect(avatarText).toBe(initialsOf(name));
    }
    await expect(mine).toContainText("Owner");
    await expect(mine).toContainText("Online");
    await expect(mine).toHaveAttribute(testAttributes.status, "online");
    const bobs = memberItemOf(page, bob.name);
    await expect(bobs).toContainText("Online");
    await expect(bobs).not.toContainText("(you)");
    await expect(bobs).not.toContainText("Owner");
    // Both online: by name within (the fixtures' names start "Alice", "Bob").
    await expect(items.first()).toContainText(alice.name);

    await page.keyboard.press("Escape");
    await expect(list).toHaveCount(0);
    await expect(stack).toHaveAttribute("aria-expanded", "false");
    await expect(stack).toBeFocused();

    // Navigating away ends the session: offline at once, not after the 30 s timeout.
    await bob.page.getByTestId(testIds.backToLobby).click();
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "offline");
    await expect(bobsAvatar).toHaveAttribute("aria-label", `${bob.name} (Offline)`);
    await expect(bobsAvatar.getByTestId(testIds.avatarStatus)).toHaveAttribute(
      testAttributes.status,
      "offline",
    );
    await stack.click();
    await expect(bobs).toContainText("Offline");
    await expect(items.first()).toContainText(alice.name);
  });

  test("more than 5 members show 5 avatars and +N; the list has everyone", async ({
    alice,
    user,
  }) => {
    test.slow();
    const roomId = await createRoom(alice.page, { name: unique("Crowded") });
    const guests: string[] = [];
    for (let i = 0; i < 5; i++) {
      const guest = await user();
      await guest.page.goto(`/rooms/${roomId}`);
      await roomIdOf(guest.page);
      guests.push(guest.name);
      await guest.context.close();
    }
    const page = alice.page;
    const stack = page.getByTestId(testIds.avatarStack);
    await page.getByTestId(testIds.avatarStack).click();
    await expect(page.getByTestId(testIds.memberItem)).toHaveCount(6);
    await expect(stack.getByTestId(testIds.avatar)).toHaveCount(5);
    await expect(stack.getByTestId(testIds.avatarOverflow)).toHaveText("+1");

    // Online first, then away, then offline; by name within.
    const rows = await page
      .getByTestId(testIds.memberItem)
      .evaluateAll((elements) =>
        elements.map((element): [string, string] => [
          element.getAttribute("data-status") ?? "",
          element.textContent ?? "",
        ]),
      );
    const rank: Record<string, number> = { online: 0, away: 1, offline: 2 };
    const names = [alice.name, ...guests];
    const keyed = rows.map(([status, text]) => ({
      rank: rank[status] ?? 3,
      name: names.find((name) => text.includes(name)) ?? text,
    }));
    expect(keyed[0]?.name).toBe(alice.name);
    expect(keyed.map((row) => row.name).sort()).toEqual([...names].sort());
    const sorted = [...keyed].sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
    expect(keyed).toEqual(sorted);
  });

  test("a member idle for 60 s shows as away, and online again on input", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Coffee") });
    await alice.page.clock.install();
    await alice.page.reload();
    await roomIdOf(alice.page);
    const alicesAvatar = avatarOf(bob.page, alice.name);
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "online");

    await alice.page.clock.fastForward("01:01");
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "away");
    await expect(alicesAvatar).toHaveAttribute("title", `${alice.name} (Away)`);
    await expect(alicesAvatar.getByTestId(testIds.avatarStatus)).toHaveAttribute(
      testAttributes.status,
      "away",
    );
    await bob.page.getByTestId(testIds.avatarStack).click();
    await expect(memberItemOf(bob.page, alice.name)).toContainText("Away");
    // Online before away, whatever the names.
    await expect(bob.page.getByTestId(testIds.memberItem).first()).toContainText(bob.name);

    await alice.page.keyboard.press("Shift");
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "online");
    await expect(memberItemOf(bob.page, alice.name)).toContainText("Online");
  });

  test("moving the pointer is activity: it keeps a member online and brings them back", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Mouse only") });
    await alice.page.clock.install();
    await alice.page.reload();
    await roomIdOf(alice.page);
    const alicesAvatar = avatarOf(bob.page, alice.name);
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "online");

    // Only the mouse moves, 40 s in: 61 s after load is 21 s after the last input.
    await alice.page.clock.fastForward("00:40");
    await alice.page.mouse.move(200, 200);
    await alice.page.mouse.move(220, 230);
    await alice.page.clock.fastForward("00:21");
    // Without the movement this is where "away" goes out (the test above); give it time to show.
    await bob.page.waitForTimeout(1000);
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "online");

    await alice.page.clock.fastForward("01:00");
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "away");
    await alice.page.mouse.move(260, 240);
    await alice.page.mouse.move(280, 250);
    await expect(alicesAvatar).toHaveAttribute(testAttributes.status, "online");
  });
});

test.describe("Live cursors", () => {
  test("a pointer shows at its place in the user's color with the name, and goes when it leaves", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Pointers") });
    const color = await colorOf(alice);
    const layer = bob.page.getByTestId(testIds.cursorLayer);
    await expect(layer).toHaveAttribute("aria-hidden", "true");

    await pointAt(alice.page, 0.5, 0.4);
    const cursor = cursorOf(bob.page, alice.name);
    await expect(cursor).toBeVisible();
    await expect(cursor).toHaveAttribute(
      testAttributes.userId,
      (await avatarOf(bob.page, alice.name).getAttribute(testAttributes.userId)) ?? "",
    );
    await expect(cursor).toHaveCSS("color", color);
    const box = await layer.boundingBox();
    if (box === null) throw new Error("no cursor layer");
    await expect
      .poll(async () => {
        const at = await cursor.boundingBox();
        return at === null
          ? Infinity
          : Math.max(
              Math.abs(at.x - (box.x + box.width * 0.5)),
              Math.abs(at.y - (box.y + box.height * 0.4)),
            );
      })
      .toBeLessThan(6);

    // Out of the room body (onto the header): the cursor goes.
    const header = await alice.page.getByTestId(testIds.roomName).boundingBox();
    if (header === null) throw new Error("no room name");
    await alice.page.mouse.move(header.x + 5, header.y + 5, { steps: 4 });
    await expect(cursor).toHaveCount(0);

    // Back in, then Alice closes the tab: the cursor goes with her session.
    await pointAt(alice.page, 0.3, 0.6);
    await expect(cursor).toBeVisible();
    await alice.page.close({ runBeforeUnload: true });
    await expect(cursor).toHaveCount(0, { timeout: 45_000 });
  });

  test("name labels stay inside the room area and never take pointer events", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Edges") });
    const layer = bob.page.getByTestId(testIds.cursorLayer);
    const cursor = cursorOf(bob.page, alice.name);
    const label = cursor.getByTestId(testIds.cursorName);
    for (const [x, y, side, vertical] of [
      [0.2, 0.3, "right", "below"],
      [0.98, 0.5, "left", "below"],
    ] as const) {
      await pointAt(alice.page, x, y);
      await expect(cursor).toHaveAttribute(testAttributes.labelSide, side);
      await expect(cursor).toHaveAttribute(testAttributes.labelVertical, vertical);
      await expect
        .poll(async () => {
          const [area, box] = await Promise.all([layer.boundingBox(), label.boundingBox()]);
          if (area === null || box === null) return false;
          return (
            box.x >= area.x &&
            box.y >= area.y &&
            box.x + box.width <= area.x + area.width &&
            box.y + box.height <= area.y + area.height
          );
        })
        .toBe(true);
    }
    await expect(label).toHaveCSS("pointer-events", "none");
    await expect(cursor).toHaveCSS("pointer-events", "none");
  });

  test("a tab that stops responding loses its cursor after 15 s, long before it goes offline", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Frozen") });
    await pointAt(alice.page, 0.5, 0.5);
    const cursor = cursorOf(bob.page, alice.name);
    await expect(cursor).toBeVisible();
    // Alice's tab hangs (as a crashed renderer or a frozen laptop would): no more moves, no more
    // heartbeats, and no pagehide to say goodbye.
    const hungAt = Date.now();
    await alice.page.evaluate(() => {
      setTimeout(() => {
        const end = Date.now() + 25_000;
        while (Date.now() < end) {
          // busy
        }
      }, 0);
    });
    await expect(cursor).toHaveCount(0, { timeout: 25_000 });
    const gone = Date.now() - hungAt;
    // CURSOR_STALE_MS after the last sign of life; the member is still listed online (the
    // presence timeout is 30 s).
    expect(gone).toBeGreaterThan(CURSOR_STALE_MS - 5_000);
    await expect(avatarOf(bob.page, alice.name)).toHaveAttribute(testAttributes.status, "online");
  });

  test("another tab of the same user shows a cursor; a tab never shows its own", async ({
    alice,
  }) => {
    const roomId = await createRoom(alice.page, { name: unique("Two tabs") });
    const second = await alice.context.newPage();
    await second.goto(`/rooms/${roomId}`);
    await roomIdOf(second);

    await pointAt(second, 0.5, 0.5);
    await expect(cursorOf(alice.page, alice.name)).toBeVisible();
    await expect(second.getByTestId(testIds.cursor)).toHaveCount(0);
  });
});

/** Records every position the page draws its cursors at (the `translate(…)` of each cursor). */
async function recordCursorPositions(page: Page): Promise<() => Promise<[number, number][]>> {
  await page.evaluate(`(() => {
    const layer = document.querySelector('[data-testid="cursor-layer"]');
    window.__e2eMoves = [];
    new MutationObserver(() => {
      for (const cursor of layer.querySelectorAll('[data-testid="cursor"]'))
        window.__e2eMoves.push(cursor.style.transform);
    }).observe(layer, { subtree: true, childList: true, attributes: true, attributeFilter: ["style"] });
  })()`);
  return async () => {
    const moves = (await page.evaluate("window.__e2eMoves")) as string[];
    return moves.flatMap((move) => {
      const match = /translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(move);
      return match ? [[Number(match[1]), Number(match[2])] as [number, number]] : [];
    });
  };
}

test.describe("Live cursors (motion)", () => {
  test("a pointer glides between positions, and jumps under prefers-reduced-motion", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Glide") });
    const box = await bob.page.getByTestId(testIds.cursorLayer).boundingBox();
    if (box === null) throw new Error("no cursor layer");
    const [a, b] = [
      [box.width * 0.2, box.height * 0.2],
      [box.width * 0.8, box.height * 0.8],
    ] as const;
    const near = (p: readonly [number, number], q: readonly [number, number]) =>
      Math.abs(p[0] - q[0]) < 3 && Math.abs(p[1] - q[1]) < 3;
    const cursor = cursorOf(bob.page, alice.name);

    /** Alice's pointer goes to A, then in one step to B; what Bob's screen drew meanwhile. */
    const jumpAndRecord = async () => {
      await pointAt(alice.page, 0.2, 0.2);
      await expect
        .poll(async () => {
          const at = await cursor.boundingBox();
          return at !== null && near([at.x - box.x, at.y - box.y], a);
        })
        .toBe(true);
      const recorded = await recordCursorPositions(bob.page);
      const layer = await alice.page.getByTestId(testIds.cursorLayer).boundingBox();
      if (layer === null) throw new Error("no cursor layer");
      await alice.page.mouse.move(layer.x + layer.width * 0.8, layer.y + layer.height * 0.8);
      await expect.poll(async () => (await recorded()).some((p) => near(p, b))).toBe(true);
      return (await recorded()).filter((p) => !near(p, a) && !near(p, b));
    };

    expect((await jumpAndRecord()).length).toBeGreaterThan(0);

    await bob.page.emulateMedia({ reducedMotion: "reduce" });
    await bob.page.reload();
    await roomIdOf(bob.page);
    expect(await jumpAndRecord()).toEqual([]);
  });
});

test.describe("Live cursors (sending)", () => {
  test("pointer positions go out as fractions of the room body, one per 100 ms at most on average", async ({
    alice,
  }) => {
    await createRoom(alice.page, { name: unique("Throttle") });
    // Timed in the page, as the client hands them to its socket.
    await alice.page.addInitScript(`(() => {
      const send = WebSocket.prototype.send;
      window.__e2eCursorSends = [];
      WebSocket.prototype.send = function (data) {
        if (typeof data === "string" && /"presence(\\.js)?:updateCursor"/.test(data))
          window.__e2eCursorSends.push({ at: performance.now(), args: JSON.parse(data).args[0] });
        return send.call(this, data);
      };
    })()`);
    await alice.page.reload();
    await roomIdOf(alice.page);
    const box = await alice.page.getByTestId(testIds.cursorLayer).boundingBox();
    if (box === null) throw new Error("no cursor layer");
    await alice.page.mouse.move(box.x + 10, box.y + 10);
    await alice.page.mouse.move(box.x + box.width - 10, box.y + box.height - 10, { steps: 60 });
    await alice.page.mouse.move(box.x + box.width / 2, box.y - 5);
    type Sent = { at: number; args: { pointer?: { x: number; y: number } | null } };
    const sent = async () => (await alice.page.evaluate("window.__e2eCursorSends")) as Sent[];
    await expect
      .poll(async () => (await sent()).some((call) => call.args.pointer === null))
      .toBe(true);

    const calls = await sent();
    const pointers = calls
      .map((call) => call.args.pointer)
      .filter((pointer) => pointer !== undefined && pointer !== null);
    expect(pointers.length).toBeGreaterThan(1);
    for (const { x, y } of pointers) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
    }
    // 60 moves went by faster than 60 × 100 ms: fewer updates, at most one per 100 ms slot (the
    // first goes at once), none within 50 ms of the one before. A send may leave up to
    // CURSOR_EARLY_MS before its slot; the client schedules on Date.now(), whole milliseconds,
    // and 5 ms more covers the two clocks.
    expect(pointers.length).toBeLessThan(60);
    const span = (calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0);
    const slots = Math.floor((span + CURSOR_EARLY_MS + 5) / CURSOR_THROTTLE_MS) + 1;
    expect(calls.length).toBeLessThanOrEqual(slots);
    const gaps = calls.slice(1).map((call, i) => call.at - (calls[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(45);
  });
});

test.describe("Avatar stack and members (timeout)", () => {
  test("a tab that vanishes without leaving goes offline after the presence timeout", async ({
    alice,
    bob,
  }) => {
    test.slow();
    await shareRoom(alice.page, bob.page, { name: unique("Vanish") });
    const bobsAvatar = avatarOf(alice.page, bob.name);
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "online");
    // Offline, Bob's tab can say nothing: no leave, no heartbeats.
    await bob.context.setOffline(true);
    // PRESENCE_TIMEOUT_MS (30 s) plus at most one 5 s sweep.
    await expect(bobsAvatar).toHaveAttribute(testAttributes.status, "offline", {
      timeout: 45_000,
    });
  });
});

test.describe("Typing indicator", () => {
  test("two others typing are named together, the viewer never; sending clears one", async ({
    alice,
    bob,
    user,
  }) => {
    const roomId = await shareRoom(alice.page, bob.page, { name: unique("Chatter") });
    const carol = await user({ name: unique("Carol") });
    await carol.page.goto(`/rooms/${roomId}`);
    await roomIdOf(carol.page);
    // Stopped clocks: entries cannot expire on these two screens while the test reads them.
    await stopClock(alice.page);
    await stopClock(bob.page);

    const indicator = alice.page.getByTestId(testIds.typingIndicator);
    await expect(indicator).toHaveAttribute("aria-live", "polite");
    await expect(indicator).toHaveText("");
    const order = await alice.page
      .getByTestId(testIds.chatPanel)
      .getByTestId(/^(message-list|typing-indicator|composer)$/)
      .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-testid")));
    expect(order).toEqual([testIds.messageList, testIds.typingIndicator, testIds.composer]);

    await bob.page.getByTestId(testIds.composerInput).fill("Hello");
    await expect(indicator).toHaveText(`${bob.name} is typing…`);
    await carol.page.getByTestId(testIds.composerInput).fill("Hi there");
    await expect(bob.page.getByTestId(testIds.typingIndicator)).toHaveText(
      `${carol.name} is typing…`,
    );
    const [b, c] = [escapeRegExp(bob.name), escapeRegExp(carol.name)];
    await expect(indicator).toHaveText(new RegExp(`^(${b} and ${c}|${c} and ${b}) are typing…$`));

    await carol.page.getByTestId(testIds.composerInput).press("Enter");
    await expect(indicator).toHaveText(`${bob.name} is typing…`);
    await expect(bob.page.getByTestId(testIds.typingIndicator)).toHaveText("");

    // Clearing the input stops it too (Alice's clock stands still: no expiry can do this).
    await bob.page.getByTestId(testIds.composerInput).fill("");
    await expect(indicator).toHaveText("");
  });

  test("typing keeps the entry alive; one that is not refreshed disappears after 4 s", async ({
    alice,
    bob,
  }) => {
    await shareRoom(alice.page, bob.page, { name: unique("Pause") });
    const indicator = alice.page.getByTestId(testIds.typingIndicator);
    const input = bob.page.getByTestId(testIds.composerInput);
    await input.fill("Let me");
    await expect(indicator).toHaveText(`${bob.name} is typing…`);
    // Bob keeps typing for over TYPING_EXPIRY_MS: the client refreshes the entry meanwhile.
    // (10 keys, 500 ms apart: without refreshes the entry would be gone after 4 s.)
    await input.pressSequentially(" think, um", { delay: 500 });
    await expect(indicator).toHaveText(`${bob.name} is typing…`);
    await input.fill("Let me think");
    await expect(indicator).toHaveText(`${bob.name} is typing…`);
    const shown = Date.now();
    // Bob types nothing more; the server's entry expires 4 s after it was set.
    await expect(indicator).toHaveText("");
    expect(Date.now() - shown).toBeGreaterThan(2000);
    await expect(bob.page.getByTestId(testIds.composerInput)).toHaveValue("Let me think");
    await sendMessage(bob.page, "Done thinking");
    await expect(indicator).toHaveText("");
  });
});
