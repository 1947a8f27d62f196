/**
 * Order-preserving binary encoding of Convex index keys.
 *
 * A key is a tuple of values; each element is a Convex `Value` or `undefined`
 * (missing field). For tuples `a`, `b` of equal length,
 * `Buffer.compare(encodeIndexKey(a), encodeIndexKey(b))` has the sign of the
 * element-wise `compareValues` from `convex/values` (the spec here).
 *
 * The byte format is the official sort key (source: convex-backend
 * crates/value/src/sorting.rs `values_to_bytes`, a FoundationDB-tuple-like
 * encoding) for every value the official backend can store:
 *
 * | value         | bytes                                                      |
 * |---------------|------------------------------------------------------------|
 * | undefined     | 01                                                         |
 * | null          | 03                                                         |
 * | int64         | 04..07 (neg, 8/4/2/1 bytes), 08 (zero), 09..0C (pos, 1/2/4/8 bytes) + big-endian two's complement |
 * | float64       | 0D + 8 bytes big-endian, sign-flipped IEEE bits            |
 * | false / true  | 0E / 0F                                                    |
 * | string        | 10 + escaped UTF-8 + 00   (escape: 00 → 00 FF)             |
 * | bytes         | 11 + escaped bytes + 00                                    |
 * | array         | 12 + elements + 00                                         |
 * | object        | 15 + (escaped key + 00 + value)* + 00                      |
 *
 * Where we deviate, to follow `compareValues` exactly or to stay decodable:
 * 1. Negative NaNs: official uses IEEE totalOrder (a larger payload sorts
 *    lower); `compareValues` orders negative NaNs by raw bits ascending. We map
 *    a negative NaN with mantissa m to the 8 bytes m-1 (below -Infinity).
 *    Positive NaNs, ±0, ±Infinity and all other floats are byte-identical.
 * 2. Empty field name `""`: officially it encodes as a lone 00, which clashes
 *    with the object terminator (ambiguous, and `{}` vs `{"": x}` mis-sorts
 *    against a following element). We write 00 FE, which sorts after the
 *    terminator and before any key starting with "\0" (00 FF).
 * 3. `undefined` inside arrays/objects: `compareValues` keeps object fields
 *    whose value is `undefined` (so `{a: undefined}` > `{}`), and sorts
 *    `undefined` lowest; we encode it as 01 wherever it appears. The official
 *    backend never sees these (convexToJson drops undefined fields), so
 *    callers wanting `{a: undefined}` ≡ `{}` must strip them first.
 * 4. Object fields are emitted in JS default sort order (UTF-16 code units),
 *    as `compareValues` does; official uses UTF-8 byte order. They differ only
 *    for non-ASCII field names, which Convex rejects anyway.
 * 5. Strings with lone surrogates are written as WTF-8 (./wtf8.ts: a surrogate code
 *    point as 3 bytes), matching `compareUTF8`; official strings are always
 *    valid UTF-8.
 * 6. `CommitTsPlaceholder` encodes as int64 MAX (as `compareValues` treats
 *    it); it decodes back as the bigint `9223372036854775807n`.
 *
 * Range scans: `enc(p)` is a byte prefix of `enc(p ++ q)`, but the converse
 * does not hold: `enc(["a"])` is also a prefix of `enc(["a\0"])` and
 * `enc([{}])` of `enc([{"": 1}])`. Use {@link tuplePrefixEnd} (not
 * {@link prefixSuccessor}, which over-includes like the official
 * `End::after_prefix`) to get exactly the extensions of a tuple prefix:
 * - eq prefix p:      [enc(p), tuplePrefixEnd(enc(p)))
 * - after prefix p:   gte v → start enc(p+[v]);  gt v → start tuplePrefixEnd(enc(p+[v]))
 *                     lt v → end enc(p+[v]);     lte v → end tuplePrefixEnd(enc(p+[v]))
 */
import { CommitTsPlaceholder, type Value } from "convex/values";
import { decodeWtf8, encodeWtf8 } from "./wtf8.js";

