/**
 * Full-text search end to end (test/projects/search, pushed by the real CLI): a `searchIndex` with
 * a filter field, relevance order, prefix matching of the last term, `.eq` filters, and live
 * results on a `ConvexClient` subscription.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import { push, startDeployment, tempDataDir } from "../test-support/deployment.js";
import { Recorder } from "../conformance/helpers.js";

const PROJECT = fileURLToPath(new URL("../../test/projects/search", import.meta.url));

let dataDir: string;
let dep: LocalDeployment;
let http: ConvexHttpClient;
let client: ConvexClient;

beforeAll(async () => {
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  await push(dep, PROJECT);
  http = new ConvexHttpClient(dep.cloudUrl);
  client = new ConvexClient(dep.cloudUrl);
  // Oldest first: the best matches are inserted before the weaker ones, so relevance order is
  // neither insertion order nor newest-first.
  await http.mutation(
    "messages:addMany" as never,
    {
      channel: "rank",
      bodies: ["apple banana smoothie", "apple pie", "banana bread", "cherry tart"],
    } as never,
  );
  await http.mutation(
    "messages:addMany" as never,
    {
      channel: "tf",
      bodies: ["kiwi kiwi kiwi melon", "kiwi melon grape lime"],
    } as never,
  );
  await http.mutation(
    "messages:add" as never,
    { body: "shared words here", channel: "a" } as never,
  );
  await http.mutation(
    "messages:add" as never,
    { body: "shared words there", channel: "b" } as never,
  );
});

afterAll(async () => {
  await client?.close();
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const search = (text: string, channel?: string) =>
  http.query(
    "messages:search" as never,
    (channel === undefined ? { text } : { text, channel }) as never,
  ) as Promise<string[]>;

describe("text search", () => {
  it("ranks a document matching every term above those matching one", async () => {
    const results = await search("apple banana", "rank");
    expect(results[0]).toBe("apple banana smoothie");
    expect(results.slice(1).sort()).toEqual(["apple pie", "banana bread"]);
    expect(results).not.toContain("cherry tart");
  });

  it("ranks more occurrences of a term above fewer, in documents of the same length", async () => {
    expect(await search("kiwi", "tf")).toEqual(["kiwi kiwi kiwi melon", "kiwi melon grape lime"]);
    expect(
      await http.query("messages:searchFirst" as never, { text: "kiwi", channel: "tf" } as never),
    ).toBe("kiwi kiwi kiwi melon");
  });

  it("paginates a search in relevance order, every result once", async () => {
    const all = await search("apple banana");
    const pages: string[][] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const result = (await http.query(
        "messages:searchPage" as never,
        { text: "apple banana", paginationOpts: { numItems: 2, cursor } } as never,
      )) as { page: string[]; isDone: boolean; continueCursor: string };
      pages.push(result.page);
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(pages[0]).toHaveLength(2);
    expect(pages.flat()).toEqual(all);
  });

  it("matches the last term as a prefix, the others only whole", async () => {
    expect((await search("ban", "rank")).sort()).toEqual(["apple banana smoothie", "banana bread"]);
    expect((await search("APPL", "rank")).sort()).toEqual(["apple banana smoothie", "apple pie"]);
    // "appl" is not the last term here: it must match whole, and nothing has the word "appl".
    expect(await search("appl tart", "rank")).toEqual(["cherry tart"]);
    expect(await search("appl", "tf")).toEqual([]);
    expect(await search("zzz", "rank")).toEqual([]);
  });

  it("applies .eq filters on filter fields", async () => {
    expect(await search("shared", "a")).toEqual(["shared words here"]);
    expect(await search("shared", "b")).toEqual(["shared words there"]);
    expect(await search("shared", "c")).toEqual([]);
    expect((await search("shared")).sort()).toEqual(["shared words here", "shared words there"]);
  });

  it("updates a subscription when a matching row is inserted, and only then", async () => {
    const rec = new Recorder<string[]>();
    const unsubscribe = client.onUpdate(
      "messages:search" as never,
      { text: "mango", channel: "live" } as never,
      rec.onValue,
      rec.onError,
    );
    await rec.until((v) => Array.isArray(v) && v.length === 0, "the initial empty result");
    // Misses: a matching body in another channel, and a non-matching body in this channel.
    await http.mutation(
      "messages:add" as never,
      { body: "mango lassi", channel: "elsewhere" } as never,
    );
    await http.mutation(
      "messages:add" as never,
      { body: "papaya juice", channel: "live" } as never,
    );
    const id = (await http.mutation(
      "messages:add" as never,
      { body: "ripe mango", channel: "live" } as never,
    )) as string;
    await rec.until((v) => v.length === 1, "the matching insert");
    expect(rec.values).toEqual([[], ["ripe mango"]]);
    // A second match is ranked in; a deletion takes it out again.
    await http.mutation(
      "messages:add" as never,
      { body: "mango mango chutney", channel: "live" } as never,
    );
    await rec.until((v) => v.length === 2, "the second match");
    expect(rec.last).toEqual(["mango mango chutney", "ripe mango"]);
    await http.mutation("messages:remove" as never, { id } as never);
    await rec.until((v) => v.length === 1, "the deletion");
    expect(rec.last).toEqual(["mango mango chutney"]);
    expect(rec.errors).toEqual([]);
    unsubscribe();
  });
});
