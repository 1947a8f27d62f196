import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map.js";

describe("BoundedMap", () => {
  it("drops the least recently set or touched entry past its limit, telling onEvict", () => {
    const evicted: Array<[string, number]> = [];
    const map = new BoundedMap<string, number>(2, (key, value) => evicted.push([key, value]));
    map.set("a", 1);
    map.set("b", 2);
    map.touch("a"); // b is now the oldest
    map.set("c", 3);
    expect(evicted).toEqual([["b", 2]]);
    expect([map.get("a"), map.get("b"), map.get("c")]).toEqual([1, undefined, 3]);
    map.set("a", 10); // re-setting moves it to newest: c goes next
    map.set("d", 4);
    expect(evicted).toEqual([
      ["b", 2],
      ["c", 3],
    ]);
    expect(map.size).toBe(2);
  });

  it("get leaves the order alone; delete and clear do not tell onEvict", () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>(2, (key) => evicted.push(key));
    map.set("a", 1);
    map.set("b", 2);
    map.get("a");
    map.set("c", 3);
    expect(evicted).toEqual(["a"]);
    expect(map.delete("b")).toBe(true);
    map.clear();
    expect(evicted).toEqual(["a"]);
    expect(map.size).toBe(0);
    expect(map.evictOldest()).toBe(false);
  });

  it("refuses a limit below 1", () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
    expect(() => new BoundedMap(Number.NaN)).toThrow(RangeError);
  });
});
