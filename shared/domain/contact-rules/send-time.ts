import type { ContactState } from '../../ports.js';
import type { Account } from '../types.js';
import { firstBlocker, gateContext } from './blockers.js';
import type { ContactRules } from './presets.js';

/**
 * Why a collection message already dispatched (and counted in the ledger) must not be sent at `now`:
 * outside the debtor's allowed days and hours, on a public holiday, or during a pause the debtor asked
 * for since. Undefined when it may go. The caps are not counted again: the message is one of the
 * ledger's entries already, so only the rules that depend on the moment are asked.
 *
 * @example
 * sendTimeBlocker(new Date('2026-12-14T01:30:00Z'), contactRulesFor(policy, 'CO'), account, state)
 * // 'outside contact hours (Sun 2026-12-13 20:30 America/Bogota; CO preset ∩ business hours)'
 */
export function sendTimeBlocker(now: Date, rules: ContactRules, account: Pick<Account, 'timezone' | 'country' | 'zoneCandidates'>, state: ContactState): string | undefined {
  const context = gateContext(rules, account.timezone, account.country, { ...state, entries: [] }, { zoneCandidates: account.zoneCandidates });
  return firstBlocker(now.getTime(), context)?.reason;
}
