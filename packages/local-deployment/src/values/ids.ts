/**
 * Official Convex v6 document IDs.
 *
 * Binary layout (source: convex-backend crates/value/src/id_v6.rs):
 *
 * ```text
 * bytes  = VInt(tableNumber) ++ internalId[16] ++ footer[2]
 * VInt   = little-endian base-128: 7 bits per byte, high bit = "more follows" (1..5 bytes)
 * footer = u16 little-endian of fletcher16(VInt ++ internalId) XOR version (version = 0)
 * id     = base32(bytes): MSB-first 5-bit groups, no padding,
 *          alphabet "0123456789abcdefghjkmnpqrstvwxyz" (lowercase Crockford)
 * ```
 *
 * Lengths: 19 bytes → 31 chars (table < 128), 20 bytes → 32 chars
 * (table 128..16383, i.e. every ordinary user table), up to 23 bytes → 37 chars.
 */
import { randomBytes } from "node:crypto";

/** Random bytes come from a pooled buffer: one `randomBytes` call per 256 ids instead of each. */
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomBytes14(): Buffer {
  if (poolOffset + 14 > pool.length) {
    pool = randomBytes(14 * POOL_IDS);
    poolOffset = 0;
  }
  poolOffset += 14;
  return pool.subarray(poolOffset - 14, poolOffset);
}

/**
 * First table number handed to user tables. The official backend reserves
 * table numbers 1..10000 for system tables (`NUM_RESERVED_SYSTEM_TABLE_NUMBERS`).
 * source: convex-backend crates/database/src/bootstrap_model/table.rs
 */
export const FIRST_USER_TABLE_NUMBER = 10001;

/**
 * First table number used for system tables (`_tables`, `_index`,
 * `_scheduled_functions`, `_storage`, ...). Numbers 1..512 are reserved for
 * legacy tables (`NUM_RESERVED_LEGACY_TABLE_NUMBERS = 512`), so system tables
 * use 513..10000.
 * source: convex-backend crates/database/src/bootstrap_model/table.rs
 */
export const FIRST_SYSTEM_TABLE_NUMBER = 513;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const INTERNAL_ID_LEN = 16;
const FOOTER_LEN = 2;
const VERSION = 0;
const MAX_TABLE_NUMBER = 0xffffffff;
/** base32 length of 1 + 16 + 2 bytes. */
const MIN_ID_LEN = 31;
/** base32 length of 5 + 16 + 2 bytes. */
const MAX_ID_LEN = 37;

const INVERSE_ALPHABET: Int8Array = (() => {
  const inv = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) inv[ALPHABET.charCodeAt(i)] = i;
  return inv;
})();

function vintEncode(n: number): number[] {
  const out: number[] = [];
  let rest = n >>> 0;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  out.push(rest);
  return out;
}

/** Decodes a VInt at the start of `buf`; null if truncated or longer than 5 bytes. */
function vintDecode(buf: Uint8Array): { n: number; bytesRead: number } | null {
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const byte = buf[i];
    if (byte === undefined) return null;
    // Multiply instead of shifting so 5-byte values don't wrap into negatives.
    n += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { n, bytesRead: i + 1 };
  }
  return null;
}

/** Fletcher-16 with modulus 256: returns (c1 << 8) | c0. */
function fletcher16(buf: Uint8Array): number {
  let c0 = 0;
  let c1 = 0;
  for (const byte of buf) {
    c0 = (c0 + byte) & 0xff;
    c1 = (c1 + c0) & 0xff;
  }
  return (c1 << 8) | c0;
}

