import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressFor, chooseChannel, latestConsent, unusable, type ConsentLike } from '../../../shared/domain/channels/choose-channel.js';
import { CHANNELS, type Account, type Channel, type StepChannel } from '../../../shared/domain/types.js';

const POLICY: readonly Channel[] = ['email', 'whatsapp', 'sms'];
const EMAIL = 'pagos@ferreteria.example.com';
const PHONE = '+525512345678';

const account = (extra: Partial<Account> = {}): Account => ({
  accountId: 'MX-100',
  name: 'Ferretería del Norte',
  email: EMAIL,
  phone: PHONE,
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
  ...extra,
});

const consent = (channel: Channel, status: ConsentLike['status'], since: string, address = channel === 'email' ? EMAIL : PHONE): ConsentLike => ({ channel, address, status, since });

describe('chooseChannel', () => {
  it('takes the step\'s channel when it is usable; the fallback is the rest of the usable preference, in order', () => {
    expect(chooseChannel('sms', account(), [], POLICY, [])).toEqual({ ok: true, choice: { channel: 'sms', address: PHONE, fallback: ['email'] } });
    expect(chooseChannel('email', account({ whatsappOptIn: true }), [], POLICY, [])).toEqual({
      ok: true,
      choice: { channel: 'email', address: EMAIL, fallback: ['whatsapp', 'sms'] },
    });
  });

  it('resolves `preferred` to the account\'s own preference, else the policy\'s', () => {
    expect(chooseChannel('preferred', account({ channels: ['sms', 'email'] }), [], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'sms', fallback: ['email'] } });
    expect(chooseChannel('preferred', account(), [], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'email', fallback: ['sms'] } });
    expect(chooseChannel('preferred', account({ channels: [] }), [], ['sms', 'email'], [])).toMatchObject({ ok: true, choice: { channel: 'sms' } });
  });

  it('never uses WhatsApp without consent: the ingest flag or an opted-in record', () => {
    expect(chooseChannel('whatsapp', account(), [], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'email', fallback: ['sms'] } });
    expect(chooseChannel('whatsapp', account({ whatsappOptIn: true }), [], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'whatsapp', address: PHONE } });
    expect(chooseChannel('whatsapp', account(), [consent('whatsapp', 'opted-in', '2026-11-01T00:00:00Z')], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'whatsapp' } });
    // Consent for another number is no consent for this one.
    expect(chooseChannel('whatsapp', account(), [consent('whatsapp', 'opted-in', '2026-11-01T00:00:00Z', '+525500000000')], POLICY, [])).toMatchObject({ choice: { channel: 'email' } });
    expect(unusable('whatsapp', account(), [])).toBe('no WhatsApp consent');
  });

  it('skips an opted-out or invalid address, whatever the step says', () => {
    const optedOut = [consent('sms', 'opted-out', '2026-11-20T10:00:00Z')];
    expect(chooseChannel('sms', account({ channels: ['sms', 'whatsapp', 'email'] }), optedOut, POLICY, [])).toEqual({ ok: true, choice: { channel: 'email', address: EMAIL, fallback: [] } });
    expect(unusable('sms', account(), optedOut)).toBe('opted out (2026-11-20)');
    expect(unusable('email', account(), [consent('email', 'invalid', '2026-11-21T10:00:00Z')])).toBe('address marked invalid (2026-11-21)');
  });

  it('goes by the newest record of the address: an opt-in after an opt-out reopens the channel, and the other way round', () => {
    const out = consent('sms', 'opted-out', '2026-11-20T10:00:00Z');
    const back = consent('sms', 'opted-in', '2026-11-25T10:00:00Z');
    expect(unusable('sms', account(), [back, out])).toBeUndefined();
    expect(unusable('sms', account(), [out, { ...back, since: '2026-11-19T10:00:00Z' }])).toBe('opted out (2026-11-20)');
    // An opt-out of an old number says nothing about the current one.
    expect(unusable('sms', account(), [consent('sms', 'opted-out', '2026-11-20T10:00:00Z', '+525599999999')])).toBeUndefined();
  });

  it('compares email addresses case-insensitively', () => {
    expect(unusable('email', account({ email: 'Pagos@Ferreteria.EXAMPLE.com' }), [consent('email', 'opted-out', '2026-11-20T00:00:00Z')])).toBe('opted out (2026-11-20)');
    expect(latestConsent([consent('email', 'invalid', '2026-11-20T00:00:00Z', 'PAGOS@ferreteria.example.com')], 'email', EMAIL)?.status).toBe('invalid');
  });

  it('leaves out the channels a fallback already tried', () => {
    expect(chooseChannel('sms', account({ whatsappOptIn: true }), [], POLICY, ['sms'])).toEqual({ ok: true, choice: { channel: 'email', address: EMAIL, fallback: ['whatsapp'] } });
    expect(chooseChannel('sms', account(), [], POLICY, ['sms', 'email'])).toEqual({ ok: false, reason: 'no usable channel (email: failed permanently for this reminder; whatsapp: no WhatsApp consent; sms: failed permanently for this reminder)' });
  });

  it('says why when nothing is usable, naming each channel', () => {
    expect(chooseChannel('preferred', account({ email: undefined, phone: undefined }), [], POLICY, [])).toEqual({
      ok: false,
      reason: 'no usable channel (email: no valid email address on file; whatsapp: no valid mobile number on file; sms: no valid mobile number on file)',
    });
    // A step channel outside the account's own preference is still named.
    expect(chooseChannel('email', account({ channels: ['sms'] }), [consent('sms', 'opted-out', '2026-11-20T00:00:00Z')], POLICY, [])).toMatchObject({ ok: true, choice: { channel: 'email', fallback: [] } });
    expect(chooseChannel('email', account({ channels: ['sms'], email: undefined }), [consent('sms', 'opted-out', '2026-11-20T00:00:00Z')], POLICY, [])).toEqual({
      ok: false,
      reason: 'no usable channel (email: no valid email address on file; sms: opted out (2026-11-20))',
    });
  });

  it('property: the chosen channel is usable, has its address, and neither it nor an unusable one is in the fallback', () => {
    const channel = fc.constantFrom<Channel>(...CHANNELS);
    const record = fc.record({
      channel,
      address: fc.constantFrom(EMAIL, PHONE, '+525599999999'),
      status: fc.constantFrom<ConsentLike['status']>('opted-in', 'opted-out', 'invalid'),
      since: fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<StepChannel>('preferred', ...CHANNELS),
        fc.record({ email: fc.option(fc.constant(EMAIL), { nil: undefined }), phone: fc.option(fc.constant(PHONE), { nil: undefined }), whatsappOptIn: fc.boolean(), channels: fc.option(fc.uniqueArray(channel), { nil: undefined }) }),
        fc.array(record, { maxLength: 6 }),
        fc.uniqueArray(channel),
        (step, extra, consents, failed) => {
          const a = account(extra);
          const result = chooseChannel(step, a, consents, POLICY, failed);
          const usable = CHANNELS.filter((c) => unusable(c, a, consents, failed) === undefined);
          if (!result.ok) {
            expect(usable.filter((c) => c === step || (a.channels?.length ? a.channels : POLICY).includes(c))).toEqual([]);
            return;
          }
          const { channel: chosen, address, fallback } = result.choice;
          expect(unusable(chosen, a, consents, failed)).toBeUndefined();
          expect(address).toBe(addressFor(chosen, a));
          expect(fallback).not.toContain(chosen);
          for (const c of fallback) expect(unusable(c, a, consents, failed)).toBeUndefined();
          if (step !== 'preferred' && usable.includes(step)) expect(chosen).toBe(step);
        },
      ),
    );
  });
});
