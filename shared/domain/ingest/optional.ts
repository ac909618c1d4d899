/**
 * The optional contact fields of an account. A bad value never rejects the row: it is dropped (or
 * replaced by a default) and the row carries a warning saying so.
 */
export interface Optional<T> {
  readonly value: T | undefined;
  readonly warnings: readonly string[];
}

/**
 * A small memo for the expensive lookups (phone metadata, Intl zones): the same customer's phone
 * repeats on each of its invoices. Bounded: it is simply emptied when full.
 */
export function memo<R>(compute: (key: string) => R, max = 10_000): (key: string) => R {
  const cache = new Map<string, R>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as R;
    if (cache.size >= max) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
