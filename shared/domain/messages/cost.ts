import type { Policy } from '../policy/schema.js';
import type { Channel, MessageCost } from '../types.js';

/**
 * The estimated cost of one message from the policy's price table: the debtor country's price (else
 * `default`), in millionths of `prices.currency`; an SMS costs its price once per segment.
 *
 * @example
 * messageCost('sms', 'MX', 2, policy.channels.prices) // { currency: 'USD', micros: 40000 }
 */
export function messageCost(channel: Channel, country: string | undefined, segments: number, prices: Policy['channels']['prices']): MessageCost {
  const table = prices[channel];
  const price = (country ? table[country.toUpperCase()] : undefined) ?? table.default ?? 0;
  return { currency: prices.currency, micros: price * (channel === 'sms' ? Math.max(1, segments) : 1) };
}
