// The chat model over a fake client: what reaches the server for each action, what is refused
// before a call, the upload protocol, the search debounce and the message order.
import type { Id } from "@rooms/convex/_generated/dataModel";
import {
  ErrorCode,
  FILE_MAX_BYTES,
  MESSAGE_MAX_LENGTH,
  MESSAGES_PER_SECOND,
  RATE_WINDOW_MS,
  SEARCH_DEBOUNCE_MS,
  errorMessage,
  roomsError,
  type Message,
} from "@rooms/domain";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HIGHLIGHT_MS, createChat } from "./chat";
import type { ClientForQueries } from "./convex";
import { FakeClient } from "./test-support/fake-client";

const roomId = "room1" as Id<"rooms">;
let fake: FakeClient;
let client: ClientForQueries;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeClient();
  client = fake.asClient<ClientForQueries>();
});
afterEach(() => vi.useRealTimers());

const chatFor = (userId = "u1", fetch?: typeof globalThis.fetch) =>
  createChat(client, roomId, { userId, ownerId: "owner", ...(fetch ? { fetch } : {}) });

function message(id: string, authorId = "u1"): Message {
  return {
    id,
    roomId,
    kind: "text",
    authorId,
    authorName: "A",
    authorColor: "#000",
    body: id,
    createdAt: 0,
    edited: false,
    deleted: false,
    reactions: [],
  };
}

