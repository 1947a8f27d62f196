/**
 * Commit timestamps: u64 nanoseconds since the Unix epoch, held as `bigint`.
 *
 * On the wire (sync protocol `ts`, `maxObservedTimestamp`, Transition
 * versions) a timestamp is the 8-byte little-endian u64, base64-encoded with
 * the standard alphabet and `=` padding: always 12 characters, zero is
 * `"AAAAAAAAAAA="`.
 *
 * source: convex/src/browser/sync/protocol.ts (`u64ToLong` / `longToU64`),
 * convex-backend crates/convex/sync_types/src/types/json.rs (`u64_to_string`),
 * crates/common/src/document.rs (timestamps are ns since the epoch).
 */

const U64_MAX = (1n << 64n) - 1n;
/** 11 base64 characters carry 66 bits; the last one's low 2 bits must be 0. */
const TS_BASE64_RE = /^[A-Za-z0-9+/]{10}[AEIMQUYcgkosw048]=$/;

/**
 * Encodes a u64 timestamp for the wire.
 *
 * @param ts nanoseconds since the Unix epoch, 0 ≤ ts < 2^64.
 * @returns 12-character padded standard base64 of the 8 little-endian bytes.
 * @throws RangeError if `ts` is negative or does not fit in 64 bits.
 *
 * source: convex-backend sync_types json.rs `u64_to_string`;
 * client inverse convex/src/browser/sync/protocol.ts `u64ToLong`.
 */
export function encodeTs(ts: bigint): string {
  if (typeof ts !== "bigint" || ts < 0n || ts > U64_MAX) {
    throw new RangeError(`Timestamp ${String(ts)} is not a u64`);
  }
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64LE(ts, 0);
  return buf.toString("base64");
}

/**
 * Decodes a wire timestamp.
 *
 * @param s 12-character padded standard base64 of 8 little-endian bytes.
 * @returns the u64 value (ns since the Unix epoch).
 * @throws Error if `s` is not a string, has the wrong length, is not base64,
 *   lacks the `=` padding, or is non-canonical (nonzero trailing bits).
 *
 * source: convex/src/browser/sync/protocol.ts `longToU64` (the inverse).
 */
export function decodeTs(s: string): bigint {
  if (typeof s !== "string") {
    throw new Error(`Invalid timestamp: expected a base64 string, got ${typeof s}`);
  }
  if (s.length !== 12) {
    throw new Error(
      `Invalid timestamp ${JSON.stringify(s.slice(0, 40))}: expected 12 base64 characters (8 bytes), got length ${s.length}`,
    );
  }
  if (!TS_BASE64_RE.test(s)) {
    throw new Error(
      `Invalid timestamp ${JSON.stringify(s)}: not canonical padded base64 of 8 bytes`,
    );
  }
  return Buffer.from(s, "base64").readBigUInt64LE(0);
}

/** Current wall-clock time in ns since the epoch, monotonic after construction. */
export type NsClock = () => bigint;

/**
 * A wall clock in epoch nanoseconds: `Date.now()` read once, then advanced by
 * `process.hrtime.bigint()` so it is monotonic and sub-millisecond precise.
 */
export function makeEpochNsClock(): NsClock {
  const anchorEpochNs = BigInt(Date.now()) * 1_000_000n;
  const anchorHr = process.hrtime.bigint();
  return () => anchorEpochNs + (process.hrtime.bigint() - anchorHr);
}

/**
 * Hands out strictly increasing commit timestamps (u64 ns since epoch).
 *
 * - `next()` returns `max(last + 1n, now)` and records it as `last`.
 * - `peek()` returns `last` without advancing: the newest timestamp issued or
 *   observed (initially the floor).
 * - `observe(ts)` raises `last` to `ts` if larger (e.g. a timestamp loaded from
 *   storage or seen from a client), so later `next()` values exceed it.
 *
 * Never goes backwards, even if the floor is in the future or the system
 * clock jumps: `now` comes from `process.hrtime.bigint()` anchored to
 * `Date.now()` at construction, so values are real epoch nanoseconds.
 *
 * source: convex-backend crates/database/src/database.rs (begin_ts =
 * max(latest + 1ns, now)).
 */
export class TimestampOracle {
  private last: bigint;
  private readonly now: NsClock;

  /**
   * @param floor the largest timestamp already used (e.g. the max commit ts
   *   in storage; 0n for a fresh deployment). Every `next()` is > floor.
   * @param clock optional epoch-ns clock (tests); default {@link makeEpochNsClock}.
   * @throws RangeError if `floor` is not a u64.
   */
  constructor(floor: bigint, clock: NsClock = makeEpochNsClock()) {
    if (typeof floor !== "bigint" || floor < 0n || floor > U64_MAX) {
      throw new RangeError(`Timestamp floor ${String(floor)} is not a u64`);
    }
    this.last = floor;
    this.now = clock;
  }

  /**
   * @returns a fresh timestamp, strictly greater than every value previously
   *   returned by `next()`/`peek()` or passed to `observe()`.
   * @throws RangeError if the u64 range is exhausted.
   */
  next(): bigint {
    const now = this.now();
    const candidate = this.last + 1n;
    const ts = now > candidate ? now : candidate;
    if (ts > U64_MAX) throw new RangeError("Timestamp oracle exhausted the u64 range");
    this.last = ts;
    return ts;
  }

  /** @returns the newest timestamp issued or observed (does not advance). */
  peek(): bigint {
    return this.last;
  }

  /**
   * Makes sure future `next()` values are greater than `ts`.
   * @param ts a u64 timestamp; values ≤ the current `peek()` are ignored.
   * @throws RangeError if `ts` is not a u64.
   */
  observe(ts: bigint): void {
    if (typeof ts !== "bigint" || ts < 0n || ts > U64_MAX) {
      throw new RangeError(`Timestamp ${String(ts)} is not a u64`);
    }
    if (ts > this.last) this.last = ts;
  }
}
