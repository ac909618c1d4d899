import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a self-service link in a message works: long enough for a slow payer, short enough that an old forwarded email stops opening the account. */
export const PORTAL_LINK_DAYS = 60;

export class PortalTokenError extends Error {
  override readonly name = 'PortalTokenError';
  constructor(
    message: string,
    /** `expired`: a genuine link past its date (the page says so and how to get a new one). */
    readonly reason: 'invalid' | 'expired' = 'invalid',
  ) {
    super(message);
  }
}

/**
 * The signed token of a debtor's self-service link (`/portal?t=…`): `base64url(JSON [accountId,
 * expires]).base64url(HMAC-SHA256("portal" ‖ payload))`. Signed with the same key as unsubscribe links
 * but under its own label, so neither token opens the other's page. No lookup table; it expires
 * `PORTAL_LINK_DAYS` after it was made (each new message carries a fresh one).
 *
 * @example
 * const token = signPortalToken('MX-100', new Date('2026-12-01T15:00:00Z'), key);
 * verifyPortalToken(token, key, new Date('2026-12-20T00:00:00Z')) // 'MX-100'
 */
export function signPortalToken(accountId: string, issuedAt: Date, key: string): string {
  const expires = new Date(issuedAt.getTime() + PORTAL_LINK_DAYS * 86_400_000).toISOString();
  const payload = Buffer.from(JSON.stringify([accountId, expires]), 'utf8').toString('base64url');
  return `${payload}.${mac(payload, key)}`;
}

/** The account of a valid, unexpired token; throws PortalTokenError otherwise. */
export function verifyPortalToken(token: string, key: string, now: Date): string {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw new PortalTokenError('malformed link');
  const expected = Buffer.from(mac(payload, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new PortalTokenError('link signature does not match');
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new PortalTokenError('malformed link');
  }
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((p) => typeof p === 'string' && p.length > 0)) throw new PortalTokenError('malformed link');
  const [accountId, expires] = parts as [string, string];
  if (!(Date.parse(expires) > now.getTime())) throw new PortalTokenError(`link expired on ${expires}`, 'expired');
  return accountId;
}

function mac(payload: string, key: string): string {
  return createHmac('sha256', key).update(`portal\u0000${payload}`, 'utf8').digest('base64url');
}
