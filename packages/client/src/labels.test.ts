import { describe, expect, it } from "vitest";
import { clockTime, fileSizeLabel } from "./labels";

describe("labels", () => {
  it("sizes files in KB below 1 MB (at least 1 KB) and in MB with one decimal above", () => {
    expect(fileSizeLabel(0)).toBe("1 KB");
    expect(fileSizeLabel(12 * 1024)).toBe("12 KB");
    expect(fileSizeLabel(1024 * 1024 - 1)).toBe("1024 KB");
    expect(fileSizeLabel(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(fileSizeLabel(10 * 1024 * 1024)).toBe("10 MB");
  });

  it("shows local time as 24-hour HH:MM", () => {
    const afternoon = new Date(2030, 0, 1, 15, 7).getTime();
    const morning = new Date(2030, 0, 1, 9, 5).getTime();
    expect(clockTime(afternoon)).toBe("15:07");
    expect(clockTime(morning)).toBe("09:05");
  });
});
