import { describe, expect, it } from "vitest";
import { BOARD_COLORS, BOARD_TOOLS } from "@rooms/domain";
import { boardColorName, boardToolLabel, clockTime, dateTimeLabel, fileSizeLabel } from "./labels";

describe("labels", () => {
  it("sizes files in KB below 1 MB (at least 1 KB) and in MB with one decimal above", () => {
    expect(fileSizeLabel(0)).toBe("1 KB");
    expect(fileSizeLabel(12 * 1024)).toBe("12 KB");
    expect(fileSizeLabel(1024 * 1024 - 1)).toBe("1024 KB");
    expect(fileSizeLabel(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(fileSizeLabel(10 * 1024 * 1024)).toBe("10 MB");
  });

  it("shows times in the locale's short form, the same in chat and history", () => {
    const afternoon = new Date(2030, 0, 1, 15, 7).getTime();
    expect(clockTime(afternoon, "en-GB")).toBe("15:07");
    expect(clockTime(afternoon, "en-US")).toMatch(/^3:07\sPM$/u);
    for (const locale of ["en-GB", "en-US", "de-DE"]) {
      expect(dateTimeLabel(afternoon, locale)).toContain(clockTime(afternoon, locale));
    }
  });

  it("names every board colour and tool, each name once", () => {
    const colors = BOARD_COLORS.map((color) => boardColorName[color]);
    expect(colors.every((name) => typeof name === "string" && name.length > 0)).toBe(true);
    expect(new Set(colors).size).toBe(BOARD_COLORS.length);
    const tools = BOARD_TOOLS.map((tool) => boardToolLabel[tool].name);
    expect(new Set(tools).size).toBe(BOARD_TOOLS.length);
  });
});
