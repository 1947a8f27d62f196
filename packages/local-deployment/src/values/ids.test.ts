import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  decodeDocumentId,
  encodeDocumentId,
  FIRST_SYSTEM_TABLE_NUMBER,
  FIRST_USER_TABLE_NUMBER,
  isDocumentId,
  newDocumentId,
  tableNumberOfId,
} from "./ids.js";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Independent (bit-string based) base32 encoder used to build malformed IDs. */
function base32(bytes: number[]): string {
  const bits = bytes.map((b) => b.toString(2).padStart(8, "0")).join("");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) {
    out += ALPHABET[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  }
  return out;
}

function fletcher16(bytes: number[]): number {
  let c0 = 0;
  let c1 = 0;
  for (const b of bytes) {
    c0 = (c0 + b) % 256;
    c1 = (c1 + c0) % 256;
  }
  return c1 * 256 + c0;
}

/** Builds an ID from raw VInt bytes, with a correct footer. */
function rawId(vint: number[], internalId: number[]): string {
  const body = [...vint, ...internalId];
  const f = fletcher16(body);
  return base32([...body, f & 0xff, f >> 8]);
}

function stabilityInternalId(): Uint8Array {
  const id = new Uint8Array(16);
  id[0] = 251;
  for (let i = 1; i < 16; i++) id[i] = ((id[i - 1] ?? 0) * 251) & 0xff;
  return id;
}

describe("encodeDocumentId", () => {
  it("matches the official stability vector (id_v6.rs test_document_id_stability)", () => {
    expect(encodeDocumentId(1017, stabilityInternalId())).toBe("z43zp6c3e75gkmz1kfwj6mbbx5sw281h");
  });

  it("decodes IDs issued by real deployments", () => {
    const exp = decodeDocumentId("j5752rtj88eh2fcy70g6s1t4r98jnz07");
    expect(exp?.tableNumber).toBe(FIRST_USER_TABLE_NUMBER);
    // From sorting.rs test_roundtrip_trophies: a 31-character ID (table 1).
    const trophy = decodeDocumentId("074wwt1x3qmwz35bvscy44eq2yngrt8");
    expect(trophy?.tableNumber).toBe(1);
    expect(trophy?.internalId[0]).toBe(201);
  });

  it("gives 32 characters for table 10001 and the documented lengths elsewhere", () => {
    const zero = new Uint8Array(16);
    expect(encodeDocumentId(FIRST_USER_TABLE_NUMBER, zero)).toHaveLength(32);
    expect(encodeDocumentId(FIRST_SYSTEM_TABLE_NUMBER, zero)).toHaveLength(32);
    expect(encodeDocumentId(1, zero)).toHaveLength(31);
    expect(encodeDocumentId(127, zero)).toHaveLength(31);
    expect(encodeDocumentId(128, zero)).toHaveLength(32);
    expect(encodeDocumentId(16383, zero)).toHaveLength(32);
    expect(encodeDocumentId(16384, zero)).toHaveLength(34);
    expect(encodeDocumentId(2 ** 21, zero)).toHaveLength(36);
    expect(encodeDocumentId(2 ** 28, zero)).toHaveLength(37);
    expect(encodeDocumentId(0xffffffff, zero)).toHaveLength(37);
  });

  it("rejects bad arguments", () => {
    const zero = new Uint8Array(16);
    expect(() => encodeDocumentId(0, zero)).toThrow(RangeError);
    expect(() => encodeDocumentId(-1, zero)).toThrow(RangeError);
    expect(() => encodeDocumentId(1.5, zero)).toThrow(RangeError);
    expect(() => encodeDocumentId(2 ** 32, zero)).toThrow(RangeError);
    expect(() => encodeDocumentId(10001, new Uint8Array(15))).toThrow(RangeError);
    expect(() => encodeDocumentId(10001, new Uint8Array(17))).toThrow(RangeError);
  });
});

