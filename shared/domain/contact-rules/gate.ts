import { DateTime } from 'luxon';
import type { ContactLedgerEntry, ContactState } from '../../ports.js';
import type { Channel } from '../types.js';
import { firstBlocker, gateContext, localLabel, searchAllowed, type GateContext } from './blockers.js';
import { MAX_DAYS_AHEAD } from './hours.js';
import { dayNumber, recordContact } from './ledger.js';
import type { ContactRules } from './presets.js';

export { contactWindowKey } from './ledger.js';
export { nextContactInstant } from './next-contact.js';
export { channelUsedThisWeek } from './week-channel.js';

const MS_PER_DAY = 86_400_000;

/** One message about to go out: the invoices it speaks for (several when consolidated). */
export interface ContactRequest {
  readonly messageId: string;
  readonly channel: Channel;
  readonly invoiceNumbers: readonly string[];
}

export interface GateInput {
  readonly now: Date;
  readonly rules: ContactRules;
  readonly timezone: string;
  /** The debtor's country: whose public holidays count. */
  readonly country?: string;
  /**
   * Account.zoneCandidates: when the debtor's exact zone is unknown, every zone it may be in. The
   * hours, days and holidays must allow the instant in each of them (and in `timezone`).
   */
  readonly zoneCandidates?: readonly string[];
  /** From shared/ports.ts: recent contacts (entries) and a pause (pausedUntil). */
  readonly state: ContactState;
  readonly request: ContactRequest;
  readonly maxDeferralDays: number;
  /**
   * Drop instead of deferring to this instant or later (e.g. when the invoice's next reminder is
   * planned): a deferred reminder arriving with, or after, the next one says nothing the next one does not.
   */
  readonly notAfter?: Date;
}

export type GateDecision =
  /** Send now. `state` has the entry appended and old entries pruned; the version is unchanged (the caller's conditional write bumps it). */
  | { readonly decision: 'send'; readonly invoiceNumbers: readonly string[]; readonly state: ContactState }
  /** This messageId is already in the ledger: a redelivery, send again idempotently. */
  | { readonly decision: 'already'; readonly entry: ContactLedgerEntry }
  | { readonly decision: 'defer'; readonly until: Date; readonly reason: string }
  | { readonly decision: 'drop'; readonly reason: string };

/**
 * Whether one message may go to an account now, in this order:
 *
 * 1. A messageId already in the ledger → `already` (at-least-once delivery: the earlier attempt
 *    recorded it, the send itself is idempotent downstream).
 * 2. Consolidation: invoices already spoken for by a contact in the same window (the debtor's local
 *    day, contactWindowKey) leave the request; none left → `drop`.
 * 3. Pause, allowed days and hours (in every candidate zone), public holidays, daily / rolling 7-day
 *    caps, CL's two in any 7 days two days apart, CO's one channel in any 7 days → `defer` to nextContactInstant, or `drop` when that is more than `maxDeferralDays` after
 *    now (wall-clock days in the debtor's zone) or not before `notAfter`.
 * 4. Otherwise `send`, with the entry recorded in the returned state.
 *
 * Reasons are short sentences for the interaction log.
 *
 * @example
 * const decision = decideContact({ now, rules: contactRulesFor(policy, 'CO'), timezone: 'America/Bogota', country: 'CO',
 *   state, request: { messageId, channel: 'email', invoiceNumbers: ['F-1', 'F-2'] }, maxDeferralDays: policy.contactRules.maxDeferralDays });
 * // Sunday 10:15 → { decision: 'defer', until: Monday 07:00, reason: 'outside contact hours (Sun 2026-12-13 10:15 America/Bogota; CO preset); deferred to Mon 2026-12-14 07:00' }
 */
export function decideContact(input: GateInput): GateDecision {
  const { now, rules, timezone, country, state, request } = input;
  const recorded = state.entries.find((entry) => entry.messageId === request.messageId);
  if (recorded) return { decision: 'already', entry: recorded };

  const context = gateContext(rules, timezone, country, state, { zoneCandidates: input.zoneCandidates, channel: request.channel });
  const requested = [...new Set(request.invoiceNumbers)];
  const invoiceNumbers = notYetContacted(requested, context, now);
  if (requested.length > 0 && invoiceNumbers.length === 0) return { decision: 'drop', reason: 'already contacted about these invoices today' };

  const blocker = firstBlocker(now.getTime(), context);
  if (!blocker) {
    const entry: ContactLedgerEntry = { messageId: request.messageId, at: now.toISOString(), channel: request.channel, invoiceNumbers };
    return { decision: 'send', invoiceNumbers, state: recordContact(state, entry, now) };
  }

  const until = searchAllowed(now.getTime(), context, now.getTime() + MAX_DAYS_AHEAD * MS_PER_DAY);
  if (until === undefined) return { decision: 'drop', reason: `${blocker.reason}; no allowed moment within ${MAX_DAYS_AHEAD} days` };
  const next = localLabel(until, context.zone);
  const deferralLimit = DateTime.fromJSDate(now, { zone: context.zone }).plus({ days: input.maxDeferralDays }).toMillis();
  if (until > deferralLimit) {
    const days = input.maxDeferralDays === 1 ? '1 day' : `${input.maxDeferralDays} days`;
    return { decision: 'drop', reason: `${blocker.reason}; the next allowed moment (${next}) is more than ${days} away` };
  }
  if (input.notAfter && until >= input.notAfter.getTime()) {
    return {
      decision: 'drop',
      reason: `${blocker.reason}; the next allowed moment (${next}) is not before the next reminder (${localLabel(input.notAfter.getTime(), context.zone)})`,
    };
  }
  return { decision: 'defer', until: new Date(until), reason: `${blocker.reason}; deferred to ${next}` };
}

/**
 * The requested invoices no contact of the same window spoke for. The window is the debtor's local day
 * at `now` (contactWindowKey); comparing day numbers is the same test without formatting dates.
 */
function notYetContacted(requested: readonly string[], context: GateContext, now: Date): string[] {
  const today = dayNumber(DateTime.fromJSDate(now, { zone: context.zone }));
  const contacted = new Set(context.contacts.filter((contact) => contact.day === today).flatMap((contact) => contact.entry.invoiceNumbers));
  return requested.filter((invoiceNumber) => !contacted.has(invoiceNumber));
}
