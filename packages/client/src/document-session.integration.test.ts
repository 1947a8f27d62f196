// createDocumentSession against convex/documents.ts on a local deployment: concurrent editors
// converge with the stored text through forced reconnects, every operation is committed exactly
// once, remote carets follow edits, and locks stop other editors.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { fromTextChange, isWellFormed, replaceOp, type DocumentOperation } from "@rooms/domain";
import type { ConvexClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentSession, type DocumentSession } from "./document-session";
import { createPresence, type Presence } from "./presence";
import { Clients, dropConnection, roomWith, sleep, waitFor, type User } from "./test-support/rooms";

const clients = new Clients();
let users: User[];
let roomId: Id<"rooms">;
beforeAll(async () => {
  users = [await clients.guest(), await clients.guest(), await clients.guest()];
  roomId = await roomWith(users[0]!, users.slice(1));
});
afterAll(() => clients.closeAll());

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ["a", "b", "c", " ", "\n", "é", "😀", "👍🏽", "🇫🇷", "𠀋", "hello "];

/** A random edit of `text` on code-point boundaries: insert, delete or replace. */
function randomEdit(text: string, rand: () => number): { after: string; caret: number } {
  const points = Array.from(text);
  const pick = (n: number) => Math.floor(rand() * n);
  const at = pick(points.length + 1);
  const removed = rand() < 0.35 ? Math.min(points.length - at, 1 + pick(3)) : 0;
  const inserted = removed > 0 && rand() < 0.5 ? "" : PIECES[pick(PIECES.length)]!;
  const head = points.slice(0, at).join("");
  const after = head + inserted + points.slice(at + removed).join("");
  return { after, caret: head.length + inserted.length };
}

async function allOperations(client: ConvexClient, documentId: Id<"documents">) {
  const rows: DocumentOperation[] = [];
  for (;;) {
    const page = await client.query(api.documents.operationsSince, {
      documentId,
      revision: rows.length,
    });
    if (page.length === 0) return rows;
    rows.push(...page);
  }
}

const loaded = (session: DocumentSession) =>
  waitFor(() => session.getSnapshot().status === "synced", "the document to load");

