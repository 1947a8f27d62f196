// The OT client's state machine against an in-memory stand-in for convex/documents.ts: the server
// here rebases with @rooms/domain's `transform` and site tie-breaks, as the real one does, and the
// test decides when submits run and when each editor's subscription is delivered. The real
// backend and reconnects are covered by document-session.integration.test.ts.
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  apply,
  insertsFirst,
  operationSite,
  replaceOp,
  transform,
  type Cursor,
  type DocumentOperation,
  type TextOperation,
} from "@rooms/domain";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClientForData } from "./convex";
import {
  createDocumentSession,
  operationsBase,
  type CaretChannel,
  type DocumentSession,
} from "./document-session";
import { Store } from "./store";
import { FakeClient, type Call } from "./test-support/fake-client";

const documentId = "doc1" as Id<"documents">;

/** The server: text, committed operations, and the rooms error it refuses with, if any. */
class FakeServer {
  ops: DocumentOperation[] = [];
  refuse: { code: string; message: string } | null = null;
  constructor(public text: string) {}

  submit(call: Call): void {
    const { baseRevision, operations, clientId } = call.args as {
      baseRevision: number;
      operations: TextOperation[];
      clientId: string;
    };
    if (this.refuse)
      return call.reject(Object.assign(new Error(this.refuse.code), { data: this.refuse }));
    // As convex/lib/documentText.ts rebaseAndApply: insert ties go to the site sorting first.
    let op = operations[0]!;
    for (const row of this.ops.slice(baseRevision)) {
      const first = insertsFirst(operationSite(row.clientId), operationSite(clientId));
      op = transform(row.operation, op, first)[1];
    }
    this.text = apply(this.text, op);
    this.ops.push({ revision: this.ops.length + 1, operation: op, clientId, userId: "u" });
    call.resolve({ revision: this.ops.length, operations: [op] });
  }
}

type Editor = { fake: FakeClient; session: DocumentSession; delivered: number };

function editor(
  server: FakeServer,
  options: { clientId?: string; lockedBy?: string; presence?: CaretChannel } = {},
): Editor {
  const fake = new FakeClient();
  fake.handlers.set("documents:get", () => ({
    id: documentId,
    roomId: "room1",
    title: "Doc",
    revision: server.ops.length,
    lockedBy: options.lockedBy ?? null,
    updatedAt: 0,
    content: server.text,
    createdBy: "u",
    createdAt: 0,
  }));
  fake.handlers.set("users:me", () => ({ _id: "me" }));
  const session = createDocumentSession(fake.asClient<ClientForData>(), documentId, {
    clientId: options.clientId ?? "c",
    retryDelayMs: 500,
    ...(options.presence ? { presence: options.presence } : {}),
  });
  return { fake, session, delivered: server.ops.length };
}

/** Delivers committed operations up to `upTo` to the editor's subscriptions, as Convex does. */
function deliver(server: FakeServer, e: Editor, upTo = server.ops.length): void {
  e.delivered = Math.max(e.delivered, upTo);
  for (const sub of e.fake.subscribed("documents:operationsSince")) {
    const from = sub.args.revision as number;
    sub.callback(server.ops.filter((row) => row.revision > from && row.revision <= e.delivered));
  }
}

