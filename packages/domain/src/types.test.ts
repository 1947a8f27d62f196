import { describe, expect, it } from "vitest";
import {
  REACTION_EMOJIS,
  isImageContentType,
  reactionViews,
  roomPanels,
  toggleReaction,
} from "./types";

describe("types", () => {
  it("toggles a reaction on and off, dropping empty ones", () => {
    const one = toggleReaction([], "👍", "ada");
    expect(one).toEqual([{ emoji: "👍", userIds: ["ada"] }]);
    const two = toggleReaction(one, "👍", "bo");
    expect(two).toEqual([{ emoji: "👍", userIds: ["ada", "bo"] }]);
    const other = toggleReaction(two, "🎉", "ada");
    expect(other.map((r) => r.emoji)).toEqual(["👍", "🎉"]);
    expect(toggleReaction(toggleReaction(one, "👍", "ada"), "🎉", "bo")).toEqual([
      { emoji: "🎉", userIds: ["bo"] },
    ]);
  });

  it("summarizes reactions for a viewer", () => {
    const reactions = [
      { emoji: "👍", userIds: ["ada", "bo"] },
      { emoji: "🎉", userIds: [] },
    ];
    expect(reactionViews(reactions, "bo")).toEqual([{ emoji: "👍", count: 2, mine: true }]);
    expect(reactionViews(reactions)).toEqual([{ emoji: "👍", count: 2, mine: false }]);
  });

  it("offers distinct reaction emojis", () => {
    expect(new Set(REACTION_EMOJIS).size).toBe(REACTION_EMOJIS.length);
  });

  it("previews common image types only", () => {
    expect(isImageContentType("image/png")).toBe(true);
    expect(isImageContentType("IMAGE/JPEG")).toBe(true);
    expect(isImageContentType("image/svg+xml")).toBe(false);
    expect(isImageContentType("application/pdf")).toBe(false);
  });
});

describe("roomPanels", () => {
  it("leads with the documents, the board or the chat by room type", () => {
    expect(roomPanels("document")).toEqual(["documents", "chat"]);
    expect(roomPanels("chat")).toEqual(["chat", "documents"]);
    expect(roomPanels("whiteboard")).toEqual(["board", "chat"]);
  });
});
