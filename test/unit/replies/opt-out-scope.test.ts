import { describe, expect, it } from 'vitest';
import { optOutScope, optOutTargets, sameAddress } from '../../../shared/domain/replies/opt-out-scope.js';

const ACCOUNT = { email: 'Pagos@Ferreteria.example.com', phone: '+525511110040' };
const STOP = { kind: 'opt-out', keyword: 'STOP', reason: 'opt-out: "STOP"' } as const;

describe('how far an opt-out reaches', () => {
  it('with scope account: the address it came from, then the email, the phone for SMS and the phone for WhatsApp, and any address a later file brings', () => {
    expect(optOutTargets(ACCOUNT, 'sms', '+525511110040', 'account')).toEqual([
      { channel: 'sms', address: '+525511110040', origin: true },
      { channel: 'email', address: 'pagos@ferreteria.example.com', origin: false },
      { channel: 'whatsapp', address: '+525511110040', origin: false },
      { channel: 'email', address: '*', origin: false },
      { channel: 'sms', address: '*', origin: false },
      { channel: 'whatsapp', address: '*', origin: false },
    ]);
  });

  it('with scope channel: only the address it came from', () => {
    expect(optOutTargets(ACCOUNT, 'whatsapp', '+525511110040', 'channel')).toEqual([{ channel: 'whatsapp', address: '+525511110040', origin: true }]);
  });

  it('an email from another address of the company stops that address and the account’s own, once each', () => {
    expect(optOutTargets(ACCOUNT, 'email', 'contador@ferreteria.example.com', 'account').map((t) => `${t.channel} ${t.address}`)).toEqual([
      'email contador@ferreteria.example.com',
      'email pagos@ferreteria.example.com',
      'sms +525511110040',
      'whatsapp +525511110040',
      'email *',
      'sms *',
      'whatsapp *',
    ]);
    expect(optOutTargets(ACCOUNT, 'email', 'PAGOS@ferreteria.example.com', 'account').filter((t) => t.address !== '*')).toHaveLength(3);
  });

  it('an account without a phone has nothing to stop on SMS or WhatsApp', () => {
    expect(optOutTargets({ email: 'ap@x.example' }, 'email', 'ap@x.example', 'account').filter((t) => t.address !== '*')).toEqual([{ channel: 'email', address: 'ap@x.example', origin: true }]);
  });

  it('the reply narrows the policy to its channel when the address is not the debtor’s or another channel is asked for', () => {
    expect(optOutScope('account', STOP, 'sms')).toBe('account');
    expect(optOutScope('channel', STOP, 'sms')).toBe('channel');
    expect(optOutScope('account', { ...STOP, wrongContact: true }, 'sms')).toBe('channel');
    expect(optOutScope('account', { ...STOP, prefers: 'email' }, 'sms')).toBe('channel');
    // "escríbanme por WhatsApp" written on WhatsApp asks for nothing else.
    expect(optOutScope('account', { ...STOP, prefers: 'whatsapp' }, 'whatsapp')).toBe('account');
  });

  it('a reply that only asks for another channel stops the channel it came on, never the account; on the channel it asks for, nothing', () => {
    const mejorAlCorreo = { kind: 'opt-out', keyword: 'mejor al correo', prefers: 'email', switchOnly: true, reason: '…' } as const;
    expect(optOutScope('account', mejorAlCorreo, 'sms')).toBe('channel');
    expect(optOutScope('channel', mejorAlCorreo, 'whatsapp')).toBe('channel');
    expect(optOutScope('account', mejorAlCorreo, 'email', 'ap@x.mx')).toBe('none');
    expect(optOutScope('channel', mejorAlCorreo, 'email', 'ap@x.mx')).toBe('none');
    expect(optOutTargets(ACCOUNT, 'email', 'pagos@ferreteria.example.com', 'none')).toEqual([]);
    // "mejor escríbanme al correo de pagos@empresa.com", from another email address: that address stops.
    expect(optOutScope('account', { ...mejorAlCorreo, newAddress: 'pagos@empresa.com' }, 'email', 'contador@empresa.com')).toBe('channel');
    // "no more texts, email only": a request to stop, but not of the email it asks for.
    expect(optOutScope('account', { ...STOP, keyword: 'no more texts', prefers: 'email' }, 'sms')).toBe('channel');
  });

  it('a reply that gives another address to write to stays on the address it came from, unless it gives that same one', () => {
    const redirect = { ...STOP, keyword: 'no me escriban', newAddress: 'pagos@empresa.com' } as const;
    expect(optOutScope('account', redirect, 'email', 'contador@empresa.com')).toBe('channel');
    expect(optOutScope('account', redirect, 'email', 'Pagos@Empresa.com')).toBe('account');
    expect(optOutScope('account', { ...redirect, newAddress: '55 1111 0040' }, 'sms', '+525511110040')).toBe('account');
    expect(optOutScope('account', { ...redirect, newAddress: '55 2222 0040' }, 'sms', '+525511110040')).toBe('channel');
  });

  it('sameAddress: email by casing, phone by digits whatever the prefix', () => {
    expect(sameAddress('AP@x.mx', 'ap@x.mx')).toBe(true);
    expect(sameAddress('+52 55 1111 0040', '5511110040')).toBe(true);
    expect(sameAddress('5511110040', '5511110041')).toBe(false);
    expect(sameAddress('ap@x.mx', undefined)).toBe(false);
  });
});
