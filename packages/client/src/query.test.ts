// The query observers' states over a fake client: what `data`, `error`, `isLoading` and
// `isStale` mean (convex-svelte's useQuery shape), skipping, retrying, and pagination.
import { api } from "@rooms/convex/_generated/api";
import type { Id } from "@rooms/convex/_generated/dataModel";
import { beforeEach, describe, expect, it } from "vitest";
import type { ClientForQueries } from "./convex";
import { createPaginatedQuery, createQuery } from "./query";
import { FakeClient } from "./test-support/fake-client";

let fake: FakeClient;
let client: ClientForQueries;
const roomId = "room1" as Id<"rooms">;

beforeEach(() => {
  fake = new FakeClient();
  client = fake.asClient<ClientForQueries>();
});

describe("createQuery", () => {
  it("is loading until the first result, then shows it (null included)", () => {
    const query = createQuery(client, api.users.me, {});
    expect(query.getSnapshot()).toEqual({
      data: undefined,
      error: null,
      isLoading: true,
      isStale: false,
    });
    fake.emit("users:me", null);
    expect(query.getSnapshot()).toEqual({
      data: null,
      error: null,
      isLoading: false,
      isStale: false,
    });
  });

  it("has no data after an error, and `retry` subscribes again", () => {
    const query = createQuery(client, api.rooms.list, {});
    fake.emit("rooms:list", []);
    fake.fail("rooms:list", new Error("boom"));
    expect(query.getSnapshot()).toMatchObject({ data: undefined, isLoading: false });
    expect(query.getSnapshot().error?.message).toBe("boom");
    query.retry();
    expect(fake.subscribed("rooms:list")).toHaveLength(1);
    expect(fake.subscriptions.filter((s) => s.name === "rooms:list")).toHaveLength(2);
    expect(query.getSnapshot().error).toBeNull();
  });

  it("skips: nothing subscribed, nothing loading; new arguments subscribe again", () => {
    const query = createQuery(client, api.messages.search, "skip");
    expect(fake.subscribed("messages:search")).toHaveLength(0);
    expect(query.getSnapshot().isLoading).toBe(false);
    query.setArgs({ roomId, query: "a" });
    query.setArgs({ roomId, query: "a" }); // equal arguments: the same subscription
    expect(fake.subscriptions).toHaveLength(1);
    query.setArgs({ roomId, query: "b" });
    expect(fake.subscribed("messages:search").map((s) => s.args.query)).toEqual(["b"]);
  });

  it("keeps an earlier result as stale only with keepPreviousData", () => {
    const kept = createQuery(
      client,
      api.messages.search,
      { roomId, query: "a" },
      {
        keepPreviousData: true,
      },
    );
    const dropped = createQuery(client, api.messages.search, { roomId, query: "a" });
    fake.emit("messages:search", ["first"]);
    kept.setArgs({ roomId, query: "b" });
    dropped.setArgs({ roomId, query: "b" });
    expect(kept.getSnapshot()).toMatchObject({ data: ["first"], isStale: true, isLoading: false });
    expect(dropped.getSnapshot()).toMatchObject({ data: undefined, isLoading: true });
    fake.emit("messages:search", ["second"], { roomId, query: "b" });
    expect(kept.getSnapshot()).toMatchObject({ data: ["second"], isStale: false });
  });

  it("stops delivering after dispose", () => {
    const query = createQuery(client, api.users.me, {});
    query.dispose();
    expect(fake.subscribed("users:me")).toHaveLength(0);
  });
});

describe("createPaginatedQuery", () => {
  it("reports the pages and status the client keeps, and forwards loadMore", () => {
    const pages = createPaginatedQuery(
      client,
      api.messages.list,
      { roomId },
      { initialNumItems: 5 },
    );
    expect(pages.getSnapshot()).toEqual({ results: [], status: "LoadingFirstPage", error: null });
    expect(fake.paginated[0]!.initialNumItems).toBe(5);
    expect(pages.loadMore(5)).toBe(false);
    fake.setPages("messages:list", { results: ["m1", "m2"], status: "CanLoadMore" });
    expect(pages.getSnapshot()).toMatchObject({ results: ["m1", "m2"], status: "CanLoadMore" });
    expect(pages.loadMore(7)).toBe(true);
    expect(fake.paginated[0]!.loadMoreRequests).toEqual([7]);
    pages.dispose();
    expect(fake.paginated[0]!.active).toBe(false);
  });
});
