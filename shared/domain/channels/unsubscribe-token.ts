import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from '../types.js';

export interface UnsubscribeSubject {
  readonly accountId: string;
  readonly channel: Channel;
  /** The address the message went to (the one that opts out). */
  readonly address: string;
}

export class UnsubscribeTokenError extends Error {
  override readonly name = 'UnsubscribeTokenError';
}

/**
 * A self-contained, signed unsubscribe token for links in messages (`List-Unsubscribe`, the footer):
 * `base64url(JSON subject).base64url(HMAC-SHA256)`. No lookup table, no expiry (an unsubscribe link in
 * a year-old email must still work), and nobody can forge one for another address without the key.
 *
 * @example
 * const token = signUnsubscribe({ accountId: 'MX-1', channel: 'email', address: 'ap@example.com' }, key);
 * verifyUnsubscribe(token, key) // → the same subject
 */
export function signUnsubscribe(subject: UnsubscribeSubject, key: string): string {
  const payload = Buffer.from(JSON.stringify([subject.accountId, subject.channel, subject.address]), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

/** The subject of a valid token; throws UnsubscribeTokenError for a malformed or forged one. */
export function verifyUnsubscribe(token: string, key: string): UnsubscribeSubject {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw new UnsubscribeTokenError('malformed unsubscribe token');
  const expected = Buffer.from(mac(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UnsubscribeTokenError('unsubscribe token signature does not match');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new UnsubscribeTokenError('malformed unsubscribe token');
  }
  if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string' && p.length > 0)) {
    throw new UnsubscribeTokenError('malformed unsubscribe token');
  }
  const [accountId, channel, address] = parts as [string, string, string];
  if (channel !== 'email' && channel !== 'sms' && channel !== 'whatsapp') throw new UnsubscribeTokenError('malformed unsubscribe token');
  return { accountId, channel, address };
}

function mac(payload: string, key: string): string {
  return createHmac('sha256', key).update(payload, 'utf8').digest('base64url');
}