const pendingSubmits = (e: Editor) =>
  e.fake.callsTo("documents:submitOperations").filter((c) => !c.settled);
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("document session", () => {
  it("applies edits at once and keeps one operation outstanding, composing the rest", async () => {
    const server = new FakeServer("hello");
    const e = editor(server);
    expect(e.session.getSnapshot().status).toBe("loading");
    await settle();
    expect(e.session.getSnapshot()).toMatchObject({
      status: "synced",
      text: "hello",
      revision: 0,
      saveState: "saved",
    });

    expect(e.session.applyLocal(replaceOp(5, 5, 5, "!"))).toBe(true);
    expect(e.session.applyLocal(replaceOp(6, 0, 0, "» "))).toBe(true);
    expect(e.session.applyLocal(replaceOp(8, 8, 8, "?"))).toBe(true);
    expect(e.session.getSnapshot()).toMatchObject({
      text: "» hello!?",
      status: "saving",
      pendingEdits: 2,
    });
    const [first] = pendingSubmits(e);
    expect(first!.args).toEqual({
      documentId,
      baseRevision: 0,
      operations: [[5, "!"]],
      clientId: "c:1",
    });

    server.submit(first!);
    deliver(server, e);
    // Acknowledged by its tag; the composed buffer goes next, on the new revision.
    const [second] = pendingSubmits(e);
    expect(second!.args).toMatchObject({
      baseRevision: 1,
      operations: [["» ", 6, "?"]],
      clientId: "c:2",
    });
    server.submit(second!);
    deliver(server, e);
    await settle();
    expect(e.session.getSnapshot()).toMatchObject({
      status: "synced",
      revision: 2,
      text: "» hello!?",
      pendingEdits: 0,
    });
    await expect(e.session.flush()).resolves.toBeUndefined();
  });

  it("transforms remote operations over its pending edits and moves the selection", async () => {
    const server = new FakeServer("abc");
    const [a, b] = [editor(server, { clientId: "a" }), editor(server, { clientId: "b" })];
    await settle();
    a.session.setSelection({ anchor: 3, head: 3 });
    a.session.applyLocal(replaceOp(3, 3, 3, "X")); // outstanding
    a.session.applyLocal(replaceOp(4, 0, 0, "Y")); // buffer
    b.session.applyLocal(replaceOp(3, 1, 2, "ü"));
    server.submit(pendingSubmits(b)[0]!); // b's edit is committed first
    deliver(server, a);
    expect(a.session.getSnapshot()).toMatchObject({
      text: "YaücX",
      selection: { anchor: 5, head: 5 },
    });
    server.submit(pendingSubmits(a)[0]!);
    deliver(server, a);
    server.submit(pendingSubmits(a)[0]!);
    deliver(server, a);
    deliver(server, b);
    expect(server.text).toBe("YaücX");
    expect(b.session.getSnapshot().text).toBe("YaücX");
  });

  it("drops unsaved edits when the server refuses them, back to the committed text", async () => {
    const server = new FakeServer("text");
    const e = editor(server);
    await settle();
    e.session.setSelection({ anchor: 4, head: 4 });
    e.session.applyLocal(replaceOp(4, 4, 4, " one"));
    e.session.applyLocal(replaceOp(8, 8, 8, " two"));
    const flushed = e.session.flush();
    server.refuse = { code: "DOCUMENT_LOCKED", message: "This document is locked by Ada." };
    server.submit(pendingSubmits(e)[0]!);
    await expect(flushed).rejects.toThrow("locked by Ada");
    expect(e.session.getSnapshot()).toMatchObject({
      text: "text",
      selection: { anchor: 4, head: 4 },
      pendingEdits: 0,
      error: { code: "DOCUMENT_LOCKED" },
    });
    server.refuse = { code: "TOO_LONG", message: "Document is too long." };
    e.session.applyLocal(replaceOp(4, 4, 4, "!"));
    server.submit(pendingSubmits(e)[0]!);
    await settle();
    expect(e.session.getSnapshot()).toMatchObject({
      status: "error",
      saveState: "error",
      text: "text",
    });
  });

  it("re-sends with the same tag after a failure that is not a refusal", async () => {
    const server = new FakeServer("");
    const e = editor(server);
    await settle();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    e.session.applyLocal(["a"]);
    pendingSubmits(e)[0]!.reject(new Error("[Request ID: 1] Server Error"));
    await settle();
    expect(warn).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(499);
    expect(pendingSubmits(e)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pendingSubmits(e)[0]!.args).toMatchObject({ clientId: "c:1", operations: [["a"]] });
  });

  it("moves a textarea edit made on a stale view over what changed since", async () => {
    const server = new FakeServer("one two");
    const [a, b] = [editor(server, { clientId: "a" }), editor(server, { clientId: "b" })];
    await settle();
    b.session.applyLocal(replaceOp(7, 0, 0, ">> "));
    server.submit(pendingSubmits(b)[0]!);
    deliver(server, a); // a's text is now ">> one two", but its view still shows "one two"
    expect(a.session.applyTextChange("one two", "one two!", 8)).toBe(true);
    expect(a.session.getSnapshot().text).toBe(">> one two!");
    // When the view was current, the caret it reports is taken as is.
    expect(a.session.applyTextChange(">> one two!", ">> one, two!", 7)).toBe(true);
    expect(a.session.getSnapshot().selection).toEqual({ anchor: 7, head: 7 });
  });

  it("maps other sessions' carets through committed operations and its own pending edits", async () => {
    const server = new FakeServer("hello world");
    const presence = new Store<{ cursors: Cursor[] }>({ cursors: [] });
    const moved: unknown[] = [];
    const e = editor(server, {
      presence: { ...presence, moveCaret: (caret) => moved.push(caret) },
    });
    const session = e.session;
    await settle();
    server.ops.push({ revision: 1, operation: ["¡", 11], clientId: "x", userId: "x" });
    server.text = "¡hello world";
    deliver(server, e);
    const caret = (revision: number, at: number): Cursor => ({
      sessionId: "s",
      userId: "ada",
      name: "Ada",
      color: "#000",
      pointer: null,
      board: null,
      caret: { documentId, anchor: at, head: at, revision },
      updatedAt: 0,
    });
    presence.set({ cursors: [caret(0, 6)] }); // before "world", made before the "¡"
    expect(session.getSnapshot().remoteCarets).toEqual([
      expect.objectContaining({ anchor: 7, head: 7 }),
    ]);
    session.applyLocal(replaceOp(12, 0, 0, "😀")); // pending, not committed
    expect(session.getSnapshot().remoteCarets[0]).toMatchObject({ anchor: 9 });
    // Our own caret goes out in committed coordinates: before the pending emoji.
    session.setSelection({ anchor: 2, head: 2 });
    expect(moved.at(-1)).toEqual({ documentId, anchor: 0, head: 0, revision: 1 });
  });

  it("publishes nothing new when only another session's pointer moves", async () => {
    const server = new FakeServer("hello world");
    const presence = new Store<{ cursors: Cursor[] }>({ cursors: [] });
    const e = editor(server, { presence: { ...presence, moveCaret: () => undefined } });
    await settle();
    const caret = { documentId, anchor: 3, head: 3, revision: 0 };
    const ada = (x: number): Cursor => ({
      sessionId: "s",
      userId: "ada",
      name: "Ada",
      color: "#000",
      pointer: { x, y: 0 },
      board: null,
      caret, // presence keeps an unchanged caret's object
      updatedAt: x,
    });
    presence.set({ cursors: [ada(0.1)] });
    const before = e.session.getSnapshot();
    let published = 0;
    e.session.subscribe(() => published++);
    presence.set({ cursors: [ada(0.2)] });
    presence.set({ cursors: [ada(0.3)] });
    expect(published).toBe(0);
    expect(e.session.getSnapshot().remoteCarets).toBe(before.remoteCarets);
    // The caret itself moves: published, mapped.
    presence.set({ cursors: [{ ...ada(0.4), caret: { ...caret, anchor: 5, head: 5 } }] });
    expect(published).toBe(1);
    expect(e.session.getSnapshot().remoteCarets[0]).toMatchObject({ anchor: 5, head: 5 });
  });

  it("publishes its caret again once its edits are committed, where the caret really is", async () => {
    const server = new FakeServer("abc");
    const presence = new Store<{ cursors: Cursor[] }>({ cursors: [] });
    const moved: unknown[] = [];
    const e = editor(server, {
      presence: { ...presence, moveCaret: (caret) => moved.push(caret) },
    });
    await settle();
    expect(e.session.applyTextChange("abc", "abcXY", 5)).toBe(true);
    // While "XY" is pending the caret goes out before it, in committed coordinates.
    expect(moved.at(-1)).toEqual({ documentId, anchor: 3, head: 3, revision: 0 });
    server.submit(pendingSubmits(e)[0]!);
    deliver(server, e);
    expect(moved.at(-1)).toEqual({ documentId, anchor: 5, head: 5, revision: 1 });
  });

  it("reports offline while disconnected and locked while another user holds the lock", async () => {
    const server = new FakeServer("x");
    const e = editor(server, { lockedBy: "someone" });
    await settle();
    expect(e.session.getSnapshot()).toMatchObject({ status: "locked", canEdit: false });
    expect(e.session.applyLocal(["y", 1])).toBe(false);
    expect(e.session.getSnapshot()).toMatchObject({
      saveState: "error",
      error: { code: "DOCUMENT_LOCKED", message: "This document is locked by someone else." },
    });
    e.fake.emit("documents:list", [
      { id: documentId, roomId: "room1", title: "Doc", revision: 0, lockedBy: null, updatedAt: 0 },
    ]);
    expect(e.session.getSnapshot()).toMatchObject({ status: "synced", canEdit: true });
    e.fake.setConnection({ isWebSocketConnected: false });
    expect(e.session.getSnapshot()).toMatchObject({ status: "offline", saveState: "offline" });
    e.session.applyLocal(["y", 1]);
    expect(e.session.getSnapshot().text).toBe("yx");
  });

  it("subscribes from a shared base (a multiple of 50) and moves it on as the text grows", async () => {
    expect([0, 49, 50, 73, 120].map(operationsBase)).toEqual([0, 0, 50, 50, 100]);
    const server = new FakeServer("");
    const e = editor(server);
    await settle();
    for (let i = 0; i < 120; i++) {
      server.ops.push({
        revision: i + 1,
        operation: i === 0 ? ["."] : [i, "."],
        clientId: "x",
        userId: "x",
      });
    }
    deliver(server, e, 120);
    const bases = e.fake.subscriptions
      .filter((s) => s.name === "documents:operationsSince")
      .map((s) => s.args.revision);
    // Two steps past base 0: the next base is the one every editor at 100..149 uses.
    expect(bases).toEqual([0, 100]);
    expect(e.fake.subscribed("documents:operationsSince")).toHaveLength(1);
    expect(e.session.getSnapshot().text).toBe(".".repeat(120));
  });

  it("converges for any interleaving of edits, submits and deliveries (3 editors)", async () => {
    const pieces = ["a", "b", " ", "é", "😀", "👍🏽", "\n"];
    const step = fc.record({
      kind: fc.constantFrom("edit", "edit", "submit", "deliver"),
      who: fc.integer({ min: 0, max: 2 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.integer({ min: 0, max: 2 }),
      piece: fc.constantFrom(...pieces, ""),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const server = new FakeServer("start 🙂");
        const editors = [0, 1, 2].map((i) => editor(server, { clientId: `e${i}` }));
        await settle();
        for (const s of steps) {
          const e = editors[s.who]!;
          if (s.kind === "edit") {
            const points = Array.from(e.session.getSnapshot().text);
            const at = Math.floor(s.at * points.length);
            const before = points.slice(0, at).join("").length;
            const removed = points.slice(at, at + s.del).join("").length;
            const length = points.join("").length;
            e.session.applyLocal(replaceOp(length, before, before + removed, s.piece));
          } else if (s.kind === "submit") {
            const call = pendingSubmits(e)[0];
            if (call) server.submit(call);
          } else {
            deliver(server, e, Math.min(server.ops.length, e.delivered + 1));
          }
        }
        // Quiesce: run every submit and deliver everything until nothing is pending.
        while (
          editors.some((e) => pendingSubmits(e).length > 0 || e.delivered < server.ops.length)
        ) {
          for (const e of editors) {
            for (const call of pendingSubmits(e)) server.submit(call);
            deliver(server, e);
          }
          await settle();
        }
        for (const e of editors)
          expect(e.session.getSnapshot()).toMatchObject({ text: server.text, pendingEdits: 0 });
        for (const [i] of editors.entries()) {
          const tags = server.ops
            .filter((op) => op.clientId.startsWith(`e${i}:`))
            .map((op) => op.clientId);
          expect(new Set(tags).size).toBe(tags.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