describe("decodeDocumentId", () => {
  it("round-trips (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffffffff }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (table, internalId) => {
          const id = encodeDocumentId(table, internalId);
          expect(id.length).toBeGreaterThanOrEqual(31);
          expect(id.length).toBeLessThanOrEqual(37);
          expect(/^[0-9a-hjkmnp-tv-z]+$/.test(id)).toBe(true);
          const decoded = decodeDocumentId(id);
          expect(decoded).not.toBeNull();
          expect(decoded?.tableNumber).toBe(table);
          expect(Array.from(decoded?.internalId ?? [])).toEqual(Array.from(internalId));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("agrees with an independent encoder", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16383 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (table, internalId) => {
          const vint = table < 128 ? [table] : [(table & 0x7f) | 0x80, table >> 7];
          expect(encodeDocumentId(table, internalId)).toBe(rawId(vint, Array.from(internalId)));
        },
      ),
    );
  });

  it("rejects any single-character corruption", () => {
    const ids = [
      encodeDocumentId(FIRST_USER_TABLE_NUMBER, stabilityInternalId()),
      encodeDocumentId(5, stabilityInternalId()),
      encodeDocumentId(0xffffffff, new Uint8Array(16).fill(0xff)),
      newDocumentId(10002),
    ];
    for (const id of ids) {
      expect(decodeDocumentId(id)).not.toBeNull();
      for (let i = 0; i < id.length; i++) {
        for (const c of ALPHABET + "ILOUiluoA_-+/=\u00e9 ") {
          if (c === id[i]) continue;
          const bad = id.slice(0, i) + c + id.slice(i + 1);
          expect(decodeDocumentId(bad), `${bad} (pos ${i})`).toBeNull();
        }
      }
    }
  });

  it("rejects non-canonical forms", () => {
    const internal = Array.from(stabilityInternalId());
    // Sanity: the helper builds valid canonical IDs.
    expect(decodeDocumentId(rawId([5], internal))?.tableNumber).toBe(5);
    // Over-long VInt for table 5 (0x85 0x00): footer is correct, the official
    // Rust decoder would accept it, we don't.
    expect(decodeDocumentId(rawId([0x85, 0x00], internal))).toBeNull();
    // Table number zero.
    expect(decodeDocumentId(rawId([0], internal))).toBeNull();
    // VInt value larger than u32.
    expect(decodeDocumentId(rawId([0xff, 0xff, 0xff, 0xff, 0x7f], internal))).toBeNull();
    // VInt longer than 5 bytes.
    expect(decodeDocumentId(rawId([0x81, 0x80, 0x80, 0x80, 0x80, 0x00], internal))).toBeNull();
    // Nonzero padding bits: a 31-char ID carries 3 unused bits in its last char.
    const short = encodeDocumentId(5, stabilityInternalId());
    expect(short).toHaveLength(31);
    const last = ALPHABET.indexOf(short[30] ?? "");
    expect(last & 0b111).toBe(0);
    for (let pad = 1; pad < 8; pad++) {
      const bad = short.slice(0, 30) + ALPHABET[last | pad];
      expect(decodeDocumentId(bad)).toBeNull();
    }
    // Uppercase is not accepted (decoding is strict, unlike Crockford).
    expect(decodeDocumentId(short.toUpperCase())).toBeNull();
  });

  it("rejects wrong lengths", () => {
    const id = encodeDocumentId(FIRST_USER_TABLE_NUMBER, stabilityInternalId());
    // 33 chars decode to the same 20 bytes; the official decoder truncates and
    // accepts this, we reject it as non-canonical.
    expect(decodeDocumentId(id + "0")).toBeNull();
    expect(decodeDocumentId(id.slice(0, 31))).toBeNull();
    expect(decodeDocumentId(id.slice(0, 30))).toBeNull();
    expect(decodeDocumentId("")).toBeNull();
    expect(decodeDocumentId("0".repeat(38))).toBeNull();
    expect(decodeDocumentId(id.repeat(100))).toBeNull();
    const long = encodeDocumentId(0xffffffff, stabilityInternalId());
    expect(long).toHaveLength(37);
    expect(decodeDocumentId(long)).not.toBeNull();
    expect(decodeDocumentId(long + "0")).toBeNull();
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 40 }), (s) => {
        const r = decodeDocumentId(s);
        if (r !== null) expect(encodeDocumentId(r.tableNumber, r.internalId)).toBe(s);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{31,37}$/), (s) => {
        const r = decodeDocumentId(s);
        if (r !== null) expect(encodeDocumentId(r.tableNumber, r.internalId)).toBe(s);
      }),
    );
  });
});

describe("tableNumberOfId", () => {
  it("agrees with decodeDocumentId, asked once or again (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc
            .tuple(
              fc.integer({ min: 1, max: 0xffffffff }),
              fc.uint8Array({ minLength: 16, maxLength: 16 }),
            )
            .map(([table, internalId]) => encodeDocumentId(table, internalId)),
          fc.string({ minLength: 31, maxLength: 37 }),
        ),
        (id) => {
          const expected = decodeDocumentId(id)?.tableNumber ?? null;
          expect(tableNumberOfId(id)).toBe(expected);
          expect(tableNumberOfId(id)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("answers null for a non-canonical id, also the second time", () => {
    const id = newDocumentId(FIRST_USER_TABLE_NUMBER);
    const tampered = id.slice(0, -1) + (id.endsWith("0") ? "1" : "0");
    expect(tableNumberOfId(id)).toBe(FIRST_USER_TABLE_NUMBER);
    expect(tableNumberOfId(tampered)).toBeNull();
    expect(tableNumberOfId(tampered)).toBeNull();
  });
});

describe("newDocumentId", () => {
  it("uses 14 random bytes followed by the big-endian day number", () => {
    const nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);
    const day = Math.floor(nowMs / 86_400_000);
    const a = newDocumentId(FIRST_USER_TABLE_NUMBER, nowMs);
    const b = newDocumentId(FIRST_USER_TABLE_NUMBER, nowMs);
    expect(a).toHaveLength(32);
    expect(a).not.toBe(b);
    const decoded = decodeDocumentId(a);
    expect(decoded?.tableNumber).toBe(FIRST_USER_TABLE_NUMBER);
    const internal = decoded?.internalId ?? new Uint8Array(16);
    expect(((internal[14] ?? 0) << 8) | (internal[15] ?? 0)).toBe(day);
    expect(isDocumentId(a)).toBe(true);
    expect(isDocumentId(a, FIRST_USER_TABLE_NUMBER)).toBe(true);
    expect(isDocumentId(a, FIRST_USER_TABLE_NUMBER + 1)).toBe(false);
  });

  it("defaults to the current day", () => {
    const internal = decodeDocumentId(newDocumentId(FIRST_USER_TABLE_NUMBER))?.internalId;
    const day = ((internal?.[14] ?? 0) << 8) | (internal?.[15] ?? 0);
    expect(Math.abs(day - Math.floor(Date.now() / 86_400_000))).toBeLessThanOrEqual(1);
  });
});
