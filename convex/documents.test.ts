import {
  DOCUMENT_MAX_LENGTH,
  ErrorCode,
  SNAPSHOT_EVERY_OPERATIONS,
  apply,
  replaceOp,
  transform,
  type TextOperation,
} from "@rooms/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  expectError,
  setup,
  signIn,
  type Caller,
  type Client,
  type TestConvex,
} from "./test.setup";

async function documentRoom(content = ""): Promise<{
  t: TestConvex;
  ada: Client;
  bo: Client;
  roomId: Id<"rooms">;
  documentId: Id<"documents">;
}> {
  const t = setup();
  const ada = await signIn(t, "Ada");
  const bo = await signIn(t, "Bo");
  const roomId = await ada.mutation(api.rooms.create, {
    name: "Docs",
    type: "document",
    isPrivate: false,
  });
  await bo.mutation(api.rooms.join, { roomId });
  const documentId = await ada.mutation(api.documents.create, { roomId, title: "Notes", content });
  return { t, ada, bo, roomId, documentId };
}

const submit = (
  client: Client,
  documentId: Id<"documents">,
  baseRevision: number,
  operations: TextOperation[],
  clientId = "c",
) =>
  client.mutation(api.documents.submitOperations, {
    documentId,
    baseRevision,
    operations,
    clientId,
  });

const textOf = async (client: Client, documentId: Id<"documents">) =>
  (await client.query(api.documents.get, { documentId })).content;

