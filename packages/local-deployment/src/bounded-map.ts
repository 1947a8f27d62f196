/**
 * A Map that holds at most `limit` entries: setting one past the limit drops the entry set (or
 * touched) longest ago, and tells `onEvict`. The deployment's in-memory caches (newest
 * revisions, index scan answers, sessions' last request ids, staged pushes) are all bounded this
 * way, so a long-lived deployment's memory does not grow with the data it has served.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  /**
   * @param limit most entries kept (≥ 1).
   * @param onEvict called with each entry dropped to keep the bound (not for `delete`/`clear`).
   */
  constructor(
    private readonly limit: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(limit >= 1)) throw new RangeError(`BoundedMap limit must be at least 1, got ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, leaving its place in eviction order as it is. */
  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** The value under `key`, which becomes the most recently used. */
  touch(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Keeps `value` under `key` as the most recently used; drops the oldest past the limit. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) this.evictOldest();
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops the least recently used entry (telling `onEvict`); false when empty. */
  evictOldest(): boolean {
    const oldest = this.entries.entries().next();
    if (oldest.done === true) return false;
    const [key, value] = oldest.value;
    this.entries.delete(key);
    this.onEvict?.(key, value);
    return true;
  }

  clear(): void {
    this.entries.clear();
  }
}