describe("document session (integration)", () => {
  it("three editors × 300 random edits with a forced reconnect each converge on the stored text", async () => {
    const initial = "Shared 📄 notes\n";
    const documentId = await users[0]!.client.mutation(api.documents.create, {
      roomId,
      title: "Race",
      content: initial,
    });
    const sessions = users.map((user, i) =>
      createDocumentSession(user.client, documentId, {
        clientId: `editor${i}`,
        userId: user.userId,
      }),
    );
    await Promise.all(sessions.map(loaded));

    const EDITS = 300;
    const inFlightAtDrop: number[] = [];
    await Promise.all(
      sessions.map(async (session, i) => {
        const rand = random(1000 + i);
        const reconnectAt = 50 + Math.floor(rand() * 200);
        for (let n = 0; n < EDITS; n++) {
          const before = session.getSnapshot().text;
          const { after, caret } = randomEdit(before, rand);
          // Half as textarea input events, half as operations.
          const ok =
            n % 2 === 0
              ? session.applyTextChange(before, after, caret)
              : session.applyLocal(fromTextChange(before, after, caret));
          expect(ok).toBe(true);
          // Right after an edit, so an operation is usually in flight when the socket drops.
          if (n === reconnectAt) {
            inFlightAtDrop.push(users[i]!.client.connectionState().inflightMutations);
            dropConnection(users[i]!.client);
          }
          await sleep(Math.floor(rand() * 12));
        }
      }),
    );
    await Promise.all(sessions.map((session) => session.flush()));
    // The drops hit in-flight submits (re-sent on the new socket), not just idle sockets.
    expect(inFlightAtDrop.some((n) => n > 0)).toBe(true);

    const stored = await users[0]!.client.query(api.documents.get, { documentId });
    await waitFor(
      () => sessions.every((s) => s.getSnapshot().revision === stored.revision),
      "every editor to reach the stored revision",
      30_000,
    );
    for (const session of sessions) {
      expect(session.getSnapshot()).toMatchObject({ text: stored.content, status: "synced" });
    }
    expect(isWellFormed(stored.content)).toBe(true);

    // Exactly once: each editor's tags are 1..n, none missing, none repeated.
    const operations = await allOperations(users[0]!.client, documentId);
    // Edits made while one was in flight went out composed: fewer operations than edits.
    expect(operations.length).toBeLessThan(3 * EDITS);
    expect(operations.map((op) => op.revision)).toEqual(operations.map((_, i) => i + 1));
    for (let i = 0; i < sessions.length; i++) {
      const tags = operations
        .filter((op) => op.clientId.startsWith(`editor${i}:`))
        .map((op) => Number(op.clientId.split(":")[1]));
      expect(tags.length).toBeGreaterThan(0);
      expect(tags).toEqual(tags.map((_, n) => n + 1));
    }
    for (const session of sessions) session.dispose();
  });

  it("shows remote carets mapped through later edits and publishes its own", async () => {
    const [a, b] = users as [User, User];
    const documentId = await a.client.mutation(api.documents.create, {
      roomId,
      title: "Carets",
      content: "hello world",
    });
    const presences: Presence[] = [a, b].map((user) =>
      createPresence(user.client, roomId, { userId: user.userId, visibility: null }),
    );
    const [docA, docB] = [a, b].map((user, i) =>
      createDocumentSession(user.client, documentId, {
        userId: user.userId,
        presence: presences[i]!,
      }),
    ) as [DocumentSession, DocumentSession];
    await Promise.all([loaded(docA), loaded(docB)]);

    docA.setSelection({ anchor: 6, head: 11 }); // "world"
    await waitFor(
      () => docB.getSnapshot().remoteCarets.find((c) => c.userId === a.userId && c.head === 11),
      "B to see A's selection",
    );
    // B types before it: B's own edit moves A's caret at once, before anything is committed.
    expect(docB.applyLocal(replaceOp(11, 0, 0, "👋 "))).toBe(true);
    expect(docB.getSnapshot().remoteCarets).toEqual([
      expect.objectContaining({ userId: a.userId, anchor: 9, head: 14 }),
    ]);
    await docB.flush();
    await waitFor(() => docA.getSnapshot().text === "👋 hello world", "A to receive B's edit");
    // A's selection moved with the remote insert, and so does what B sees of it.
    expect(docA.getSnapshot().selection).toEqual({ anchor: 9, head: 14 });
    await waitFor(
      () => docB.getSnapshot().remoteCarets.find((c) => c.anchor === 9 && c.head === 14),
      "B to still see A's selection on 'world'",
    );
    for (const doc of [docA, docB]) doc.dispose();
    await Promise.all(presences.map((p) => p.dispose()));
  });

  it("is read-only while another member holds the lock", async () => {
    const [owner, member] = users as [User, User];
    const documentId = await owner.client.mutation(api.documents.create, {
      roomId,
      title: "Locked",
      content: "draft",
    });
    const ownerDoc = createDocumentSession(owner.client, documentId);
    const memberDoc = createDocumentSession(member.client, documentId);
    await Promise.all([loaded(ownerDoc), loaded(memberDoc)]);

    await ownerDoc.lock();
    await waitFor(() => memberDoc.getSnapshot().status === "locked", "the member to see the lock");
    expect(memberDoc.getSnapshot()).toMatchObject({ canEdit: false, lockedBy: owner.userId });
    expect(memberDoc.applyLocal(replaceOp(5, 5, 5, "!"))).toBe(false);
    expect(memberDoc.getSnapshot()).toMatchObject({
      saveState: "error",
      error: {
        code: "DOCUMENT_LOCKED",
        message: expect.stringMatching(/^This document is locked by Guest \d{4}\.$/),
      },
    });
    // The holder edits on.
    expect(ownerDoc.applyLocal(replaceOp(5, 5, 5, " v2"))).toBe(true);
    await ownerDoc.flush();

    await ownerDoc.unlock();
    await waitFor(() => memberDoc.getSnapshot().canEdit, "the member to see the unlock");
    expect(memberDoc.getSnapshot()).toMatchObject({
      text: "draft v2",
      error: null,
      saveState: "saved",
    });
    expect(memberDoc.applyLocal(replaceOp(8, 8, 8, "!"))).toBe(true);
    await memberDoc.flush();
    expect((await owner.client.query(api.documents.get, { documentId })).content).toBe("draft v2!");
    ownerDoc.dispose();
    memberDoc.dispose();
  });
});
