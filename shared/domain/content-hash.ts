import { createHash } from 'node:crypto';

/**
 * A stable hash of a plain JSON value: object keys are sorted and undefined properties dropped, so the
 * same content always hashes the same whatever the order fields arrived in. Used to tell an
 * `unchanged` re-ingested row from an `updated` one without comparing field by field.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 32);
}

/** The first `length` hex characters of a SHA-256 of `text`: deterministic ids (tasks, replies, letters). */
export function textHash(text: string, length = 32): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
