import { DateTime } from 'luxon';
import { nextAllowedByRules } from '../contact-rules/hours.js';
import { contactRulesFor } from '../contact-rules/presets.js';
import type { Policy, PolicySegment } from '../policy/schema.js';
import type { Account, CadenceStep, Invoice, PlannedReminder, ReminderRecord, Tone } from '../types.js';
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
  /**
   * The invoice's reminders on file (any status). Pending steps of a catch-up ladder are kept as they
   * are, and nothing is said again that a sent reminder said less than a week before.
   */
  readonly history?: readonly Pick<ReminderRecord, 'reminderId' | 'segmentId' | 'step' | 'sendAt' | 'status' | 'catchUp' | 'timezone'>[];
}

/** Step ids of a catch-up ladder: `ladder-1`, `ladder-2`, … (never a policy step id: those may not start with this). */
export const LADDER_STEP_PREFIX = 'ladder-';
const TONES: readonly Tone[] = ['friendly', 'firm', 'formal'];
const TEMPLATES = ['upcoming', 'due-today', 'overdue', 'final-notice'];
/** A sent reminder is not repeated, in the same or a milder template and tone, within this many days. */
const NO_REPEAT_DAYS = 7;
const MS_PER_DAY = 86_400_000;

/**
 * A catch-up reminder goes out a little after planning, never at the very instant: a schedule `at()`
 * the current second may already be in the past when the scheduler receives it.
 */
const CATCH_UP_DELAY_MS = 5 * 60 * 1000;

interface Candidate {
  readonly step: CadenceStep;
  readonly at: Date;
  readonly catchUp: boolean;
  /** A pending rung of an earlier plan's ladder: it keeps its id and segment (a bucket change does not re-plan it). */
  readonly kept?: { readonly reminderId: string; readonly segmentId: string };
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
  // Dates a person must check (a due date of 1900-01-01): no automated reminder says anything about them.
  if (invoice.dateWarning) return [];

  const zone = effectiveZone(account.timezone);
  const segment = selectSegment(account, invoice, policy, now);
  const rules = contactRulesFor(policy, account.country, account.debtorType);
  // A debtor whose exact zone is not known is planned at moments every zone it may be in allows.
  const zoneCandidates = account.zoneCandidates;
  const steps = [...segment.cadence].sort((a, b) => a.offsetDays - b.offsetDays);

  let candidates: Candidate[] = [];
  let latestPast: CadenceStep | undefined;
  for (const step of steps) {
    const at = nextAllowedByRules(nominalMoment(invoice.dueDate, step.offsetDays, policy.sendTime, zone), rules, zone, account.country, zoneCandidates);
    if (at.getTime() > now.getTime()) candidates.push({ step, at, catchUp: false });
    else latestPast = step; // steps are in offset order and the moments are monotonic: the last one wins
  }
  // A ladder under way keeps its pending rungs while the invoice is still late (a due date moved into
  // the future, or paid, and they go).
  const stillLate = daysPastDue(invoice.dueDate, now, zone) >= 1;
  const pendingLadder = (input.history ?? []).filter(
    (r) => stillLate && r.step.id.startsWith(LADDER_STEP_PREFIX) && r.status === 'scheduled' && Date.parse(r.sendAt) > now.getTime(),
  );
  let ladder: Candidate[] = pendingLadder.map((r) => ({ step: r.step, at: new Date(r.sendAt), catchUp: true, kept: { reminderId: r.reminderId, segmentId: r.segmentId } }));
  // An invoice already late that was never reminded: its first message is friendly. With no step past
  // yet, the first step to come is the ladder's top when it is firmer (a 67-day-old invoice whose next
  // step is d+75, formal, hears a friendly and a firm reminder first).
  let anchor = latestPast;
  const firstAhead = candidates[0];
  if (!anchor && stillLate && firstAhead && (TONES.indexOf(firstAhead.step.tone) > 0 || firstAhead.step.template === 'final-notice')) {
    anchor = firstAhead.step;
    candidates = candidates.slice(1);
  }
  if (anchor && !hasHistory && segment.catchUp) {
    const soon = new Date(ceilToMinute(now.getTime() + CATCH_UP_DELAY_MS));
    ladder = catchUpLadder(anchor, invoice, soon, policy, rules, zone, account.country, zoneCandidates);
  } else if (anchor !== latestPast && firstAhead) {
    candidates = [firstAhead, ...candidates]; // not a ladder after all: the step stays where it was
  }
  if (ladder.length > 0) {
    // The ladder speaks first: no cadence step before its last rung (it would jump the tone ahead).
    const last = Math.max(...ladder.map((c) => c.at.getTime()));
    candidates = [...candidates.filter((c) => c.at.getTime() > last), ...ladder];
  }
  // Nothing said again within a week of a reminder that said as much: one sent, or a rung of the ladder.
  const said = [...(input.history ?? []).filter((r) => r.status === 'sent' || r.status === 'merged').map((r) => ({ step: r.step, at: Date.parse(r.sendAt) })), ...ladder.map((c) => ({ step: c.step, at: c.at.getTime() }))];
  candidates = candidates.filter((c) => c.catchUp || !repeatsRecent(c, said));

