import type { ContactState } from '../../ports.js';
import type { Channel } from '../types.js';
import type { ContactRules } from './presets.js';

const ROLLING_MS = 7 * 86_400_000;

/**
 * CO (Ley 2300 de 2023 art. 3: once contact is made, not by several channels in the same week): the
 * channel of the latest contact less than 7 × 24 h from `now` (either side, like the gate), when the
 * rules keep one channel a week; undefined when any channel may be used. The dispatcher prefers this
 * channel (chooseChannel's `prefer`), so a step asking for SMS goes by the email already used this week
 * instead of being held back by the gate.
 *
 * @example
 * // Monday: email. Wednesday: a step asks for WhatsApp.
 * channelUsedThisWeek(state, wednesday, contactRulesFor(policy, 'CO')) // 'email'
 * channelUsedThisWeek(state, wednesday, contactRulesFor(policy, 'MX')) // undefined
 */
export function channelUsedThisWeek(state: ContactState, now: Date, rules: ContactRules): Channel | undefined {
  if (!rules.oneChannelPer7Days) return undefined;
  let latest: { readonly at: number; readonly channel: Channel } | undefined;
  for (const entry of state.entries) {
    const at = Date.parse(entry.at);
    if (Number.isNaN(at) || Math.abs(at - now.getTime()) >= ROLLING_MS) continue;
    if (!latest || at > latest.at) latest = { at, channel: entry.channel };
  }
  return latest?.channel;
}
