import type { Account, Channel, StepChannel } from '../types.js';

/** What the choice needs of a consent record (shared/ports.ts ConsentRecord). */
export interface ConsentLike {
  readonly channel: Channel;
  readonly address: string;
  readonly status: 'opted-in' | 'opted-out' | 'invalid';
  readonly since: string;
}

export interface ChannelChoice {
  readonly channel: Channel;
  /** Email address or E.164 number the message goes to. */
  readonly address: string;
  /** The usable channels after this one, in preference order: where a permanent failure falls back. */
  readonly fallback: readonly Channel[];
}

export type ChannelChoiceResult = { readonly ok: true; readonly choice: ChannelChoice } | { readonly ok: false; readonly reason: string };

/** What the debtor's contact rules add to the choice (contactRulesFor). */
export interface ChannelChoiceOptions {
  /**
   * Only the channels the debtor authorised (CO, Ley 2300 de 2023 art. 2): the account's `channels`
   * (the file's column), or when it has none the billing email only. Nothing else is a guess at consent.
   */
  readonly authorisedOnly?: boolean;
  /** Tried first when usable, before the step's channel (CO: the channel already used this week, channelUsedThisWeek). */
  readonly prefer?: Channel | undefined;
}

/**
 * The channel a reminder goes out on. The step's channel when it is usable, else the first usable one
 * of the account's own preference (else the policy's). Usable means: an address on file, not opted
 * out and not marked invalid for that address, not already failed for this reminder, and for
 * WhatsApp an explicit consent (the ingest column or a later opt-in) — WhatsApp is never a guess.
 * With `options.authorisedOnly` only the authorised channels count (see ChannelChoiceOptions), the
 * step's own included; `options.prefer` goes before the step's channel when usable.
 *
 * @example
 * chooseChannel('sms', account, consents, ['email', 'whatsapp', 'sms'], [])
 * // → { ok: true, choice: { channel: 'sms', address: '+525512345678', fallback: ['email'] } }
 * // Colombia, no channels column: the billing email only, whatever the step asks
 * chooseChannel('sms', account, consents, ['email', 'whatsapp', 'sms'], [], { authorisedOnly: true })
 * // → { ok: true, choice: { channel: 'email', address: 'pagos@cliente.co', fallback: [] } }
 */
export function chooseChannel(
  step: StepChannel,
  account: Account,
  consents: readonly ConsentLike[],
  policyPreference: readonly Channel[],
  failed: readonly Channel[],
  options: ChannelChoiceOptions = {},
): ChannelChoiceResult {
  const own = account.channels && account.channels.length > 0 ? account.channels : undefined;
  const authorised: readonly Channel[] | undefined = options.authorisedOnly ? (own ?? ['email']) : undefined;
  const order = dedupe([...(authorised ?? own ?? policyPreference)]);
  const whyNot = (channel: Channel): string | undefined =>
    authorised && !authorised.includes(channel)
      ? `not authorised by the debtor (${own ? 'the channels on file' : 'no channels on file: the billing email only'})`
      : unusable(channel, account, consents, failed);
  const reasons: string[] = [];
  const usable = order.filter((channel) => {
    const why = whyNot(channel);
    if (why) reasons.push(`${channel}: ${why}`);
    return why === undefined;
  });
  const preferred = options.prefer !== undefined && whyNot(options.prefer) === undefined ? options.prefer : undefined;
  const stepUsable = step !== 'preferred' && whyNot(step) === undefined;
  const channel = preferred ?? (stepUsable ? step : usable[0]);
  if (channel === undefined) {
    const stepWhy = step !== 'preferred' && !order.includes(step) ? [`${step}: ${whyNot(step) ?? 'not in the preference order'}`] : [];
    return { ok: false, reason: `no usable channel (${[...stepWhy, ...reasons].join('; ') || 'no channel configured'})` };
  }
  return {
    ok: true,
    choice: { channel, address: addressFor(channel, account)!, fallback: usable.filter((c) => c !== channel) },
  };
}

/**
 * Why `channel` cannot be used for this debtor at all now — not authorised by the debtor (with
 * `options.authorisedOnly`), no address, opted out, invalid, no WhatsApp consent — or undefined when
 * it can. For a message that has one channel only (the pre-legal letter goes by email or by post).
 *
 * @example
 * channelProblem('email', account, consents, { authorisedOnly: true }) // 'not authorised by the debtor (the channels on file)'
 */
export function channelProblem(channel: Channel, account: Account, consents: readonly ConsentLike[], options: ChannelChoiceOptions = {}): string | undefined {
  const own = account.channels && account.channels.length > 0 ? account.channels : undefined;
  if (options.authorisedOnly && !(own ?? ['email']).includes(channel)) {
    return `not authorised by the debtor (${own ? 'the channels on file' : 'no channels on file: the billing email only'})`;
  }
  return unusable(channel, account, consents);
}

/** Why `channel` cannot be used for this account now, or undefined when it can. */
export function unusable(channel: Channel, account: Account, consents: readonly ConsentLike[], failed: readonly Channel[] = []): string | undefined {
  if (failed.includes(channel)) return 'failed permanently for this reminder';
  const address = addressFor(channel, account);
  if (!address) return channel === 'email' ? 'no valid email address on file' : 'no valid mobile number on file';
  const latest = latestConsent(consents, channel, address);
  if (latest?.status === 'opted-out') return `opted out (${latest.since.slice(0, 10)})`;
  if (latest?.status === 'invalid') return `address marked invalid (${latest.since.slice(0, 10)})`;
  if (channel === 'whatsapp' && !(account.whatsappOptIn === true || latest?.status === 'opted-in')) return 'no WhatsApp consent';
  return undefined;
}

export function addressFor(channel: Channel, account: Account): string | undefined {
  return channel === 'email' ? account.email : account.phone;
}

/**
 * The address of a consent record that covers every address of its channel on the account: an
 * account-wide opt-out ("no me escriban más", policy optOut.scope `account`) still holds when a later
 * file brings a new email or phone. A newer record for a specific address (a new opt-in) overrides it.
 */
export const ANY_ADDRESS = '*';

/** The newest record for this channel and address (emails compare case-insensitively), an account-wide one included. */
export function latestConsent(consents: readonly ConsentLike[], channel: Channel, address: string): ConsentLike | undefined {
  const same = (a: string) => a === ANY_ADDRESS || (channel === 'email' ? a.toLowerCase() === address.toLowerCase() : a === address);
  return consents
    .filter((c) => c.channel === channel && same(c.address))
    .reduce<ConsentLike | undefined>((newest, c) => (newest === undefined || c.since >= newest.since ? c : newest), undefined);
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