const UNDEFINED_TAG = 0x01;
const NULL_TAG = 0x03;
const ZERO_INT64_TAG = 0x08;
const NEG_INT64_8_BYTE_TAG = 0x04;
const POS_INT64_8_BYTE_TAG = 0x0c;
const FLOAT64_TAG = 0x0d;
const FALSE_TAG = 0x0e;
const TRUE_TAG = 0x0f;
const STRING_TAG = 0x10;
const BYTES_TAG = 0x11;
const ARRAY_TAG = 0x12;
const OBJECT_TAG = 0x15;
const TERMINATOR = 0x00;
const ESCAPE = 0xff;
/** Second byte of the empty-field-name marker `00 FE` (deviation 2). */
const EMPTY_KEY = 0xfe;

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;

class ByteWriter {
  buf = Buffer.allocUnsafe(64);
  len = 0;
  reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }
  u32(n: number): void {
    this.reserve(4);
    this.buf.writeUInt32BE(n >>> 0, this.len);
    this.len += 4;
  }
  /** Writes `bytes` with 00 → 00 FF escaping, then the 00 terminator. */
  escaped(bytes: Uint8Array): void {
    this.reserve(bytes.length + 1);
    if (bytes.indexOf(0) === -1) {
      this.buf.set(bytes, this.len);
      this.len += bytes.length;
    } else {
      for (const b of bytes) {
        this.byte(b);
        if (b === TERMINATOR) this.byte(ESCAPE);
      }
    }
    this.byte(TERMINATOR);
  }
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

function writeInt64(w: ByteWriter, n: bigint): void {
  if (n === 0n) {
    w.byte(ZERO_INT64_TAG);
    return;
  }
  const diff =
    n >= -128n && n <= 127n
      ? 1
      : n >= -32768n && n <= 32767n
        ? 2
        : n >= -2147483648n && n <= 2147483647n
          ? 3
          : 4;
  w.byte(n < 0n ? ZERO_INT64_TAG - diff : ZERO_INT64_TAG + diff);
  const numBytes = 1 << (diff - 1);
  const u = BigInt.asUintN(64, n);
  for (let i = numBytes - 1; i >= 0; i--) w.byte(Number((u >> BigInt(8 * i)) & 0xffn));
}

const f64 = new DataView(new ArrayBuffer(8));

function writeFloat64(w: ByteWriter, x: number): void {
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const lo = f64.getUint32(4);
  w.byte(FLOAT64_TAG);
  if (hi >>> 31 === 0) {
    w.u32(hi | 0x80000000);
    w.u32(lo);
  } else if (Number.isNaN(x)) {
    // Negative NaN, mantissa m ≥ 1: write m - 1 so they sort by bits ascending.
    const mHi = hi & 0xfffff;
    w.u32(lo === 0 ? mHi - 1 : mHi);
    w.u32(lo === 0 ? 0xffffffff : lo - 1);
  } else {
    w.u32(~hi);
    w.u32(~lo);
  }
}

function isArrayBuffer(v: unknown): v is ArrayBuffer {
  return v instanceof ArrayBuffer || Object.prototype.toString.call(v) === "[object ArrayBuffer]";
}

