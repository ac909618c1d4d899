/**
 * Small compact structures for the in-memory index: a map whose values are one index or several
 * (most keys name exactly one invoice, so no array for them) and a string interner.
 */

/** A map from key to one index or several: most keys name exactly one invoice, so no array for them. */
export type Multi<K> = Map<K, number | number[]>;

export function put<K>(map: Multi<K>, key: K, value: number): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, value);
  else if (typeof existing === 'number') map.set(key, [existing, value]);
  else existing.push(value);
}

export function remove<K>(map: Multi<K>, key: K, value: number): void {
  const existing = map.get(key);
  if (existing === value) map.delete(key);
  else if (Array.isArray(existing)) {
    const i = existing.indexOf(value);
    if (i >= 0) existing.splice(i, 1);
    if (existing.length === 1) map.set(key, existing[0]!);
  }
}

export const NONE: readonly number[] = [];

export function values<K>(map: Multi<K>, key: K): readonly number[] {
  const existing = map.get(key);
  return existing === undefined ? NONE : typeof existing === 'number' ? [existing] : existing;
}

/** Interns repeated strings (dates, currencies) as small integers. */
export class Interner {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  find(value: string): number | undefined {
    return this.ids.get(value);
  }
}
