/**
 * A compact multimap from string keys to non-negative integers (invoice positions): open addressing
 * over two typed arrays (the key's 32-bit hash, the value). Keys themselves are not stored — the
 * caller verifies a hit against its own data — so a million entries take 16 MB instead of the
 * ~100 MB of a Map with a million key strings. Insert-only (invoice numbers never change).
 */

/** FNV-1a over UTF-16 code units. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const EMPTY = -1;

export class HashSlots {
  private hashes: Uint32Array;
  private slots: Int32Array;
  private used = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.hashes = new Uint32Array(size);
    this.slots = new Int32Array(size).fill(EMPTY);
  }

  add(key: string, value: number): void {
    if ((this.used + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2);
    this.insert(hashKey(key), value);
    this.used += 1;
  }

  /** Values stored under keys with the same hash as `key` (verify them: a hash is not the key). */
  candidates(key: string, limit: number): number[] {
    const hash = hashKey(key);
    const mask = this.slots.length - 1;
    const out: number[] = [];
    for (let i = hash & mask; this.slots[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.hashes[i] === hash) {
        out.push(this.slots[i]!);
        if (out.length > limit) break;
      }
    }
    return out;
  }

  /**
   * Adds `value` under `key` unless a value under the same hash passes `same` (then returns false):
   * the index's add-with-duplicate-check, hashing once.
   */
  addUnique(key: string, value: number, same: (existing: number) => boolean): boolean {
    if ((this.used + 1) * 2 > this.slots.length) this.resize(this.slots.length * 2);
    const hash = hashKey(key);
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (; this.slots[i] !== EMPTY; i = (i + 1) & mask) if (this.hashes[i] === hash && same(this.slots[i]!)) return false;
    this.hashes[i] = hash;
    this.slots[i] = value;
    this.used += 1;
    return true;
  }

  /** The first value under `key`'s hash that passes `test` (no array: the index's lookups). */
  find(key: string, test: (value: number) => boolean): number | undefined {
    const hash = hashKey(key);
    const mask = this.slots.length - 1;
    for (let i = hash & mask; this.slots[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.hashes[i] === hash && test(this.slots[i]!)) return this.slots[i];
    }
    return undefined;
  }

  private insert(hash: number, value: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.hashes[i] = hash;
    this.slots[i] = value;
  }

  private resize(size: number): void {
    const { hashes, slots } = this;
    this.hashes = new Uint32Array(size);
    this.slots = new Int32Array(size).fill(EMPTY);
    for (let i = 0; i < slots.length; i += 1) if (slots[i] !== EMPTY) this.insert(hashes[i]!, slots[i]!);
  }
}