function writeValue(w: ByteWriter, v: Value | undefined): void {
  if (v === undefined) return w.byte(UNDEFINED_TAG);
  if (v === null) return w.byte(NULL_TAG);
  switch (typeof v) {
    case "bigint":
      if (v < MIN_INT64 || v > MAX_INT64) {
        throw new RangeError(`BigInt ${v} does not fit into a 64-bit signed integer`);
      }
      return writeInt64(w, v);
    case "number":
      return writeFloat64(w, v);
    case "boolean":
      return w.byte(v ? TRUE_TAG : FALSE_TAG);
    case "string":
      w.byte(STRING_TAG);
      return w.escaped(encodeWtf8(v));
    case "object":
      break;
    default:
      throw new TypeError(`Not a Convex value: ${typeof v}`);
  }
  if (v instanceof CommitTsPlaceholder) return writeInt64(w, MAX_INT64);
  if (isArrayBuffer(v)) {
    w.byte(BYTES_TAG);
    return w.escaped(new Uint8Array(v));
  }
  if (ArrayBuffer.isView(v)) {
    throw new TypeError("Not a Convex value: typed array (use an ArrayBuffer)");
  }
  if (Array.isArray(v)) {
    w.byte(ARRAY_TAG);
    for (const el of v as (Value | undefined)[]) writeValue(w, el);
    return w.byte(TERMINATOR);
  }
  w.byte(OBJECT_TAG);
  const obj = v as Record<string, Value | undefined>;
  for (const key of Object.keys(obj).sort()) {
    if (key === "") {
      w.byte(TERMINATOR);
      w.byte(EMPTY_KEY);
    } else {
      w.escaped(encodeWtf8(key));
    }
    writeValue(w, obj[key]);
  }
  w.byte(TERMINATOR);
}

/**
 * Encodes an index key tuple.
 *
 * @param values tuple elements: Convex values, or `undefined` for a missing field.
 * @returns the order-preserving key (see module doc for the format).
 * @throws RangeError for a bigint outside int64; TypeError for non-Convex
 *   values (functions, symbols, typed arrays).
 *
 * source: convex-backend crates/value/src/sorting.rs (`values_to_bytes`),
 * ordering spec convex/src/values/compare.ts (`compareValues`).
 */
export function encodeIndexKey(values: (Value | undefined)[]): Buffer {
  const w = new ByteWriter();
  for (const v of values) writeValue(w, v);
  return w.result();
}

/**
 * Smallest byte string greater than every byte string starting with `key`
 * (drop trailing FF bytes, increment the last byte). Same as the official
 * `End::after_prefix` (crates/common/src/interval/bounds.rs).
 *
 * Note: over a tuple encoding this also covers non-extensions such as
 * `["a\0"]` for `["a"]`; use {@link tuplePrefixEnd} for exact tuple ranges.
 *
 * @param key any byte string.
 * @returns the successor, or `null` if none exists (`key` empty or all FF).
 */
export function prefixSuccessor(key: Buffer): Buffer | null {
  let end = key.length;
  while (end > 0 && key[end - 1] === 0xff) end--;
  if (end === 0) return null;
  const out = Buffer.from(key.subarray(0, end));
  out[end - 1] = (out[end - 1] ?? 0) + 1;
  return out;
}

/**
 * Exclusive upper bound of the encodings of all tuples that extend (or
 * equal) the tuple encoded as `key`: `key ++ FE`. After a complete element
 * only a tag byte (01..15) or the end can follow, while the non-extensions
 * sharing the byte prefix continue with FF (escaped NUL) or FE (empty key).
 *
 * @param key `encodeIndexKey(prefix)`.
 * @returns `key` followed by the byte 0xFE.
 */
export function tuplePrefixEnd(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.of(EMPTY_KEY)]);
}

class ByteReader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  next(): number {
    const b = this.buf[this.pos++];
    if (b === undefined) throw new Error("Invalid index key: truncated");
    return b;
  }
  peek(offset = 0): number | undefined {
    return this.buf[this.pos + offset];
  }
  /** Reads escaped bytes up to and including the terminator. */
  escaped(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (;;) {
      const z = this.buf.indexOf(TERMINATOR, this.pos);
      if (z === -1) throw new Error("Invalid index key: unterminated string/bytes");
      if (this.buf[z + 1] === ESCAPE) {
        parts.push(this.buf.subarray(this.pos, z + 1));
        this.pos = z + 2;
      } else {
        parts.push(this.buf.subarray(this.pos, z));
        this.pos = z + 1;
        return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
      }
    }
  }
}

