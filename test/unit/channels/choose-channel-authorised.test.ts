import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseChannel } from '../../../shared/domain/channels/choose-channel.js';
import { channelOptionsFor } from '../../../shared/domain/contact-rules/channel-options.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { CHANNELS, type Account, type Channel, type StepChannel } from '../../../shared/domain/types.js';

const POLICY: readonly Channel[] = ['email', 'whatsapp', 'sms'];
const EMAIL = 'cartera@distribuidora.example.co';
const PHONE = '+573001234567';

const bogota = (extra: Partial<Account> = {}): Account => ({
  accountId: 'CO-7',
  name: 'Distribuidora Andina',
  email: EMAIL,
  phone: PHONE,
  country: 'CO',
  timezone: 'America/Bogota',
  locale: 'es-CO',
  whatsappOptIn: true,
  ...extra,
});

const authorised = { authorisedOnly: true } as const;

describe('chooseChannel with authorised channels only (CO, Ley 2300 de 2023 art. 2)', () => {
  it('uses the billing email only when the file names no channels, whatever the step asks', () => {
    expect(chooseChannel('sms', bogota(), [], POLICY, [], authorised)).toEqual({ ok: true, choice: { channel: 'email', address: EMAIL, fallback: [] } });
    expect(chooseChannel('whatsapp', bogota(), [], POLICY, [], authorised)).toMatchObject({ ok: true, choice: { channel: 'email', fallback: [] } });
  });

  it('uses the channels the file lists, and only those', () => {
    const smsOnly = bogota({ channels: ['sms'] });
    expect(chooseChannel('email', smsOnly, [], POLICY, [], authorised)).toEqual({ ok: true, choice: { channel: 'sms', address: PHONE, fallback: [] } });
    expect(chooseChannel('whatsapp', bogota({ channels: ['whatsapp', 'email'] }), [], POLICY, [], authorised)).toEqual({
      ok: true,
      choice: { channel: 'whatsapp', address: PHONE, fallback: ['email'] },
    });
  });

  it('sends nothing when the only authorised channel cannot be used, and says why', () => {
    const result = chooseChannel('sms', bogota({ email: undefined }), [], POLICY, [], authorised);
    expect(result).toEqual({
      ok: false,
      reason: 'no usable channel (sms: not authorised by the debtor (no channels on file: the billing email only); email: no valid email address on file)',
    });
  });

  it('prefers the channel already used this week when it is usable', () => {
    expect(chooseChannel('sms', bogota({ channels: ['sms', 'email'] }), [], POLICY, [], { ...authorised, prefer: 'email' })).toMatchObject({ choice: { channel: 'email' } });
    // An unauthorised preference is ignored: the law on channels comes first.
    expect(chooseChannel('sms', bogota({ channels: ['sms'] }), [], POLICY, [], { ...authorised, prefer: 'email' })).toMatchObject({ choice: { channel: 'sms' } });
  });

  it('never picks a channel outside the authorised ones (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StepChannel>('preferred', ...CHANNELS),
        fc.option(fc.subarray([...CHANNELS], { minLength: 1 }), { nil: undefined }),
        fc.subarray([...CHANNELS]),
        fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
        (step, channels, failed, prefer) => {
          const result = chooseChannel(step, bogota(channels ? { channels } : {}), [], POLICY, failed, { authorisedOnly: true, prefer });
          const allowed: readonly Channel[] = channels ?? ['email'];
          if (result.ok) {
            expect(allowed).toContain(result.choice.channel);
            for (const next of result.choice.fallback) expect(allowed).toContain(next);
          }
        },
      ),
    );
  });
});

describe('channelOptionsFor', () => {
  it('asks for authorised channels in Colombia only', () => {
    expect(channelOptionsFor(defaultPolicy, { country: 'CO' })).toEqual({ authorisedOnly: true });
    expect(channelOptionsFor(defaultPolicy, { country: 'MX' })).toEqual({});
    expect(channelOptionsFor(defaultPolicy, { country: undefined })).toEqual({});
  });
});
