// createPresence against convex/presence.ts and rooms.members on a local deployment (whose
// sweeper cron runs every 5 s): members appear and leave, a tab that stops heartbeating is swept,
// cursors are throttled and end where the pointer stopped, typing shows and clears, and a cursor
// move re-runs no member list.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { PRESENCE_TIMEOUT_MS } from "@rooms/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthSession } from "./auth-session";
import { createPresence, type Presence } from "./presence";
import { Clients, roomWith, sleep, waitFor, type User } from "./test-support/rooms";

const clients = new Clients();
let ada: User;
let bo: User;
let roomId: Id<"rooms">;
const open: Presence[] = [];

beforeAll(async () => {
  [ada, bo] = [await clients.guest(), await clients.guest()];
  roomId = await roomWith(ada, [bo]);
});
afterAll(async () => {
  await Promise.all(open.map((presence) => presence.dispose()));
  await clients.closeAll();
});

function presenceOf(user: User, room = roomId): Presence {
  const presence = createPresence(user.client, room, { userId: user.userId, visibility: null });
  open.push(presence);
  return presence;
}

const statusIn = (watcher: Presence, userId: string) =>
  watcher.getSnapshot().members?.find((member) => member.userId === userId)?.status;

describe("presence (integration)", () => {
  it("shows a member online while present and offline after leaving", async () => {
    const watcher = presenceOf(bo);
    const adaHere = presenceOf(ada);
    await waitFor(() => statusIn(watcher, ada.userId) === "online", "Ada online");
    await adaHere.dispose();
    await waitFor(() => statusIn(watcher, ada.userId) === "offline", "Ada offline after leaving");
  });

  it("sweeps a tab that stopped heartbeating (crashed) within the presence timeout", async () => {
    const watcher = presenceOf(bo);
    // A second tab of Ada's, on its own client, that dies without leaving.
    const tab = clients.client();
    const auth = createAuthSession({ client: tab, storage: ada.storage });
    await waitFor(() => auth.getSnapshot().status === "signedIn", "Ada's second tab to sign in");
    const crashing = createPresence(tab, roomId, { visibility: null });
    crashing.moveCursor({ x: 0.5, y: 0.5 });
    await waitFor(() => statusIn(watcher, ada.userId) === "online", "Ada online in the tab");
    await waitFor(() => watcher.getSnapshot().cursors.length === 1, "the tab's cursor");
    const diedAt = Date.now();
    auth.dispose();
    await tab.close();
    // PRESENCE_TIMEOUT_MS after the last heartbeat, plus the sweeper's 5 s period.
    await waitFor(
      () => statusIn(watcher, ada.userId) === "offline",
      "the sweeper to mark Ada offline",
      PRESENCE_TIMEOUT_MS + 15_000,
    );
    const took = Date.now() - diedAt;
    expect(took).toBeGreaterThan(PRESENCE_TIMEOUT_MS - 11_000); // the last beat may be ≤10 s old
    expect(took).toBeLessThan(PRESENCE_TIMEOUT_MS + 10_000);
    expect(watcher.getSnapshot().cursors).toEqual([]);
    // Its leave can never be sent (the client is closed), so do not wait for it.
    void crashing.dispose();
  });

  it("throttles cursor moves to 10 Hz and always delivers the last position", async () => {
    const watcher = presenceOf(bo);
    const mover = presenceOf(ada);
    let updates = 0;
    const stop = bo.client.onUpdate(api.presence.cursors, { roomId }, () => updates++);
    await waitFor(() => statusIn(watcher, ada.userId) === "online", "Ada online");
    const start = Date.now();
    updates = 0;
    for (let i = 1; i <= 50; i++) {
      mover.moveCursor({ x: i / 100, y: 0.25 });
      await sleep(10);
    }
    const last = { x: 0.5, y: 0.25 };
    await waitFor(
      () => watcher.getSnapshot().cursors.some((c) => c.pointer?.x === last.x),
      "the last position to arrive",
    );
    const seconds = (Date.now() - start) / 1000;
    // ~0.6 s of moves at one update per 100 ms, plus the leading one.
    expect(updates).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
    expect(updates).toBeGreaterThanOrEqual(3);
    // Smoothing glides to the last position once it has settled.
    const [drawn] = watcher.pointersAt(Date.now() + 1000);
    expect(drawn).toMatchObject({ userId: ada.userId, ...last });
    stop();
    await mover.dispose();
  });

  it("shows who is typing to others, and clears it when they stop", async () => {
    const watcher = presenceOf(bo);
    const typist = presenceOf(ada);
    const name = (await ada.client.query(api.users.me, {}))!.name;
    typist.typing();
    await waitFor(
      () => watcher.getSnapshot().typingLabel === `${name} is typing…`,
      "the typing line",
    );
    // Not listed for the typist themself.
    expect(typist.getSnapshot().typing).toEqual([]);
    typist.stopTyping();
    await waitFor(() => watcher.getSnapshot().typingLabel === null, "the typing line to clear");
  });

  it("re-runs no member list when a cursor moves", async () => {
    // A room of its own: no earlier session here can turn away or be swept meanwhile.
    const room = await roomWith(ada, [bo]);
    const mover = presenceOf(ada, room);
    const watcher = presenceOf(bo, room);
    await waitFor(() => statusIn(watcher, ada.userId) === "online", "Ada online");
    let memberUpdates = 0;
    let cursorUpdates = 0;
    const args = { roomId: room };
    const stopMembers = bo.client.onUpdate(api.rooms.members, args, () => memberUpdates++);
    const stopCursors = bo.client.onUpdate(api.presence.cursors, args, () => cursorUpdates++);
    await waitFor(() => memberUpdates > 0 && cursorUpdates > 0, "both subscriptions");
    await sleep(300);
    const [members, cursors] = [memberUpdates, cursorUpdates];
    for (let i = 0; i < 20; i++) {
      mover.moveCursor({ x: (10 + i) / 100, y: 0.9 });
      await sleep(40);
    }
    await waitFor(
      () => watcher.getSnapshot().cursors.some((c) => c.pointer?.x === 0.29),
      "the last move to arrive",
    );
    await sleep(300);
    expect(cursorUpdates - cursors).toBeGreaterThanOrEqual(5);
    expect(memberUpdates - members).toBe(0);
    stopMembers();
    stopCursors();
  });
});