describe("chat", () => {
  it("shows the newest-first pages oldest first", () => {
    const chat = chatFor();
    expect(chat.getSnapshot().status).toBe("LoadingFirstPage");
    fake.setPages("messages:list", {
      results: [message("m3"), message("m2")],
      status: "CanLoadMore",
    });
    expect(chat.getSnapshot().messages.map((m) => m.id)).toEqual(["m2", "m3"]);
    expect(chat.loadOlder()).toBe(true);
    expect(fake.paginated[0]!.loadMoreRequests).toEqual([30]);
  });

  it("sends trimmed text, and refuses blank or too long text without a call", async () => {
    fake.handlers.set("messages:send", () => "m1");
    const chat = chatFor();
    expect(chat.send("  hi  ")).toBe(true);
    expect(fake.callsTo("messages:send")[0]!.args).toEqual({ roomId, body: "hi" });
    expect(chat.send("   ")).toBe(false);
    expect(chat.getSnapshot().error).toBe(errorMessage(ErrorCode.EMPTY, { field: "message" }));
    expect(chat.send("x".repeat(MESSAGE_MAX_LENGTH + 1))).toBe(false);
    expect(chat.getSnapshot().error).toContain(String(MESSAGE_MAX_LENGTH));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo("messages:send")).toHaveLength(1);
  });

  it("shows a sent message at once as sending, in order, one call each, until stored", async () => {
    const chat = chatFor();
    fake.emit("users:me", { _id: "u1", name: "Ann", color: "#123456", isAnonymous: false });
    fake.setPages("messages:list", { results: [message("m1")], status: "Exhausted" });
    chat.send("first");
    chat.send("second");
    const shown = () => chat.getSnapshot().messages;
    expect(shown().map((m) => [m.body, m.delivery])).toEqual([
      ["m1", undefined],
      ["first", "sending"],
      ["second", "sending"],
    ]);
    expect(shown()[1]).toMatchObject({ authorId: "u1", authorName: "Ann", kind: "text" });
    // One at a time: the second waits for the first (offline, the first never settles).
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo("messages:send").map((c) => c.args.body)).toEqual(["first"]);
    fake.setPages("messages:list", {
      results: [message("s1"), message("m1")],
      status: "Exhausted",
    });
    fake.callsTo("messages:send")[0]!.resolve("s1");
    await vi.advanceTimersByTimeAsync(0);
    expect(shown().map((m) => m.body)).toEqual(["m1", "s1", "second"]);
    expect(fake.callsTo("messages:send").map((c) => c.args.body)).toEqual(["first", "second"]);
  });

  it("keeps a burst under the server's rate limit instead of failing it", async () => {
    fake.handlers.set("messages:send", () => "id");
    const chat = chatFor();
    for (let i = 0; i < MESSAGES_PER_SECOND + 2; i++) chat.send(`m${i}`);
    await vi.advanceTimersByTimeAsync(0);
    const sentAt = () => fake.callsTo("messages:send").map((c) => c.sentAt);
    expect(sentAt()).toHaveLength(MESSAGES_PER_SECOND - 1);
    await vi.advanceTimersByTimeAsync(RATE_WINDOW_MS);
    expect(sentAt()).toHaveLength(MESSAGES_PER_SECOND + 2);
    expect(chat.getSnapshot().messages).toHaveLength(0);
    expect(chat.getSnapshot().error).toBeNull();
  });

  it("sends again after a RATE_LIMITED refusal; any other refusal fails with retry and discard", async () => {
    let refusal = roomsError(ErrorCode.RATE_LIMITED, { retryAfterMs: 300 });
    fake.handlers.set("messages:send", () => {
      throw new ConvexError(refusal);
    });
    const chat = chatFor();
    chat.send("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.getSnapshot().messages[0]!.delivery).toBe("sending");
    refusal = roomsError(ErrorCode.NOT_A_MEMBER);
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.callsTo("messages:send")).toHaveLength(2);
    const failed = chat.getSnapshot().messages[0]!;
    expect(failed).toMatchObject({
      delivery: "failed",
      deliveryError: errorMessage(ErrorCode.NOT_A_MEMBER),
    });
    fake.handlers.set("messages:send", () => "m1");
    expect(chat.retry("m1")).toBe(false);
    expect(chat.retry(failed.id)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo("messages:send")).toHaveLength(3);
    expect(chat.getSnapshot().messages).toHaveLength(0);
    fake.handlers.set("messages:send", () => {
      throw new ConvexError(roomsError(ErrorCode.NOT_A_MEMBER));
    });
    chat.send("again");
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.discard(chat.getSnapshot().messages[0]!.id)).toBe(true);
    expect(chat.getSnapshot().messages).toHaveLength(0);
  });

  it("shows an edit at once as saving, and puts the old text back when refused", async () => {
    const chat = chatFor();
    fake.setPages("messages:list", { results: [message("m1")], status: "Exhausted" });
    expect(chat.edit("m1", " new text ")).toBe(true);
    expect(chat.getSnapshot().messages[0]).toMatchObject({
      body: "new text",
      edited: true,
      delivery: "saving",
    });
    fake.callsTo("messages:edit")[0]!.reject(new ConvexError(roomsError(ErrorCode.NOT_AUTHOR)));
    await vi.advanceTimersByTimeAsync(0);
    expect(chat.getSnapshot().messages[0]).toMatchObject({ body: "m1", edited: false });
    expect(chat.getSnapshot().messages[0]!.delivery).toBeUndefined();
    expect(chat.getSnapshot().error).toBe(errorMessage(ErrorCode.NOT_AUTHOR));
    expect(chat.edit("m1", "  ")).toBe(false);
    expect(fake.callsTo("messages:edit")).toHaveLength(1);
  });

  it("shows reaction toggles at once: each press one call, the shown state what they add up to", async () => {
    const chat = chatFor();
    fake.setPages("messages:list", { results: [message("m1")], status: "Exhausted" });
    const mine = () =>
      chat.getSnapshot().messages[0]!.reactions.find((r) => r.emoji === "👍")?.userIds ?? [];
    void chat.react("m1", "👍");
    expect(mine()).toEqual(["u1"]);
    void chat.react("m1", "👍");
    expect(mine()).toEqual([]);
    void chat.react("m1", "👍");
    expect(mine()).toEqual(["u1"]);
    expect(fake.callsTo("messages:react")).toHaveLength(3);
    for (const call of fake.callsTo("messages:react")) call.resolve(null);
    await vi.advanceTimersByTimeAsync(0);
    // Stored now, so the page shows it; the pending toggles are gone.
    expect(mine()).toEqual([]);
  });

  it("shows the server's message when an action fails, and clears it on the next", async () => {
    fake.handlers.set("messages:react", () => {
      throw new ConvexError(roomsError(ErrorCode.RATE_LIMITED));
    });
    const chat = chatFor();
    expect(await chat.react("m1", "👍")).toBe(false);
    expect(chat.getSnapshot().error).toBe(errorMessage(ErrorCode.RATE_LIMITED));
    fake.handlers.set("messages:remove", () => null);
    expect(await chat.remove("m1")).toBe(true);
    expect(chat.getSnapshot().error).toBeNull();
  });

  it("uploads: upload URL, POST with the content type, then sendFile with the storage id", async () => {
    fake.handlers.set("messages:generateUploadUrl", () => "http://127.0.0.1:1/upload");
    fake.handlers.set("messages:sendFile", () => "m1");
    const posts: { url: string; init: RequestInit | undefined }[] = [];
    const fetch = (async (url: string, init?: RequestInit) => {
      posts.push({ url, init });
      expect(chat.getSnapshot().uploading).toBe("notes.txt");
      return new Response(JSON.stringify({ storageId: "s1" }), { status: 200 });
    }) as typeof globalThis.fetch;
    const chat = chatFor("u1", fetch);
    const file = new File(["hello"], "notes.txt", { type: "text/plain" });
    expect(await chat.upload(file, " see this ")).toBe(true);
    expect(posts[0]!.url).toBe("http://127.0.0.1:1/upload");
    expect(posts[0]!.init?.headers).toEqual({ "Content-Type": "text/plain" });
    expect(fake.callsTo("messages:sendFile")[0]!.args).toEqual({
      roomId,
      storageId: "s1",
      name: "notes.txt",
      contentType: "text/plain",
      caption: "see this",
    });
    expect(chat.getSnapshot().uploading).toBeNull();
  });

  it("refuses a file over FILE_MAX_BYTES before uploading, and reports a failed POST", async () => {
    fake.handlers.set("messages:generateUploadUrl", () => "http://127.0.0.1:1/upload");
    const fetch = (async () => new Response("no", { status: 500 })) as typeof globalThis.fetch;
    const chat = chatFor("u1", fetch);
    const big = { name: "big.bin", size: FILE_MAX_BYTES + 1, type: "" } as File;
    expect(await chat.upload(big, "")).toBe(false);
    expect(chat.getSnapshot().error).toBe(
      errorMessage(ErrorCode.INVALID_ARGUMENT, { field: "file" }),
    );
    expect(fake.callsTo("messages:generateUploadUrl")).toHaveLength(0);
    expect(await chat.upload(new File(["x"], "a.txt"), "")).toBe(false);
    expect(chat.getSnapshot().error).not.toBeNull();
    expect(fake.callsTo("messages:sendFile")).toHaveLength(0);
  });

  it("searches SEARCH_DEBOUNCE_MS after the last change; blank clears at once", async () => {
    const chat = chatFor();
    chat.setSearch("he");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    chat.setSearch("hello ");
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(fake.subscribed("messages:search")).toHaveLength(0);
    expect(chat.getSnapshot().search).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.subscribed("messages:search").map((s) => s.args)).toEqual([
      { roomId, query: "hello" },
    ]);
    expect(chat.getSnapshot().search).toEqual({ query: "hello", results: undefined });
    fake.emit("messages:search", [message("m1")]);
    expect(chat.getSnapshot().search?.results).toHaveLength(1);
    chat.setSearch("  ");
    expect(chat.getSnapshot().search).toBeNull();
    expect(fake.subscribed("messages:search")).toHaveLength(0);
  });

  it("lets authors and the room's owner delete", () => {
    expect(chatFor("u1").canDelete(message("m1", "u1"))).toBe(true);
    expect(chatFor("u2").canDelete(message("m1", "u1"))).toBe(false);
    expect(chatFor("owner").canDelete(message("m1", "u1"))).toBe(true);
  });

  it("reveals a message: loads older pages until it is there, then highlights it for a while", async () => {
    const chat = chatFor();
    fake.setPages("messages:list", {
      results: [message("m3"), message("m2")],
      status: "CanLoadMore",
    });
    const revealed = chat.reveal("m1");
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.paginated[0]!.loadMoreRequests).toEqual([30]);
    expect(chat.getSnapshot().highlightedId).toBeNull();
    fake.setPages("messages:list", {
      results: [message("m3"), message("m2"), message("m1")],
      status: "Exhausted",
    });
    expect(await revealed).toBe(true);
    expect(chat.getSnapshot().highlightedId).toBe("m1");
    await vi.advanceTimersByTimeAsync(HIGHLIGHT_MS);
    expect(chat.getSnapshot().highlightedId).toBeNull();
    expect(await chat.reveal("gone")).toBe(false);
  });
});
