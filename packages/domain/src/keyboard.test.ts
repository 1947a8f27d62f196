import { describe, expect, it } from "vitest";
import { ROVING_PAGE_SIZE, rovingActive, rovingIndex } from "./keyboard";

describe("rovingIndex", () => {
  it("moves one item with the arrows and stops at the ends", () => {
    expect(rovingIndex("ArrowDown", 0, 3)).toBe(1);
    expect(rovingIndex("ArrowUp", 2, 3)).toBe(1);
    expect(rovingIndex("ArrowUp", 0, 3)).toBe(0);
    expect(rovingIndex("ArrowDown", 2, 3)).toBe(2);
  });

  it("goes to the ends with Home and End, and a page with PageUp / PageDown", () => {
    expect(rovingIndex("Home", 7, 30)).toBe(0);
    expect(rovingIndex("End", 7, 30)).toBe(29);
    expect(rovingIndex("PageUp", 25, 30)).toBe(25 - ROVING_PAGE_SIZE);
    expect(rovingIndex("PageDown", 25, 30)).toBe(29);
  });

  it("ignores other keys and empty lists, and clamps an index that left the list", () => {
    expect(rovingIndex("Enter", 1, 3)).toBeNull();
    expect(rovingIndex("ArrowDown", 0, 0)).toBeNull();
    expect(rovingIndex("ArrowUp", 9, 3)).toBe(1);
    expect(rovingIndex("ArrowDown", -1, 3)).toBe(1);
  });
});

describe("rovingActive", () => {
  it("keeps the focused item while it is there, else falls back to the last", () => {
    expect(rovingActive(["a", "b", "c"], "b")).toBe("b");
    expect(rovingActive(["a", "c"], "b")).toBe("c");
    expect(rovingActive(["a", "b"], null)).toBe("b");
    expect(rovingActive([], "b")).toBeNull();
  });
});
