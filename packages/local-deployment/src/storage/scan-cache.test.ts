/** The scan cache's memory bounds: answers and hits, least recently used dropped first. */
import { describe, expect, it } from "vitest";
import {
  SCAN_CACHE_ENTRIES,
  SCAN_CACHE_MAX_HITS,
  SCAN_CACHE_TOTAL_HITS,
  ScanCache,
  type ScanAnswer,
} from "./scan-cache.js";

const answerOf = (hits: number): ScanAnswer => ({
  hits: Array.from({ length: hits }, (_, i) => ({
    key: Buffer.from([i & 0xff]),
    documentId: `d${i}`,
  })),
  exhausted: true,
  lastKey: null,
});

describe("ScanCache bounds", () => {
  it("keeps at most SCAN_CACHE_TOTAL_HITS hits, dropping the least recently used answers", () => {
    const cache = new ScanCache();
    const per = SCAN_CACHE_MAX_HITS;
    const count = Math.ceil(SCAN_CACHE_TOTAL_HITS / per) + 10;
    for (let i = 0; i < count; i++) cache.set(`k${i}`, 1, 10n, answerOf(per));
    expect(cache.size.hits).toBeLessThanOrEqual(SCAN_CACHE_TOTAL_HITS);
    expect(cache.get("k0", 1, 10n)).toBeUndefined(); // the oldest went first
    expect(cache.get(`k${count - 1}`, 1, 10n)?.hits).toHaveLength(per);
  });

  it("keeps at most SCAN_CACHE_ENTRIES answers, and none over SCAN_CACHE_MAX_HITS hits", () => {
    const cache = new ScanCache();
    for (let i = 0; i < SCAN_CACHE_ENTRIES + 5; i++) cache.set(`k${i}`, 1, 10n, answerOf(1));
    expect(cache.size.answers).toBe(SCAN_CACHE_ENTRIES);
    cache.set("big", 1, 10n, answerOf(SCAN_CACHE_MAX_HITS + 1));
    expect(cache.get("big", 1, 10n)).toBeUndefined();
    // Replacing an answer counts its hits once.
    const before = cache.size.hits;
    cache.set(`k${SCAN_CACHE_ENTRIES + 4}`, 1, 11n, answerOf(1));
    expect(cache.size.hits).toBe(before);
  });
});
