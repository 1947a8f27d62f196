import { describe, expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { setup, signIn } from "./test.setup";

describe("seed", () => {
  it("creates the demo bot, three public rooms and a document, once", async () => {
    const t = setup();
    const first = await t.mutation(internal.seed.run, {});
    expect(first.created).toBe(3);
    const second = await t.mutation(internal.seed.run, {});
    expect(second).toEqual({ ...first, created: 0 });

    const ada = await signIn(t, "Ada");
    const rooms = await ada.query(api.rooms.list, {});
    expect(rooms.map((r) => [r.name, r.type, r.isPrivate]).sort()).toEqual([
      ["Design notes", "document", false],
      ["Sketchpad", "whiteboard", false],
      ["Welcome", "chat", false],
    ]);
    const notes = rooms.find((r) => r.type === "document")!;
    await ada.mutation(api.rooms.join, { roomId: notes.id });
    const [document] = await ada.query(api.documents.list, { roomId: notes.id });
    expect(document).toMatchObject({ title: "Getting started" });
    expect(await ada.query(api.documents.get, { documentId: document!.id })).toMatchObject({
      revision: 0,
    });
    const { page } = await ada.query(api.messages.list, {
      roomId: notes.id,
      paginationOpts: { numItems: 10, cursor: null },
    });
    expect(page.map((m) => m.authorName)).toContain("Demo Bot");
  });
});