  return onePerLocalDay(candidates, zone)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.step.offsetDays - b.step.offsetDays)
    .map((candidate) => ({
      accountId: invoice.accountId,
      invoiceNumber: invoice.invoiceNumber,
      reminderId:
        candidate.kept?.reminderId ??
        reminderId({
          accountId: invoice.accountId,
          invoiceNumber: invoice.invoiceNumber,
          dueDate: invoice.dueDate,
          segmentId: segment.id,
          stepId: candidate.step.id,
        }),
      segmentId: candidate.kept?.segmentId ?? segment.id,
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

/**
 * The catch-up of an invoice that was never reminded and is already late, as a ladder: when its
 * segment's latest past step is firmer than friendly (or a "final" notice), the debtor first gets a
 * friendly reminder, then firmer ones `escalation.ladder.catchUpStepDays` apart, ending with that
 * step's template and tone — an old debt loaded today must not open with the formal notice. A step
 * that is already friendly is the only rung. Rungs sit at `sendTime` on their day, moved into the
 * contact rules; the first goes a few minutes after planning (`soon`).
 *
 * @example
 * // latest past step d+91 final-notice/formal → ladder-1 overdue/friendly now, ladder-2 overdue/firm in 7 days, ladder-3 final-notice/formal in 14
 */
function catchUpLadder(
  latestPast: CadenceStep,
  invoice: Invoice,
  soon: Date,
  policy: Policy,
  rules: ReturnType<typeof contactRulesFor>,
  zone: string,
  country: string | undefined,
  zoneCandidates: readonly string[] | undefined,
): Candidate[] {
  const first = nextAllowedByRules(soon, rules, zone, country, zoneCandidates);
  const top = Math.max(TONES.indexOf(latestPast.tone), latestPast.template === 'final-notice' ? TONES.length - 1 : 0);
  if (top <= 0) return [{ step: latestPast, at: first, catchUp: true }];
  const spacing = policy.escalation.ladder.catchUpStepDays;
  const late = daysPastDue(invoice.dueDate, first, zone);
  const rungs: Candidate[] = [];
  let at = first;
  for (let rung = 0; rung <= top; rung += 1) {
    const last = rung === top;
    // Each rung at least `spacing` days after the one before it really goes (a weekend or a holiday
    // may have moved that one later).
    if (rung > 0) at = nextAllowedByRules(nominalMoment(localDay(at, zone), spacing, policy.sendTime, zone), rules, zone, country, zoneCandidates);
    rungs.push({
      step: {
        id: `${LADDER_STEP_PREFIX}${rung + 1}`,
        offsetDays: late + rung * spacing,
        channel: last || rung > 0 ? latestPast.channel : 'preferred',
        template: last ? latestPast.template : 'overdue',
        tone: TONES[rung]!,
      },
      at,
      catchUp: true,
    });
  }
  return rungs;
}

/**
 * Whether a reminder said in the `NO_REPEAT_DAYS` before this candidate (sent, or a rung of the
 * ladder planned now) already said as much: the same or a stronger template in the same or a firmer
 * tone (a d+91 "final" notice the day after the d+90 one, when the invoice changes aging bucket
 * overnight; a firm d+45 the day after the ladder's firm rung).
 */
function repeatsRecent(candidate: Candidate, said: readonly { readonly step: CadenceStep; readonly at: number }[]): boolean {
  const at = candidate.at.getTime();
  return said.some(
    (earlier) =>
      at >= earlier.at &&
      at - earlier.at < NO_REPEAT_DAYS * MS_PER_DAY &&
      TEMPLATES.indexOf(earlier.step.template) >= TEMPLATES.indexOf(candidate.step.template) &&
      TONES.indexOf(earlier.step.tone) >= TONES.indexOf(candidate.step.tone),
  );
}

function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? '';
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
