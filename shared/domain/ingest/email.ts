import { truncate } from './headers.js';
import type { Optional } from './optional.js';

const EMAIL = /^[^\s@<>()[\],;:"]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}$/u;

const MAX_EMAIL_CHARS = 254;

/**
 * A deliverable-looking address. A cell with several (`a@x.com; b@x.com`) keeps the first valid
 * one; `Ana Pérez <ana@x.com>` keeps the address. The domain is lower-cased.
 */
export function readEmail(raw: string): Optional<string> {
  const bracketed = [...raw.matchAll(/<([^>]*)>/g)].map((match) => match[1] ?? '');
  const candidates = (bracketed.length > 0 ? bracketed : raw.split(/[;,\s]+/))
    .map((part) => part.replace(/^mailto:/i, '').trim())
    .filter((part) => part !== '');
  // 254 characters is the longest address SMTP carries (RFC 5321); it also keeps the email index key
  // (`EMAIL#<address>`, at most 2048 bytes in DynamoDB) storable.
  const valid = candidates.filter((candidate) => candidate.length <= MAX_EMAIL_CHARS && EMAIL.test(candidate));
  const first = valid[0];
  if (first === undefined) return { value: undefined, warnings: [`invalid email '${truncate(raw.trim(), 80)}' skipped`] };
  const at = first.lastIndexOf('@');
  const email = `${first.slice(0, at)}@${first.slice(at + 1).toLowerCase()}`;
  const others = candidates.filter((candidate) => candidate !== first);
  const warnings = others.length > 0 ? [`only the first email '${email}' is used; ignored: ${others.map((o) => `'${o}'`).join(', ')}`] : [];
  return { value: email, warnings };
}