function base32Encode(buf: Uint8Array): string {
  let out = "";
  let acc = 0;
  let bits = 0;
  for (const byte of buf) {
    acc = ((acc << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 0x1f];
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 0x1f];
  return out;
}

/** Decodes base32; null on a character outside the alphabet. Leftover bits are dropped. */
function base32Decode(s: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((s.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let pos = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? (INVERSE_ALPHABET[code] ?? -1) : -1;
    if (v < 0) return null;
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (pos < out.length) out[pos++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * Encodes a document ID.
 *
 * @param tableNumber integer in 1..2^32-1 (user tables start at
 *   {@link FIRST_USER_TABLE_NUMBER}).
 * @param internalId exactly 16 bytes.
 * @returns the 31–37 character ID string (32 characters for table numbers 128..16383).
 * @throws RangeError if the table number or internal ID length is invalid.
 *
 * source: convex-backend crates/value/src/id_v6.rs (`DocumentIdV6::encode`),
 * crates/value/src/base32.rs.
 */
export function encodeDocumentId(tableNumber: number, internalId: Uint8Array): string {
  if (!Number.isInteger(tableNumber) || tableNumber < 1 || tableNumber > MAX_TABLE_NUMBER) {
    throw new RangeError(
      `Invalid table number ${tableNumber}: expected an integer in 1..${MAX_TABLE_NUMBER}`,
    );
  }
  if (internalId.length !== INTERNAL_ID_LEN) {
    throw new RangeError(`Internal ID must be ${INTERNAL_ID_LEN} bytes, got ${internalId.length}`);
  }
  const vint = vintEncode(tableNumber);
  const bodyLen = vint.length + INTERNAL_ID_LEN;
  const buf = new Uint8Array(bodyLen + FOOTER_LEN);
  buf.set(vint, 0);
  buf.set(internalId, vint.length);
  const footer = fletcher16(buf.subarray(0, bodyLen)) ^ VERSION;
  buf[bodyLen] = footer & 0xff;
  buf[bodyLen + 1] = footer >>> 8;
  return base32Encode(buf);
}

/**
 * Creates a fresh document ID the way the official backend does: internal ID =
 * 14 random bytes (node:crypto) followed by the day number
 * `floor(unixSeconds / 86400)` as 2 big-endian bytes.
 *
 * @param tableNumber integer in 1..2^32-1.
 * @param nowMs wall-clock time in milliseconds since the Unix epoch
 *   (default `Date.now()`); only the day number is used.
 * @throws RangeError on an invalid table number.
 *
 * source: convex-backend crates/database/src/transaction_id_generator.rs.
 */
export function newDocumentId(tableNumber: number, nowMs: number = Date.now()): string {
  const internalId = new Uint8Array(INTERNAL_ID_LEN);
  internalId.set(randomBytes14(), 0);
  const day = Math.floor(nowMs / 1000 / 86400) & 0xffff;
  internalId[14] = day >>> 8;
  internalId[15] = day & 0xff;
  return encodeDocumentId(tableNumber, internalId);
}

/**
 * Decodes a document ID string.
 *
 * Checks, in order: length 31..37, base32 alphabet, VInt table number (1..5
 * bytes, nonzero), 16-byte internal ID, fletcher16 footer (version 0), no
 * trailing bytes, and that re-encoding reproduces `id` exactly (rejects
 * non-canonical VInts, nonzero padding bits and impossible lengths like 33).
 *
 * @returns `{ tableNumber, internalId }` (internalId is a fresh 16-byte array),
 *   or `null` for anything that is not a canonical ID. Never throws.
 *
 * source: convex-backend crates/value/src/id_v6.rs (`DocumentIdV6::decode`),
 * npm-packages/id-encoding/src/index.ts. The canonical re-encoding check is
 * stricter than the official decoder, which tolerates nonzero padding bits.
 */
export function decodeDocumentId(
  id: string,
): { tableNumber: number; internalId: Uint8Array } | null {
  if (typeof id !== "string" || id.length < MIN_ID_LEN || id.length > MAX_ID_LEN) {
    return null;
  }
  const buf = base32Decode(id);
  if (buf === null) return null;
  const vint = vintDecode(buf);
  if (vint === null || vint.n === 0 || vint.n > MAX_TABLE_NUMBER) return null;
  const bodyLen = vint.bytesRead + INTERNAL_ID_LEN;
  if (buf.length !== bodyLen + FOOTER_LEN) return null;
  const expected = fletcher16(buf.subarray(0, bodyLen)) ^ VERSION;
  const footer = (buf[bodyLen] ?? 0) | ((buf[bodyLen + 1] ?? 0) << 8);
  if (footer !== expected) return null;
  const internalId = buf.slice(vint.bytesRead, bodyLen);
  if (encodeDocumentId(vint.n, internalId) !== id) return null;
  return { tableNumber: vint.n, internalId };
}

/** Ids whose table number `tableNumberOfId` remembers; the map starts over past this many. */
const TABLE_NUMBER_CACHE_SIZE = 50_000;
let tableNumbers = new Map<string, number | null>();

/**
 * The table number of `id`, or null when `id` is not a canonical v6 document ID (the checks of
 * `decodeDocumentId`). Remembers recent answers: validators, `db.get` and `normalizeId` ask about
 * the same ids (rooms, users, sessions) on every call, and decoding re-encodes the id to check it.
 */
export function tableNumberOfId(id: string): number | null {
  const known = tableNumbers.get(id);
  if (known !== undefined) return known;
  const tableNumber = decodeDocumentId(id)?.tableNumber ?? null;
  if (typeof id === "string" && id.length <= MAX_ID_LEN) {
    if (tableNumbers.size >= TABLE_NUMBER_CACHE_SIZE) tableNumbers = new Map();
    tableNumbers.set(id, tableNumber);
  }
  return tableNumber;
}

/**
 * True if `id` is a canonical v6 document ID, optionally of the given table.
 * @param id candidate string.
 * @param tableNumber if given, the ID must belong to this table.
 */
export function isDocumentId(id: string, tableNumber?: number): boolean {
  const decoded = decodeDocumentId(id);
  if (decoded === null) return false;
  return tableNumber === undefined || decoded.tableNumber === tableNumber;
}
