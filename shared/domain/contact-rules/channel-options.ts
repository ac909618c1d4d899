import type { ChannelChoiceOptions } from '../channels/choose-channel.js';
import type { Policy } from '../policy/schema.js';
import type { Account } from '../types.js';
import { contactRulesFor } from './presets.js';

/**
 * What the debtor's contact rules ask of the channel choice: authorised channels only where the
 * preset says so (CO, Ley 2300 de 2023 art. 2). The one-line bridge the dispatchers pass to chooseChannel.
 *
 * @example
 * chooseChannel(step, account, consents, policy.channels.preference, failed, channelOptionsFor(policy, account))
 */
export function channelOptionsFor(policy: Policy, account: Pick<Account, 'country' | 'debtorType'>): ChannelChoiceOptions {
  return contactRulesFor(policy, account.country, account.debtorType).authorisedChannelsOnly ? { authorisedOnly: true } : {};
}
