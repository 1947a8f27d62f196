import { describe, expect, it } from "vitest";
import { RepeatLimitedLog } from "./log.js";

describe("RepeatLimitedLog", () => {
  it("writes a repeated line once per window, then says how many were held back", () => {
    const lines: string[] = [];
    let now = 0;
    const log = new RepeatLimitedLog(
      (line) => lines.push(line),
      1_000,
      () => now,
    );
    for (let i = 0; i < 5; i++) log.log("token rejected");
    log.log("other line");
    expect(lines).toEqual(["token rejected", "other line"]);
    now = 999;
    log.log("token rejected");
    expect(lines).toHaveLength(2);
    now = 1_000;
    log.log("token rejected");
    expect(lines.at(-1)).toBe("token rejected (and 5 identical lines not shown)");
    now = 2_500;
    log.log("token rejected");
    expect(lines.at(-1)).toBe("token rejected");
  });
});