describe("documents", () => {
  it("refuses unauthenticated callers and non-members", async () => {
    const { t, documentId, roomId } = await documentRoom("abc");
    const cy = await signIn(t, "Cy");
    const snapshotId = (await t.run((ctx) => ctx.db.query("snapshots").first()))!._id;
    const calls = (client: Caller) => [
      client.query(api.documents.list, { roomId }),
      client.mutation(api.documents.create, { roomId, title: "X" }),
      client.mutation(api.documents.rename, { documentId, title: "X" }),
      client.query(api.documents.get, { documentId }),
      client.mutation(api.documents.submitOperations, {
        documentId,
        baseRevision: 0,
        operations: [],
        clientId: "c",
      }),
      client.query(api.documents.operationsSince, { documentId, revision: 0 }),
      client.mutation(api.documents.lock, { documentId }),
      client.mutation(api.documents.unlock, { documentId }),
      client.query(api.documents.history, { documentId }),
      client.query(api.documents.snapshot, { snapshotId }),
      client.mutation(api.documents.restore, { snapshotId }),
    ];
    for (const call of calls(t)) await expectError(call, ErrorCode.UNAUTHENTICATED);
    for (const call of calls(cy)) await expectError(call, ErrorCode.NOT_A_MEMBER);
  });

  it("creates a document at revision 0, lists it, posts 'created the document'", async () => {
    const { ada, roomId, documentId } = await documentRoom("Hello");
    const document = await ada.query(api.documents.get, { documentId });
    expect(document).toMatchObject({
      id: documentId,
      roomId,
      title: "Notes",
      content: "Hello",
      revision: 0,
      lockedBy: null,
      createdBy: ada.userId,
    });
    expect(await ada.query(api.documents.list, { roomId })).toEqual([
      // No revision or updatedAt in the list: a keystroke changes nothing the list shows.
      { id: documentId, roomId, title: "Notes", lockedBy: null },
    ]);
    const { page } = await ada.query(api.messages.list, {
      roomId,
      paginationOpts: { numItems: 5, cursor: null },
    });
    expect(page[0]).toMatchObject({
      kind: "system",
      body: "Ada created the document Notes",
      system: { kind: "document_created", documentId, documentTitle: "Notes", userName: "Ada" },
    });
  });

  it("checks titles and lengths", async () => {
    const { ada, roomId, documentId } = await documentRoom();
    await expectError(ada.mutation(api.documents.create, { roomId, title: " " }), ErrorCode.EMPTY, {
      field: "documentTitle",
    });
    await expectError(
      ada.mutation(api.documents.create, { roomId, title: "t".repeat(121) }),
      ErrorCode.TOO_LONG,
      { field: "documentTitle" },
    );
    await expectError(
      ada.mutation(api.documents.create, {
        roomId,
        title: "Big",
        content: "x".repeat(DOCUMENT_MAX_LENGTH + 1),
      }),
      ErrorCode.TOO_LONG,
      { field: "document", limit: DOCUMENT_MAX_LENGTH },
    );
    await expectError(
      ada.mutation(api.documents.create, { roomId, title: "Bad", content: "\uD800" }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await submit(ada, documentId, 0, [["x".repeat(DOCUMENT_MAX_LENGTH)]]);
    await expectError(
      submit(ada, documentId, 1, [[DOCUMENT_MAX_LENGTH, "y"]]),
      ErrorCode.TOO_LONG,
      {
        field: "document",
      },
    );
    await ada.mutation(api.documents.rename, { documentId, title: "  Renamed " });
    expect((await ada.query(api.documents.get, { documentId })).title).toBe("Renamed");
  });

  it("applies operations in order and reports them in operationsSince", async () => {
    const { ada, documentId } = await documentRoom();
    expect(await submit(ada, documentId, 0, [["Hello"], [5, " world"]], "ada-1")).toEqual({
      revision: 2,
      operations: [["Hello"], [5, " world"]],
    });
    expect(await textOf(ada, documentId)).toBe("Hello world");
    const since = await ada.query(api.documents.operationsSince, { documentId, revision: 1 });
    expect(since).toEqual([
      expect.objectContaining({
        revision: 2,
        operation: [5, " world"],
        clientId: "ada-1",
        userId: ada.userId,
      }),
    ]);
    expect(await submit(ada, documentId, 2, [])).toEqual({ revision: 2, operations: [] });
  });

  it("an edit leaves the documents row alone, so the room's document list is not re-run", async () => {
    const { t, ada, documentId } = await documentRoom("abc");
    const row = () => t.run((ctx) => ctx.db.get("documents", documentId));
    const before = await row();
    await submit(ada, documentId, 0, [[3, "d"]], "ada-1");
    expect(await row()).toEqual(before);
    expect(await ada.query(api.documents.get, { documentId })).toMatchObject({
      revision: 1,
      content: "abcd",
    });
  });

  it("transforms concurrent submits on the same base revision: both land", async () => {
    const { ada, bo, documentId } = await documentRoom("abc");
    const a: TextOperation = [1, "X", 2]; // aXbc
    const b: TextOperation = [3, "Y"]; // abcY
    expect(await submit(ada, documentId, 0, [a], "ada")).toEqual({ revision: 1, operations: [a] });
    const result = await submit(bo, documentId, 0, [b], "bo");
    const [, bPrime] = transform(a, b);
    expect(result).toEqual({ revision: 2, operations: [bPrime] });
    expect(await textOf(ada, documentId)).toBe(apply(apply("abc", a), bPrime));
    expect(await textOf(ada, documentId)).toBe("aXbcY");
    // Ada follows along from her revision and sees Bo's transformed operation.
    expect(
      (await ada.query(api.documents.operationsSince, { documentId, revision: 1 })).map((o) => [
        o.clientId,
        o.operation,
      ]),
    ).toEqual([["bo", bPrime]]);
  });

  it("on an insert tie at one position the committed text stays first", async () => {
    const { ada, bo, documentId } = await documentRoom("ab");
    await submit(ada, documentId, 0, [[1, "A", 1]]);
    await submit(bo, documentId, 0, [[1, "B", 1]]);
    expect(await textOf(ada, documentId)).toBe("aABb");
  });

  it("rebases several consecutive operations over several committed ones", async () => {
    const { ada, bo, documentId } = await documentRoom("hello");
    await submit(ada, documentId, 0, [
      ["> ", 5],
      [7, "!"],
    ]); // "> hello!"
    // Bo, still at revision 0: delete "h", then insert "J" at 0 → "Jello".
    await submit(bo, documentId, 0, [
      [-1, 4],
      ["J", 4],
    ]);
    expect(await textOf(ada, documentId)).toBe("> Jello!");
  });

  it("converges for random concurrent edits (property)", async () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "é"), maxLength: 8 });
    const edit = (base: string) =>
      fc
        .tuple(
          fc.nat(base.length),
          fc.nat(base.length),
          fc.string({ unit: fc.constantFrom("x", "y"), maxLength: 3 }),
        )
        .map(([i, j, insert]) => replaceOp(base.length, Math.min(i, j), Math.max(i, j), insert));
    const scenario = text.chain((base) => fc.tuple(fc.constant(base), edit(base), edit(base)));
    await fc.assert(
      fc.asyncProperty(scenario, async ([base, a, b]) => {
        const { ada, bo, documentId } = await documentRoom(base);
        await submit(ada, documentId, 0, [a]);
        await submit(bo, documentId, 0, [b]);
        const [aPrime, bPrime] = transform(a, b);
        const content = await textOf(ada, documentId);
        expect(content).toBe(apply(apply(base, a), bPrime));
        expect(content).toBe(apply(apply(base, b), aPrime));
      }),
      { numRuns: 30 },
    );
  });

  it("refuses stale and future base revisions and malformed operations", async () => {
    const { ada, documentId } = await documentRoom("abc");
    await expectError(submit(ada, documentId, 1, [[3, "x"]]), ErrorCode.STALE_REVISION);
    await expectError(submit(ada, documentId, -1, [[3, "x"]]), ErrorCode.STALE_REVISION);
    await expectError(submit(ada, documentId, 0.5, [[3, "x"]]), ErrorCode.STALE_REVISION);
    await expectError(submit(ada, documentId, 0, [[2, "x"]]), ErrorCode.INVALID_OPERATION);
    await expectError(submit(ada, documentId, 0, [[1.5, "x", 1.5]]), ErrorCode.INVALID_OPERATION);
    await expectError(submit(ada, documentId, 0, [[3, "\uDC00"]]), ErrorCode.INVALID_OPERATION);
    await expectError(
      submit(
        ada,
        documentId,
        0,
        Array.from({ length: 101 }, () => [3]),
      ),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(submit(ada, documentId, 0, [[3]], ""), ErrorCode.INVALID_ARGUMENT);
    expect((await ada.query(api.documents.get, { documentId })).revision).toBe(0);
  });

  it("lock: only the holder edits; others get DOCUMENT_LOCKED naming the holder", async () => {
    const { t, ada, bo, roomId, documentId } = await documentRoom("abc");
    await bo.mutation(api.documents.lock, { documentId });
    await bo.mutation(api.documents.lock, { documentId });
    expect(await ada.query(api.documents.get, { documentId })).toMatchObject({
      lockedBy: bo.userId,
      lockedByName: "Bo",
    });
    const locked = { lockedBy: "Bo", message: "This document is locked by Bo." };
    await expectError(submit(ada, documentId, 0, [[3, "x"]]), ErrorCode.DOCUMENT_LOCKED, locked);
    await expectError(
      ada.mutation(api.documents.lock, { documentId }),
      ErrorCode.DOCUMENT_LOCKED,
      locked,
    );
    await expectError(
      ada.mutation(api.documents.rename, { documentId, title: "Mine" }),
      ErrorCode.DOCUMENT_LOCKED,
    );
    const snapshotId = (await ada.query(api.documents.history, { documentId }))[0]!.id;
    await expectError(
      ada.mutation(api.documents.restore, { snapshotId }),
      ErrorCode.DOCUMENT_LOCKED,
    );
    await submit(bo, documentId, 0, [[3, "!"]]);

    // A third member cannot unlock; the room owner (Ada) can.
    const cy = await signIn(t, "Cy");
    await cy.mutation(api.rooms.join, { roomId });
    await expectError(cy.mutation(api.documents.unlock, { documentId }), ErrorCode.DOCUMENT_LOCKED);
    await ada.mutation(api.documents.unlock, { documentId });
    await ada.mutation(api.documents.unlock, { documentId });
    await submit(ada, documentId, 1, [[4, "?"]]);
    expect(await textOf(ada, documentId)).toBe("abc!?");

    // Leaving the room releases the leaver's locks.
    await cy.mutation(api.documents.lock, { documentId });
    await cy.mutation(api.rooms.leave, { roomId });
    expect((await ada.query(api.documents.get, { documentId })).lockedBy).toBeNull();
  });

  it("history: snapshots at creation, on lock, every N operations", async () => {
    const { ada, documentId } = await documentRoom();
    for (let i = 0; i < SNAPSHOT_EVERY_OPERATIONS; i++) {
      await submit(ada, documentId, i, [[i, "x"].filter((c) => c !== 0)]);
    }
    await ada.mutation(api.documents.lock, { documentId });
    await ada.mutation(api.documents.unlock, { documentId });
    await submit(ada, documentId, SNAPSHOT_EVERY_OPERATIONS, [[SNAPSHOT_EVERY_OPERATIONS, "y"]]);
    await ada.mutation(api.documents.lock, { documentId });
    const history = await ada.query(api.documents.history, { documentId });
    expect(history.map((s) => [s.revision, s.reason, s.length])).toEqual([
      [SNAPSHOT_EVERY_OPERATIONS + 1, "lock", SNAPSHOT_EVERY_OPERATIONS + 1],
      [SNAPSHOT_EVERY_OPERATIONS, "periodic", SNAPSHOT_EVERY_OPERATIONS],
      [0, "created", 0],
    ]);
    expect(history[0]).toMatchObject({ userName: "Ada", preview: "x".repeat(50) + "y" });
    const full = await ada.query(api.documents.snapshot, { snapshotId: history[1]!.id });
    expect(full).toMatchObject({ revision: SNAPSHOT_EVERY_OPERATIONS, content: "x".repeat(50) });
  });

  it("restore adds a new revision with the snapshot's text, which merges with concurrent edits", async () => {
    const { ada, bo, documentId } = await documentRoom("one two");
    const [created] = await ada.query(api.documents.history, { documentId });
    await submit(ada, documentId, 0, [[3, -4, " 2"]]); // "one 2"
    const restored = await bo.mutation(api.documents.restore, {
      snapshotId: created!.id,
      clientId: "bo",
    });
    expect(restored.revision).toBe(2);
    expect(await textOf(ada, documentId)).toBe("one two");
    const [op] = await ada.query(api.documents.operationsSince, { documentId, revision: 1 });
    expect(op).toMatchObject({ revision: 2, clientId: "bo", operation: restored.operations[0] });
    expect((await ada.query(api.documents.history, { documentId }))[0]).toMatchObject({
      revision: 2,
      reason: "restore",
    });
    // Restoring the current text changes nothing.
    expect(await bo.mutation(api.documents.restore, { snapshotId: created!.id })).toEqual({
      revision: 2,
      operations: [],
    });
    // An edit made concurrently with the restore (on revision 1) is rebased over it.
    await submit(bo, documentId, 1, [[5, "!"]]);
    expect(await textOf(ada, documentId)).toMatch(/!/);
  });

  it("DOCUMENT_NOT_FOUND for a missing document", async () => {
    const { t, ada, documentId } = await documentRoom();
    await t.run(async (ctx) => {
      await ctx.db.delete("documents", documentId);
    });
    await expectError(ada.query(api.documents.get, { documentId }), ErrorCode.DOCUMENT_NOT_FOUND);
    await expectError(submit(ada, documentId, 0, [[]]), ErrorCode.DOCUMENT_NOT_FOUND);
  });
});
