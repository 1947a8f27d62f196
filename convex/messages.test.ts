import { ErrorCode, MESSAGE_MAX_LENGTH, MESSAGES_PER_SECOND } from "@rooms/domain";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  expectError,
  setup,
  signIn,
  type Caller,
  type Client,
  type TestConvex,
} from "./test.setup";

const T0 = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

async function chatRoom(): Promise<{
  t: TestConvex;
  ada: Client;
  bo: Client;
  roomId: Id<"rooms">;
}> {
  const t = setup();
  const ada = await signIn(t, "Ada");
  const bo = await signIn(t, "Bo");
  const roomId = await ada.mutation(api.rooms.create, {
    name: "Chat",
    type: "chat",
    isPrivate: false,
  });
  await bo.mutation(api.rooms.join, { roomId });
  return { t, ada, bo, roomId };
}

const page = async (
  client: Client,
  roomId: Id<"rooms">,
  numItems = 20,
  cursor: string | null = null,
) => await client.query(api.messages.list, { roomId, paginationOpts: { numItems, cursor } });

/** Sends one message per call, a second apart, so the rate limit never interferes. */
async function send(client: Client, roomId: Id<"rooms">, body: string) {
  vi.setSystemTime(Date.now() + 1000);
  return await client.mutation(api.messages.send, { roomId, body });
}

async function upload(t: TestConvex, bytes: number, type = "image/png") {
  return await t.run((ctx) => ctx.storage.store(new Blob([new Uint8Array(bytes)], { type })));
}

