/**
 * WTF-8: UTF-8 extended to JS strings with lone surrogates (a surrogate code
 * point is written as its 3-byte UTF-8 form, e.g. "\uD800" → ED A0 80).
 *
 * For well-formed strings this is exactly UTF-8. Byte order of the encodings
 * equals code point order, which is the order `compareUTF8` (convex/src/
 * values/compare_utf8.ts) gives, including for lone surrogates.
 * source: https://simonsapin.github.io/wtf-8/ (generalized UTF-8).
 */

const MALFORMED = "Invalid WTF-8: malformed byte sequence";

/**
 * Encodes a JS string.
 * @param s any JS string (lone surrogates allowed).
 * @returns UTF-8 bytes (WTF-8 when `s` has lone surrogates).
 */
export function encodeWtf8(s: string): Uint8Array {
  if ((s as { isWellFormed?: () => boolean }).isWellFormed?.() !== false) {
    return Buffer.from(s, "utf8");
  }
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) {
      out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    } else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
    }
  }
  return Uint8Array.from(out);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes WTF-8 (and therefore UTF-8) bytes.
 * @param bytes encoded string.
 * @returns the JS string; surrogate code points become lone surrogates.
 * @throws Error on overlong forms, bad continuation bytes, truncation or
 *   code points above U+10FFFF.
 */
export function decodeWtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Lone surrogates (ED A0..BF xx) or genuinely invalid bytes: decode by hand.
  }
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const b0 = bytes[i] ?? 0;
    const need =
      b0 < 0x80 ? 0 : b0 < 0xc2 ? -1 : b0 < 0xe0 ? 1 : b0 < 0xf0 ? 2 : b0 < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= bytes.length) throw new Error(MALFORMED);
    let cp = need === 0 ? b0 : b0 & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k] ?? 0;
      if ((b & 0xc0) !== 0x80) throw new Error(MALFORMED);
      cp = (cp << 6) | (b & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need] ?? 0;
    if (cp < min || cp > 0x10ffff) throw new Error(MALFORMED);
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
