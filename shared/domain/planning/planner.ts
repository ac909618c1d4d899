import { DateTime } from 'luxon';
import { nextAllowedByRules } from '../contact-rules/hours.js';
import { contactRulesFor } from '../contact-rules/presets.js';
import type { Policy, PolicySegment } from '../policy/schema.js';
import type { Account, CadenceStep, Invoice, PlannedReminder } from '../types.js';
import { agingBucket, calendarDayUtc, daysPastDue } from './aging.js';
import { reminderId } from './reminder-id.js';
import { effectiveZone } from './zone.js';

export interface PlanInput {
  readonly account: Account;
  readonly invoice: Invoice;
  readonly policy: Policy;
  readonly now: Date;
  /**
   * true when this invoice already had any reminder scheduled or sent (so no catch-up). Counting a
   * catch-up that is still only scheduled drops it from the next plan (and a caller that cancels what
   * the plan no longer wants would cancel it); counting sent reminders only avoids that, and the
   * deterministic id keeps a re-planned pending catch-up the same reminder.
   */
  readonly hasHistory: boolean;
}

/**
 * A catch-up reminder goes out a little after planning, never at the very instant: a schedule `at()`
 * the current second may already be in the past when the scheduler receives it.
 */
const CATCH_UP_DELAY_MS = 5 * 60 * 1000;

interface Candidate {
  readonly step: CadenceStep;
  readonly at: Date;
  readonly catchUp: boolean;
}

/**
 * The reminders one invoice should get from now on, sorted by `sendAt`.
 *
 * - Nothing for a paid or cancelled invoice, or one with nothing left to pay.
 * - The segment is the first one matching the invoice at `now` (see `selectSegment`).
 * - A step's nominal moment is the due date + `offsetDays` at `policy.sendTime` in the debtor's zone
 *   (UTC when the zone is unknown), moved to the next allowed instant of the debtor's contact rules
 *   (`contactRulesFor`: the legal preset of the country, inside the policy's business hours unless
 *   `contactRules.businessHoursOnly` is off; weekdays, hours, public holidays of the debtor's country).
 *   Local wall-clock arithmetic, so DST-safe. Caps need the contact history: the dispatch gate applies them.
 * - Steps whose moment is not after `now` are dropped, except the catch-up: an invoice with no
 *   reminder history, in a segment with `catchUp`, gets its latest past step once, at the next allowed
 *   instant a few minutes from now (`catchUp: true`), so an invoice loaded late still hears from us.
 * - At most one reminder per local day: when two land on the same day, the later step wins.
 * - Deterministic: the same input gives the same plan, and ids come from `reminderId()`.
 *
 * @example
 * const plan = planReminders({ account, invoice, policy: defaultPolicy, now: new Date(), hasHistory: false });
 */
export function planReminders(input: PlanInput): PlannedReminder[] {
  const { account, invoice, policy, now, hasHistory } = input;
  if (invoice.status !== 'open' || !(invoice.balance > 0)) return [];
  calendarDayUtc(invoice.dueDate); // a malformed due date fails loudly instead of planning nonsense

  const zone = effectiveZone(account.timezone);
  const segment = selectSegment(account, invoice, policy, now);
  const rules = contactRulesFor(policy, account.country);
  const steps = [...segment.cadence].sort((a, b) => a.offsetDays - b.offsetDays);

  const candidates: Candidate[] = [];
  let latestPast: CadenceStep | undefined;
  for (const step of steps) {
    const at = nextAllowedByRules(nominalMoment(invoice.dueDate, step.offsetDays, policy.sendTime, zone), rules, zone, account.country);
    if (at.getTime() > now.getTime()) candidates.push({ step, at, catchUp: false });
    else latestPast = step; // steps are in offset order and the moments are monotonic: the last one wins
  }
  if (latestPast && !hasHistory && segment.catchUp) {
    const soon = new Date(ceilToMinute(now.getTime() + CATCH_UP_DELAY_MS));
    candidates.push({ step: latestPast, at: nextAllowedByRules(soon, rules, zone, account.country), catchUp: true });
  }

  return onePerLocalDay(candidates, zone)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.step.offsetDays - b.step.offsetDays)
    .map((candidate) => ({
      accountId: invoice.accountId,
      invoiceNumber: invoice.invoiceNumber,
      reminderId: reminderId({
        accountId: invoice.accountId,
        invoiceNumber: invoice.invoiceNumber,
        dueDate: invoice.dueDate,
        segmentId: segment.id,
        stepId: candidate.step.id,
      }),
      segmentId: segment.id,
      step: { ...candidate.step },
      sendAt: candidate.at.toISOString(),
      timezone: zone,
      catchUp: candidate.catchUp,
    }));
}

/**
 * The segment an invoice falls in at `now`: the first whose every criterion matches (an absent
 * criterion matches anything), else the last segment (the schema requires it to match everything).
 *
 * - `agingBuckets`: the bucket of the days past due, counted in the debtor's zone.
 * - `amountBands`: some band has the invoice's currency and `minMinor ≤ balance ≤ maxMinor`.
 * - `countries`: the account's country is listed (an account without one never matches).
 * - `locales`: the account's locale equals an entry or starts with it (`es` matches `es-MX`).
 */
export function selectSegment(account: Account, invoice: Invoice, policy: Policy, now: Date): PolicySegment {
  const bucket = agingBucket(daysPastDue(invoice.dueDate, now, effectiveZone(account.timezone)));
  const found = policy.segments.find((segment) => {
    const { agingBuckets, amountBands, countries, locales } = segment.match;
    if (agingBuckets && !agingBuckets.includes(bucket)) return false;
    if (
      amountBands &&
      !amountBands.some(
        (band) =>
          band.currency === invoice.currency.toUpperCase() &&
          (band.minMinor === undefined || invoice.balance >= band.minMinor) &&
          (band.maxMinor === undefined || invoice.balance <= band.maxMinor),
      )
    ) {
      return false;
    }
    if (countries && !(account.country && countries.includes(account.country.toUpperCase()))) return false;
    if (locales && !locales.some((locale) => localeMatches(account.locale, locale))) return false;
    return true;
  });
  const segment = found ?? policy.segments.at(-1);
  if (!segment) throw new RangeError('the policy has no segments');
  return segment;
}

function localeMatches(accountLocale: string, pattern: string): boolean {
  const have = accountLocale.replace(/_/g, '-').toLowerCase();
  const want = pattern.toLowerCase();
  return have === want || have.startsWith(`${want}-`);
}

/** Due date + offset days at `sendTime`, wall-clock in `zone` (a time inside a DST gap moves forward). */
function nominalMoment(dueDate: string, offsetDays: number, sendTime: string, zone: string): Date {
  const day = DateTime.fromMillis(calendarDayUtc(dueDate), { zone: 'utc' }).plus({ days: offsetDays });
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Number(sendTime.slice(0, 2)), minute: Number(sendTime.slice(3, 5)) },
    { zone },
  ).toJSDate();
}

/** Keeps, for each local calendar day, only the step with the largest offset (the later step). */
function onePerLocalDay(candidates: readonly Candidate[], zone: string): Candidate[] {
  const byDay = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const day = DateTime.fromJSDate(candidate.at, { zone }).toISODate() ?? '';
    const kept = byDay.get(day);
    if (!kept || candidate.step.offsetDays > kept.step.offsetDays) byDay.set(day, candidate);
  }
  return [...byDay.values()];
}

function ceilToMinute(ms: number): number {
  return Math.ceil(ms / 60_000) * 60_000;
}
