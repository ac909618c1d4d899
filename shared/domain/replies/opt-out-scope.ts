import { ANY_ADDRESS } from '../channels/choose-channel.js';
import type { Account, Channel } from '../types.js';
import type { ReplyClassification } from './types.js';

/** One address an opt-out is recorded for. */
export interface OptOutTarget {
  readonly channel: Channel;
  readonly address: string;
  /** The channel and address the reply came from (the others follow from the policy's scope). */
  readonly origin: boolean;
}

export type OptOutScope = 'account' | 'channel';

/**
 * How far an opt-out reaches: the policy's `optOut.scope` (`account` by default: a person who writes
 * "no me escriban más" by SMS does not expect the emails to go on), narrowed to the channel it came on
 * when the reply itself says so: the address is not the debtor's ("número equivocado"), the debtor
 * asks for another channel instead ("mejor al correo", "no more texts, email only": stopping them all
 * would stop the one asked for), or gives another address to write to ("no me escriban a este correo,
 * escriban a pagos@empresa.com": stopping them all would lose that one).
 *
 * `none` when the reply only asks for a channel (`switchOnly`: no words of stopping) and came on that
 * very channel ("escríbanme por WhatsApp mejor", by WhatsApp): nothing is to stop. A reply that only
 * asks for another channel never reaches the whole account, whatever the policy.
 *
 * @example
 * optOutScope('account', { kind: 'opt-out', keyword: 'STOP', reason: '…' }, 'sms') // 'account'
 * optOutScope('account', { kind: 'opt-out', keyword: 'no me escriban', prefers: 'email', reason: '…' }, 'sms') // 'channel'
 * optOutScope('account', { kind: 'opt-out', keyword: 'mejor al correo', prefers: 'email', switchOnly: true, reason: '…' }, 'email') // 'none'
 */
export function optOutScope(policyScope: OptOutScope, reply: Extract<ReplyClassification, { kind: 'opt-out' }>, channel: Channel, address?: string): OptOutScope | 'none' {
  if (reply.wrongContact === true) return 'channel';
  const elsewhere = reply.newAddress !== undefined && !sameAddress(reply.newAddress, address);
  if (reply.switchOnly === true) return reply.prefers === channel && !elsewhere ? 'none' : 'channel';
  if (reply.prefers !== undefined && reply.prefers !== channel) return 'channel';
  if (elsewhere) return 'channel';
  return policyScope;
}

/** The same email address whatever its casing, or the same phone whatever its spacing and country prefix. */
export function sameAddress(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  if (a.includes('@') || b.includes('@')) return a.trim().toLowerCase() === b.trim().toLowerCase();
  const [x, y] = [a.replace(/\D/g, ''), b.replace(/\D/g, '')];
  return x.length >= 7 && y.length >= 7 && (x.endsWith(y) || y.endsWith(x));
}

/**
 * The addresses to record the opt-out for (none with scope `none`): the one the reply came from, then, with scope `account`,
 * every other automated channel of the account: the email address (lower case), the phone for SMS and
 * the phone for WhatsApp (whether or not WhatsApp was ever agreed: an opt-out recorded now also stops
 * a later opt-in from being used without a new consent).
 *
 * @example
 * optOutTargets({ email: 'AP@x.mx', phone: '+5255…', … }, 'sms', '+5255…', 'account')
 * // [{ channel: 'sms', address: '+5255…', origin: true }, { channel: 'email', address: 'ap@x.mx', origin: false }, { channel: 'whatsapp', address: '+5255…', origin: false }]
 */
export function optOutTargets(account: Pick<Account, 'email' | 'phone'>, channel: Channel, address: string, scope: OptOutScope | 'none'): OptOutTarget[] {
  if (scope === 'none') return [];
  const targets: OptOutTarget[] = [{ channel, address, origin: true }];
  if (scope === 'channel') return targets;
  const others: Array<[Channel, string | undefined]> = [
    ['email', account.email?.toLowerCase()],
    ['sms', account.phone],
    ['whatsapp', account.phone],
  ];
  for (const [other, otherAddress] of others) {
    const same = other === channel && otherAddress?.toLowerCase() === address.toLowerCase();
    if (otherAddress && !same) targets.push({ channel: other, address: otherAddress, origin: false });
  }
  // …and whatever address a later file brings for the account (choose-channel.ts ANY_ADDRESS).
  for (const other of ['email', 'sms', 'whatsapp'] as const) targets.push({ channel: other, address: ANY_ADDRESS, origin: false });
  return targets;
}
