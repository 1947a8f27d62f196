import { describe, expect, it } from "vitest";
import { testAttributes, testIds } from "./ids";

describe("ids", () => {
  const values = Object.values(testIds);

  it("uses unique kebab-case test ids", () => {
    for (const id of values) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(new Set(values).size).toBe(values.length);
  });

  it("derives each id from its key", () => {
    for (const [key, id] of Object.entries(testIds)) {
      expect(id).toBe(key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    }
  });

  it("names data attributes with the data- prefix", () => {
    for (const name of Object.values(testAttributes)) expect(name).toMatch(/^data-[a-z-]+$/);
  });
});
