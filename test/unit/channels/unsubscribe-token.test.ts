import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signUnsubscribe, UnsubscribeTokenError, verifyUnsubscribe, type UnsubscribeSubject } from '../../../shared/domain/channels/unsubscribe-token.js';
import { CHANNELS } from '../../../shared/domain/types.js';

const KEY = 'k-3f9a1c0e7b';
const subject: UnsubscribeSubject = { accountId: 'MX-100', channel: 'email', address: 'pagos@ferreteria.example.com' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('unsubscribe tokens', () => {
  it('round-trips the subject, and is URL-safe as it stands', () => {
    const token = signUnsubscribe(subject, KEY);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribe(token, KEY)).toEqual(subject);
  });

  it('is deterministic: the same subject and key give the same token (no expiry, no nonce)', () => {
    expect(signUnsubscribe(subject, KEY)).toBe(signUnsubscribe({ ...subject }, KEY));
    expect(signUnsubscribe(subject, KEY)).not.toBe(signUnsubscribe({ ...subject, channel: 'sms' }, KEY));
  });

  it('refuses a token signed with another key', () => {
    expect(() => verifyUnsubscribe(signUnsubscribe(subject, 'another-key'), KEY)).toThrow(new UnsubscribeTokenError('unsubscribe token signature does not match'));
  });

  it('refuses another subject under a genuine signature', () => {
    const [, signature] = signUnsubscribe(subject, KEY).split('.');
    const swapped = `${b64(['MX-100', 'email', 'someone-else@example.com'])}.${signature}`;
    expect(() => verifyUnsubscribe(swapped, KEY)).toThrow(UnsubscribeTokenError);
  });

  it.each([
    ['empty', ''],
    ['no signature', b64(['MX-100', 'email', 'a@b.c'])],
    ['a third part', `${signUnsubscribe(subject, KEY)}.x`],
    ['a dot only', '.'],
  ])('refuses a malformed token: %s', (_what, token) => {
    expect(() => verifyUnsubscribe(token, KEY)).toThrow(new UnsubscribeTokenError('malformed unsubscribe token'));
  });

  it.each([
    ['not JSON', Buffer.from('not json').toString('base64url')],
    ['an object', b64({ accountId: 'MX-100', channel: 'email', address: 'a@b.c' })],
    ['two parts', b64(['MX-100', 'email'])],
    ['an empty part', b64(['MX-100', 'email', ''])],
    ['a number', b64(['MX-100', 'email', 5])],
    ['an unknown channel', b64(['MX-100', 'fax', '+525512345678'])],
  ])('refuses a correctly signed payload that is %s', (_what, payload) => {
    // Signed with the right key (as a leaked key or a bug elsewhere would): the shape is still checked.
    const signature = signUnsubscribe(subject, KEY).split('.')[1]!;
    const forged = `${payload}.${signature}`;
    expect(() => verifyUnsubscribe(forged, KEY)).toThrow(UnsubscribeTokenError);
    const properlySigned = `${payload}.${macOf(payload)}`;
    expect(() => verifyUnsubscribe(properlySigned, KEY)).toThrow(new UnsubscribeTokenError('malformed unsubscribe token'));
  });

  it('property: every subject round-trips, and changing any one character of its token is refused', () => {
    const subjects = fc.record({
      accountId: fc.string({ minLength: 1, maxLength: 20 }),
      channel: fc.constantFrom(...CHANNELS),
      address: fc.string({ minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(subjects, fc.nat(), fc.constantFrom('A', 'b', '0', '-', '_', '.'), (s, at, replacement) => {
        const token = signUnsubscribe(s, KEY);
        expect(verifyUnsubscribe(token, KEY)).toEqual(s);
        const index = at % token.length;
        if (token[index] === replacement) return;
        const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
        // The MAC covers the payload's text and is compared as text: no change slips through.
        expect(() => verifyUnsubscribe(tampered, KEY)).toThrow(UnsubscribeTokenError);
      }),
    );
  });
});

/** The MAC a holder of the key would put on an arbitrary payload (the token's second part). */
function macOf(payload: string): string {
  return createHmac('sha256', KEY).update(payload, 'utf8').digest('base64url');
}
