import { describe, expect, it } from 'vitest';
import { signUnsubscribe } from '../../../shared/domain/channels/unsubscribe-token.js';
import { PORTAL_LINK_DAYS, PortalTokenError, signPortalToken, verifyPortalToken } from '../../../shared/domain/portal/portal-token.js';

const KEY = 'test-contact-key';
const ISSUED = new Date('2026-12-01T15:00:00Z');
const DAY = 86_400_000;

describe('portal token', () => {
  it('opens the account it was made for until it expires, 60 days after it was issued', () => {
    const token = signPortalToken('MX-100', ISSUED, KEY);
    expect(verifyPortalToken(token, KEY, new Date(ISSUED.getTime() + 30 * DAY))).toBe('MX-100');
    expect(PORTAL_LINK_DAYS).toBe(60);
    expect(verifyPortalToken(token, KEY, new Date(ISSUED.getTime() + PORTAL_LINK_DAYS * DAY - 1))).toBe('MX-100');
    const expired = (() => {
      try {
        verifyPortalToken(token, KEY, new Date(ISSUED.getTime() + PORTAL_LINK_DAYS * DAY));
      } catch (error) {
        return error;
      }
    })();
    expect(expired).toBeInstanceOf(PortalTokenError);
    expect((expired as PortalTokenError).reason).toBe('expired');
  });

  it('refuses a forged or altered token, another key, and an unsubscribe token (same key, other purpose)', () => {
    const token = signPortalToken('MX-100', ISSUED, KEY);
    const [payload, signature] = token.split('.') as [string, string];
    const otherAccount = Buffer.from(JSON.stringify(['MX-999', '2030-01-01T00:00:00.000Z']), 'utf8').toString('base64url');
    const flipped = `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [`${otherAccount}.${signature}`, flipped, `${token}.x`, 'nonsense', '', signUnsubscribe({ accountId: 'MX-100', channel: 'email', address: 'a@b.example' }, KEY)]) {
      expect(() => verifyPortalToken(bad, KEY, ISSUED), bad).toThrow(PortalTokenError);
    }
    expect(() => verifyPortalToken(token, 'another-key', ISSUED)).toThrow(PortalTokenError);
  });

  it('is URL-safe', () => {
    expect(signPortalToken('C-1 / ñandú & co', ISSUED, KEY)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyPortalToken(signPortalToken('C-1 / ñandú & co', ISSUED, KEY), KEY, ISSUED)).toBe('C-1 / ñandú & co');
  });
});