describe("messages", () => {
  it("refuses unauthenticated callers and non-members", async () => {
    const { t, ada, roomId } = await chatRoom();
    const cy = await signIn(t, "Cy");
    const messageId = await send(ada, roomId, "hi");
    const storageId = await upload(t, 3);
    const calls = (client: Caller) => [
      client.query(api.messages.list, { roomId, paginationOpts: { numItems: 5, cursor: null } }),
      client.mutation(api.messages.send, { roomId, body: "x" }),
      client.mutation(api.messages.edit, { messageId, body: "x" }),
      client.mutation(api.messages.remove, { messageId }),
      client.mutation(api.messages.react, { messageId, emoji: "👍" }),
      client.mutation(api.messages.generateUploadUrl, { roomId }),
      client.mutation(api.messages.sendFile, {
        roomId,
        storageId,
        name: "a.png",
        contentType: "image/png",
      }),
      client.query(api.messages.search, { roomId, query: "hi" }),
    ];
    for (const call of calls(t)) await expectError(call, ErrorCode.UNAUTHENTICATED);
    for (const call of calls(cy)) await expectError(call, ErrorCode.NOT_A_MEMBER);
  });

  it("sends and pages newest first, with the author's name and color", async () => {
    const { ada, bo, roomId } = await chatRoom();
    for (let i = 1; i <= 5; i++) await send(i % 2 ? ada : bo, roomId, `  message ${i} `);
    const first = await page(ada, roomId, 3);
    expect(first.page.map((m) => m.body)).toEqual(["message 5", "message 4", "message 3"]);
    expect(first.page[1]).toMatchObject({
      kind: "text",
      authorId: bo.userId,
      authorName: "Bo",
      authorColor: "#1565C0",
      edited: false,
      deleted: false,
      reactions: [],
    });
    const second = await page(ada, roomId, 3, first.continueCursor);
    expect(second.page.map((m) => m.body)).toEqual(["message 2", "message 1", "Bo joined"]);
  });

  it("checks the body", async () => {
    const { ada, roomId } = await chatRoom();
    await expectError(ada.mutation(api.messages.send, { roomId, body: "  " }), ErrorCode.EMPTY, {
      field: "message",
    });
    await expectError(
      ada.mutation(api.messages.send, { roomId, body: "x".repeat(MESSAGE_MAX_LENGTH + 1) }),
      ErrorCode.TOO_LONG,
      { field: "message", limit: MESSAGE_MAX_LENGTH },
    );
    await ada.mutation(api.messages.send, { roomId, body: "x".repeat(MESSAGE_MAX_LENGTH) });
  });

  it("rate limits sending per user", async () => {
    const { ada, bo, roomId } = await chatRoom();
    for (let i = 0; i < MESSAGES_PER_SECOND; i++) {
      await ada.mutation(api.messages.send, { roomId, body: `m${i}` });
    }
    await expectError(
      ada.mutation(api.messages.send, { roomId, body: "spam" }),
      ErrorCode.RATE_LIMITED,
      {
        limit: MESSAGES_PER_SECOND,
        retryAfterMs: 1000,
        message: "You are doing that too often. Try again in 1 s.",
      },
    );
    await bo.mutation(api.messages.send, { roomId, body: "others are not limited" });
    vi.setSystemTime(T0 + 1000);
    await ada.mutation(api.messages.send, { roomId, body: "again" });
  });

  it("edit: own messages only; marks edited", async () => {
    const { t, ada, bo, roomId } = await chatRoom();
    const messageId = await send(ada, roomId, "helo");
    await expectError(
      bo.mutation(api.messages.edit, { messageId, body: "mine" }),
      ErrorCode.NOT_AUTHOR,
    );
    await expectError(ada.mutation(api.messages.edit, { messageId, body: "" }), ErrorCode.EMPTY);
    await ada.mutation(api.messages.edit, { messageId, body: "hello" });
    expect((await page(ada, roomId)).page[0]).toMatchObject({
      body: "hello",
      edited: true,
      editedAt: Date.now(),
    });
    const joined = (await page(ada, roomId)).page.find((m) => m.kind === "system")!;
    await expectError(
      bo.mutation(api.messages.edit, { messageId: joined.id, body: "x" }),
      ErrorCode.NOT_AUTHOR,
    );
    await t.run((ctx) => ctx.db.delete("messages", messageId));
    await expectError(
      ada.mutation(api.messages.edit, { messageId, body: "x" }),
      ErrorCode.MESSAGE_NOT_FOUND,
    );
  });

  it("remove: author or room owner; the message stays as deleted", async () => {
    const { t, ada, bo, roomId } = await chatRoom();
    const byBo = await send(bo, roomId, "from Bo");
    const byAda = await send(ada, roomId, "from Ada");
    await bo.mutation(api.messages.react, { messageId: byBo, emoji: "👍" });
    await expectError(bo.mutation(api.messages.remove, { messageId: byAda }), ErrorCode.NOT_AUTHOR);
    await bo.mutation(api.messages.remove, { messageId: byBo });
    await expectError(
      bo.mutation(api.messages.remove, { messageId: byBo }),
      ErrorCode.MESSAGE_NOT_FOUND,
    );
    await expectError(
      bo.mutation(api.messages.edit, { messageId: byBo, body: "x" }),
      ErrorCode.MESSAGE_NOT_FOUND,
    );
    await expectError(
      bo.mutation(api.messages.react, { messageId: byBo, emoji: "👍" }),
      ErrorCode.MESSAGE_NOT_FOUND,
    );
    const c = await signIn(t, "Cy");
    await c.mutation(api.rooms.join, { roomId });
    const byCy = await send(c, roomId, "from Cy");
    await ada.mutation(api.messages.remove, { messageId: byCy }); // the owner moderates
    const messages = (await page(ada, roomId)).page;
    expect(messages.find((m) => m.id === byBo)).toMatchObject({
      deleted: true,
      body: "",
      reactions: [],
    });
    expect(messages.find((m) => m.id === byCy)).toMatchObject({ deleted: true });
  });

  it("react toggles the caller's reaction", async () => {
    const { ada, bo, roomId } = await chatRoom();
    const messageId = await send(ada, roomId, "party");
    await ada.mutation(api.messages.react, { messageId, emoji: "🎉" });
    await bo.mutation(api.messages.react, { messageId, emoji: "🎉" });
    await bo.mutation(api.messages.react, { messageId, emoji: "👍" });
    expect((await page(ada, roomId)).page[0]?.reactions).toEqual([
      { emoji: "🎉", userIds: [ada.userId, bo.userId] },
      { emoji: "👍", userIds: [bo.userId] },
    ]);
    await ada.mutation(api.messages.react, { messageId, emoji: "🎉" });
    await bo.mutation(api.messages.react, { messageId, emoji: "👍" });
    expect((await page(ada, roomId)).page[0]?.reactions).toEqual([
      { emoji: "🎉", userIds: [bo.userId] },
    ]);
    await expectError(
      ada.mutation(api.messages.react, { messageId, emoji: "🦄" }),
      ErrorCode.INVALID_ARGUMENT,
    );
  });

  it("files: upload URL, sendFile, list returns a URL; removing deletes the file", async () => {
    const { t, ada, roomId } = await chatRoom();
    expect(await ada.mutation(api.messages.generateUploadUrl, { roomId })).toMatch(/^https?:\/\//);
    const storageId = await upload(t, 10);
    const messageId = await ada.mutation(api.messages.sendFile, {
      roomId,
      storageId,
      name: " cat.png ",
      contentType: "image/png",
      caption: "my cat",
    });
    const [message] = (await page(ada, roomId)).page;
    expect(message).toMatchObject({
      id: messageId,
      kind: "file",
      body: "my cat",
      file: { storageId, name: "cat.png", contentType: "image/png", size: 10, isImage: true },
    });
    expect(message?.file?.url).toMatch(/^https?:\/\//);
    const pdf = await upload(t, 4, "application/pdf");
    vi.setSystemTime(T0 + 1000);
    await ada.mutation(api.messages.sendFile, {
      roomId,
      storageId: pdf,
      name: "a.pdf",
      contentType: "application/pdf",
    });
    expect((await page(ada, roomId)).page[0]).toMatchObject({ body: "", file: { isImage: false } });

    await ada.mutation(api.messages.remove, { messageId });
    expect(await t.run((ctx) => ctx.storage.getUrl(storageId))).toBeNull();
    const removed = (await page(ada, roomId)).page.find((m) => m.id === messageId);
    expect(removed?.file).toBeUndefined();
  });

  it("sendFile checks the upload and the name", async () => {
    const { t, ada, roomId } = await chatRoom();
    const big = await upload(t, 10 * 1024 * 1024 + 1);
    await expectError(
      ada.mutation(api.messages.sendFile, {
        roomId,
        storageId: big,
        name: "big.bin",
        contentType: "x/y",
      }),
      ErrorCode.INVALID_ARGUMENT,
      { field: "file" },
    );
    const gone = await upload(t, 1);
    await t.run((ctx) => ctx.storage.delete(gone));
    await expectError(
      ada.mutation(api.messages.sendFile, {
        roomId,
        storageId: gone,
        name: "a",
        contentType: "x/y",
      }),
      ErrorCode.INVALID_ARGUMENT,
      { field: "file" },
    );
    const ok = await upload(t, 1);
    await expectError(
      ada.mutation(api.messages.sendFile, {
        roomId,
        storageId: ok,
        name: "  ",
        contentType: "x/y",
      }),
      ErrorCode.INVALID_ARGUMENT,
    );
    await expectError(
      ada.mutation(api.messages.sendFile, {
        roomId,
        storageId: ok,
        name: "a",
        contentType: "x/y",
        caption: "c".repeat(4001),
      }),
      ErrorCode.TOO_LONG,
    );
  });

  it("a storage id is attached once: nobody (member or stranger) can attach another's file", async () => {
    const { t, ada, bo, roomId } = await chatRoom();
    const storageId = await upload(t, 10);
    const messageId = await ada.mutation(api.messages.sendFile, {
      roomId,
      storageId,
      name: "cat.png",
      contentType: "image/png",
    });
    // Bo, a member, reads the id from the list; Cy, a stranger, has it from anywhere.
    expect((await page(bo, roomId)).page[0]?.file?.storageId).toBe(storageId);
    const cy = await signIn(t, "Cy");
    const cysRoom = await cy.mutation(api.rooms.create, {
      name: "Mine",
      type: "chat",
      isPrivate: false,
    });
    vi.setSystemTime(T0 + 2000);
    for (const [client, room] of [
      [bo, roomId],
      [cy, cysRoom],
      [ada, roomId],
    ] as const) {
      await expectError(
        client.mutation(api.messages.sendFile, {
          roomId: room,
          storageId,
          name: "stolen.png",
          contentType: "image/png",
        }),
        ErrorCode.INVALID_ARGUMENT,
        { field: "file", detail: "already attached to a message" },
      );
    }
    expect((await page(bo, roomId)).page[0]).toMatchObject({
      id: messageId,
      file: { url: expect.stringMatching(/^https?:\/\//) },
    });
    // The author's delete removes the file and its claim.
    await ada.mutation(api.messages.remove, { messageId });
    expect(await t.run((ctx) => ctx.db.query("uploads").collect())).toEqual([]);
    expect(await t.run((ctx) => ctx.storage.getUrl(storageId))).toBeNull();
  });

  it("uploads.sweep deletes files nobody attached within the hour, and only those", async () => {
    const { t, ada, roomId } = await chatRoom();
    const attached = await upload(t, 1);
    await ada.mutation(api.messages.sendFile, {
      roomId,
      storageId: attached,
      name: "kept.png",
      contentType: "image/png",
    });
    const orphan = await upload(t, 1);
    vi.setSystemTime(T0 + 30 * 60 * 1000);
    const recent = await upload(t, 1);
    const exists = async (id: typeof orphan) =>
      (await t.run((ctx) => ctx.db.system.get("_storage", id))) !== null;

    // 40 minutes in: nothing is an hour old yet.
    vi.setSystemTime(T0 + 40 * 60 * 1000);
    expect(await t.mutation(internal.uploads.sweep, {})).toEqual({ checked: 0, deleted: 0 });
    vi.setSystemTime(T0 + 61 * 60 * 1000);
    expect(await t.mutation(internal.uploads.sweep, {})).toEqual({ checked: 2, deleted: 1 });
    expect([await exists(attached), await exists(orphan), await exists(recent)]).toEqual([
      true,
      false,
      true,
    ]);
    // The next run starts after the files already looked at.
    vi.setSystemTime(T0 + 2 * 60 * 60 * 1000);
    expect(await t.mutation(internal.uploads.sweep, {})).toEqual({ checked: 1, deleted: 1 });
    expect(await exists(recent)).toBe(false);
    expect(await exists(attached)).toBe(true);
  });

  it("search finds text messages in the room only", async () => {
    const { ada, bo, roomId } = await chatRoom();
    const other = await bo.mutation(api.rooms.create, {
      name: "Other",
      type: "chat",
      isPrivate: false,
    });
    await send(ada, roomId, "the quick brown fox");
    await send(bo, roomId, "lazy dogs sleep");
    const deleted = await send(bo, roomId, "another fox");
    await bo.mutation(api.messages.remove, { messageId: deleted });
    await send(bo, other, "fox in another room");
    const results = await ada.query(api.messages.search, { roomId, query: "fox" });
    expect(results.map((m) => m.body)).toEqual(["the quick brown fox"]);
    expect(await ada.query(api.messages.search, { roomId, query: "   " })).toEqual([]);
    // System lines ("Bo joined") are not search results.
    expect(await ada.query(api.messages.search, { roomId, query: "joined" })).toEqual([]);
  });

  it("search returns SEARCH_LIMIT results when more text messages match than system ones", async () => {
    const { t, ada, roomId } = await chatRoom();
    const userId = await t.run(async (ctx) => (await ctx.db.get("rooms", roomId))!.ownerId);
    // Matches that rank first (the word three times) but are never results.
    await t.run(async (ctx) => {
      for (let i = 0; i < 25; i++) {
        const base = { roomId, authorId: userId, body: "fox fox fox", reactions: [] };
        await ctx.db.insert("messages", { ...base, kind: "system", deleted: false });
        await ctx.db.insert("messages", { ...base, kind: "text", deleted: true });
      }
    });
    for (let i = 0; i < 22; i++) await send(ada, roomId, `a fox number ${i}`);
    const results = await ada.query(api.messages.search, { roomId, query: "fox" });
    expect(results).toHaveLength(20);
    expect(results.every((m) => m.kind === "text" && m.body.startsWith("a fox"))).toBe(true);
  });
});
