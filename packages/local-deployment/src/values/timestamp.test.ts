import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Base64 } from "convex/values";
import { decodeTs, encodeTs, makeEpochNsClock, TimestampOracle } from "./timestamp.js";

/** What the client's `longToU64` does: Long.toBytesLE() then Base64.fromByteArray. */
function clientEncode(ts: bigint): string {
  const bytes = new Uint8Array(8);
  for (let i = 0; i < 8; i++) bytes[i] = Number((ts >> BigInt(8 * i)) & 0xffn);
  return Base64.fromByteArray(bytes);
}

/** What the client's `u64ToLong` does: Base64.toByteArray then Long.fromBytesLE. */
function clientDecode(s: string): bigint {
  const bytes = Base64.toByteArray(s);
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] ?? 0);
  return n;
}

describe("encodeTs / decodeTs", () => {
  it("has the documented known encodings", () => {
    expect(encodeTs(0n)).toBe("AAAAAAAAAAA=");
    expect(encodeTs(1n)).toBe("AQAAAAAAAAA=");
    expect(encodeTs(256n)).toBe("AAEAAAAAAAA=");
    expect(encodeTs((1n << 64n) - 1n)).toBe("//////////8=");
    // bytes 08 07 06 05 04 03 02 01
    expect(encodeTs(0x0102030405060708n)).toBe("CAcGBQQDAgE=");
    // 2024-01-01T00:00:00Z in ns = 0x17A6101701650000 → LE 00 00 65 01 17 10 a6 17
    expect(encodeTs(1_704_067_200_000_000_000n)).toBe("AABlARcQphc=");
    expect(decodeTs("AABlARcQphc=")).toBe(1_704_067_200_000_000_000n);
    expect(decodeTs("AAAAAAAAAAA=")).toBe(0n);
    expect(decodeTs("//////////8=")).toBe((1n << 64n) - 1n);
  });

  it("agrees with the client's longToU64/u64ToLong semantics (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (ts) => {
        const s = encodeTs(ts);
        expect(s).toHaveLength(12);
        expect(s).toBe(clientEncode(ts));
        expect(clientDecode(s)).toBe(ts);
        expect(decodeTs(s)).toBe(ts);
      }),
    );
  });

  it("rejects values outside u64", () => {
    expect(() => encodeTs(-1n)).toThrow(RangeError);
    expect(() => encodeTs(1n << 64n)).toThrow(RangeError);
    expect(() => encodeTs(1 as unknown as bigint)).toThrow(RangeError);
  });

  it("throws clear errors on bad input", () => {
    expect(() => decodeTs("")).toThrow(/length 0/);
    expect(() => decodeTs("AAAAAAAAAAA")).toThrow(/expected 12 base64 characters/);
    expect(() => decodeTs("AAAAAAAAAAAA")).toThrow(/not canonical padded base64/);
    expect(() => decodeTs("AAAAAAAAAA==")).toThrow(/base64/);
    expect(() => decodeTs("AAAAAAAAAA*=")).toThrow(/base64/);
    expect(() => decodeTs("AAAAAAAAAAA=A")).toThrow(/length 13/);
    expect(() => decodeTs("AAAAAAAAAA-=")).toThrow(/base64/); // url-safe alphabet
    expect(() => decodeTs("AAAAAAAAAAB=")).toThrow(/canonical/); // nonzero trailing bits
    expect(() => decodeTs(123 as unknown as string)).toThrow(/expected a base64 string/);
    expect(() => decodeTs("AAAAAAAAAAA=")).not.toThrow();
  });
});

describe("TimestampOracle", () => {
  it("issues real epoch nanoseconds when the floor is in the past", () => {
    const oracle = new TimestampOracle(0n);
    const before = BigInt(Date.now()) * 1_000_000n;
    const ts = oracle.next();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(ts).toBeGreaterThanOrEqual(before - 5_000_000n);
    expect(ts).toBeLessThanOrEqual(after + 5_000_000n);
    expect(oracle.peek()).toBe(ts);
  });

  it("is strictly monotonic with a floor in the future", () => {
    const floor = BigInt(Date.now() + 3_600_000) * 1_000_000n;
    const oracle = new TimestampOracle(floor);
    expect(oracle.peek()).toBe(floor);
    let prev = floor;
    for (let i = 0; i < 1000; i++) {
      const ts = oracle.next();
      expect(ts).toBe(prev + 1n);
      prev = ts;
    }
    expect(oracle.peek()).toBe(prev);
  });

  it("is strictly monotonic under a real clock", () => {
    const oracle = new TimestampOracle(0n);
    let prev = oracle.next();
    for (let i = 0; i < 10_000; i++) {
      const ts = oracle.next();
      expect(ts > prev).toBe(true);
      prev = ts;
    }
  });

  it("never goes backwards when the clock does", () => {
    let now = 1_000n;
    const oracle = new TimestampOracle(0n, () => now);
    expect(oracle.next()).toBe(1_000n);
    now = 500n;
    expect(oracle.next()).toBe(1_001n);
    now = 5_000n;
    expect(oracle.next()).toBe(5_000n);
    expect(oracle.next()).toBe(5_001n);
  });

  it("observe raises the floor but never lowers it", () => {
    const oracle = new TimestampOracle(10n, () => 0n);
    oracle.observe(5n);
    expect(oracle.peek()).toBe(10n);
    oracle.observe(100n);
    expect(oracle.peek()).toBe(100n);
    expect(oracle.next()).toBe(101n);
    expect(() => oracle.observe(-1n)).toThrow(RangeError);
  });

  it("validates the floor and u64 exhaustion", () => {
    expect(() => new TimestampOracle(-1n)).toThrow(RangeError);
    const max = (1n << 64n) - 1n;
    const oracle = new TimestampOracle(max - 1n, () => 0n);
    expect(oracle.next()).toBe(max);
    expect(() => oracle.next()).toThrow(RangeError);
  });

  it("makeEpochNsClock tracks Date.now()", () => {
    const clock = makeEpochNsClock();
    const a = clock();
    const b = clock();
    expect(b >= a).toBe(true);
    const diffMs = Number(a / 1_000_000n) - Date.now();
    expect(Math.abs(diffMs)).toBeLessThan(50);
  });
});