function readFloat64(r: ByteReader): number {
  if (r.pos + 8 > r.buf.length) throw new Error("Invalid index key: truncated float");
  let hi = r.buf.readUInt32BE(r.pos);
  let lo = r.buf.readUInt32BE(r.pos + 4);
  r.pos += 8;
  if (hi >>> 31 === 1) {
    hi &= 0x7fffffff;
  } else if (hi < 0xfffff || (hi === 0xfffff && lo !== 0xffffffff)) {
    // Negative NaN: stored mantissa - 1.
    if (lo === 0xffffffff) {
      lo = 0;
      hi += 1;
    } else {
      lo += 1;
    }
    hi |= 0xfff00000;
  } else {
    hi = ~hi;
    lo = ~lo;
  }
  f64.setUint32(0, hi >>> 0);
  f64.setUint32(4, lo >>> 0);
  return f64.getFloat64(0);
}

function readValue(r: ByteReader): Value | undefined {
  const tag = r.next();
  switch (tag) {
    case UNDEFINED_TAG:
      return undefined;
    case NULL_TAG:
      return null;
    case ZERO_INT64_TAG:
      return 0n;
    case FLOAT64_TAG:
      return readFloat64(r);
    case FALSE_TAG:
      return false;
    case TRUE_TAG:
      return true;
    case STRING_TAG:
      return decodeWtf8(r.escaped());
    case BYTES_TAG: {
      const bytes = r.escaped();
      return new Uint8Array(bytes).buffer;
    }
    case ARRAY_TAG: {
      const out = valueTuple();
      while (r.peek() !== TERMINATOR) out.push(readValue(r));
      r.next();
      return out as Value;
    }
    case OBJECT_TAG: {
      const out: Record<string, Value | undefined> = {};
      for (;;) {
        let key: string;
        if (r.peek() === TERMINATOR && r.peek(1) === EMPTY_KEY) {
          r.pos += 2;
          key = "";
        } else if (r.peek() === TERMINATOR && r.peek(1) !== ESCAPE) {
          r.pos += 1;
          return out as Value;
        } else {
          key = decodeWtf8(r.escaped());
        }
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          throw new Error(`Invalid index key: duplicate field ${JSON.stringify(key)}`);
        }
        const value = readValue(r);
        Object.defineProperty(out, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    default:
      if (tag >= NEG_INT64_8_BYTE_TAG && tag <= POS_INT64_8_BYTE_TAG) {
        const negative = tag < ZERO_INT64_TAG;
        const numBytes = 1 << (Math.abs(tag - ZERO_INT64_TAG) - 1);
        let u = 0n;
        for (let i = 0; i < numBytes; i++) u = (u << 8n) | BigInt(r.next());
        return negative ? BigInt.asIntN(numBytes * 8, u) : u;
      }
      throw new Error(`Invalid index key: unknown tag 0x${tag.toString(16)} at ${r.pos - 1}`);
  }
}

/**
 * An empty tuple, for `encodeIndexKey`, that keeps every number pushed as it is stored. V8
 * canonicalizes a NaN's sign and payload when it is stored in an array that holds only doubles:
 * a literal `[x]` does so in optimized code, and a decoded one filled by `push` does so once a
 * number is pushed first. Either way a negative NaN would come back positive and sort at the
 * wrong end (found by the index-key property test). An array that has held a non-number never
 * holds raw doubles again (elements kinds only generalize). Fill it with `push`: a spread or a
 * `map` result is such a double array on the way.
 */
export function valueTuple(): (Value | undefined)[] {
  const out: (Value | undefined)[] = [null];
  out.pop();
  return out;
}

/**
 * Decodes an index key produced by {@link encodeIndexKey}.
 *
 * @param key encoded tuple.
 * @returns the tuple; floats are bit-exact (V8 may quiet signalling NaNs; see `valueTuple`),
 *   bytes come back as fresh `ArrayBuffer`s, `CommitTsPlaceholder` as int64 MAX.
 * @throws Error on malformed input (unknown tag, truncation, bad UTF-8,
 *   duplicate object field).
 *
 * source: convex-backend crates/value/src/sorting.rs (`sorting_decode`).
 */
export function decodeIndexKey(key: Buffer): (Value | undefined)[] {
  const r = new ByteReader(key);
  const out = valueTuple();
  while (r.pos < key.length) out.push(readValue(r));
  return out;
}
