import { DateTime } from 'luxon';
import type { ContactState } from '../../ports.js';
import { effectiveZone } from '../planning/zone.js';
import { findAllowed, hoursVerdict, MAX_DAYS_AHEAD } from './hours.js';
import { dayNumber, placeContacts, startOfDayNumber, type PlacedContact } from './ledger.js';
import type { ContactRules } from './presets.js';

const ROLLING_MS = 7 * 86_400_000;

/** Everything the rules look at for one account, prepared once per decision. */
export interface GateContext {
  readonly rules: ContactRules;
  readonly zone: string;
  readonly country: string | undefined;
  readonly contacts: readonly PlacedContact[];
  readonly pausedUntil: number | undefined;
  readonly pauseReason: string | undefined;
}

/**
 * Why one more contact is not allowed at an instant, and the earliest instant after it at which this
 * rule alone would allow it (undefined: not within MAX_DAYS_AHEAD). Each rule answers with its own
 * earliest instant, so no rule ever jumps past a moment that another one would have accepted.
 */
export interface Blocker {
  readonly reason: string;
  readonly earliest: number | undefined;
}

/** The candidate instant on the debtor's calendar, computed once for all rules (time-zone math is the costly part). */
interface Moment {
  readonly at: number;
  readonly local: DateTime;
  /** Local calendar day number (see dayNumber). */
  readonly day: number;
  /** Day number of the Monday of its local week. */
  readonly monday: number;
}

type Rule = (moment: Moment, context: GateContext) => Blocker | undefined;

/**
 * Prepares one account's rules, zone (the fallback of effectiveZone), ledger and pause for the
 * blockers. An unparseable `pausedUntil` is no pause: the reply that set it is in the interaction log.
 *
 * @example
 * const context = gateContext(contactRulesFor(policy, 'CO'), 'America/Bogota', 'CO', state);
 */
export function gateContext(rules: ContactRules, timezone: string, country: string | undefined, state: ContactState): GateContext {
  const zone = effectiveZone(timezone);
  const paused = state.pausedUntil === undefined ? Number.NaN : Date.parse(state.pausedUntil);
  return {
    rules,
    zone,
    country: country || undefined,
    contacts: placeContacts(state, zone),
    pausedUntil: Number.isNaN(paused) ? undefined : paused,
    pauseReason: state.pauseReason,
  };
}

/** A pause ("ya pagué", a promise to pay) holds every reminder until it ends. */
const pause: Rule = ({ at }, { pausedUntil, pauseReason, zone }) => {
  if (pausedUntil === undefined || at >= pausedUntil) return undefined;
  const why = pauseReason ? ` (${pauseReason})` : '';
  return { reason: `paused until ${localLabel(pausedUntil, zone)} ${zone}${why}`, earliest: pausedUntil };
};

/** Allowed weekdays and hours, public holidays. */
const calendar: Rule = ({ at, local }, { rules, zone, country }) => {
  const verdict = hoursVerdict(local, rules, country);
  if (verdict === 'allowed') return undefined;
  const earliest = findAllowed(new Date(at), rules, zone, country, MAX_DAYS_AHEAD)?.getTime();
  if (verdict === 'holiday') {
    return { reason: `public holiday in ${country?.toUpperCase()} (${localLabel(at, zone, 'ccc yyyy-MM-dd')}; ${rules.source})`, earliest };
  }
  return { reason: `outside contact hours (${localLabel(at, zone)} ${zone}; ${rules.source})`, earliest };
};

/** Per local calendar day: the next day may have room. */
const perDay: Rule = ({ day }, { rules, zone, contacts }) => {
  const count = contacts.filter((contact) => contact.day === day).length;
  if (count < rules.maxPerDay) return undefined;
  return { reason: `daily cap reached (${rules.maxPerDay} per day)`, earliest: startOfDayNumber(day + 1, zone) };
};

/** CL: contacts per calendar week (Monday to Sunday, local). */
const perWeek: Rule = ({ monday }, { rules, zone, contacts }) => {
  if (!rules.weekly) return undefined;
  const count = contacts.filter((contact) => contact.week === monday).length;
  if (count < rules.weekly.count) return undefined;
  return { reason: `weekly limit reached (${rules.weekly.count} per calendar week; ${rules.source})`, earliest: startOfDayNumber(monday + 7, zone) };
};

/**
 * CL: local calendar dates at least `minDaysApart` from every other contact's, on either side (a
 * contact recorded a little in the future by a concurrent dispatcher counts too).
 */
const daysApart: Rule = ({ day }, { rules, zone, contacts }) => {
  if (!rules.weekly) return undefined;
  const { minDaysApart } = rules.weekly;
  const tooClose = contacts.filter((contact) => Math.abs(contact.day - day) < minDaysApart);
  if (tooClose.length === 0) return undefined;
  const latest = tooClose.reduce((a, b) => (b.day > a.day ? b : a));
  return {
    reason: `too soon after the contact of ${localLabel(latest.at, zone, 'ccc yyyy-MM-dd')} (${minDaysApart} days apart required; ${rules.source})`,
    earliest: startOfDayNumber(latest.day + minDaysApart, zone),
  };
};

/**
 * Rolling 7 × 24 h. A contact counts when it is less than 7 days away on either side: for contacts in
 * the past that is exactly the window ending now, and it keeps every 7-day window under the cap even
 * when a concurrent dispatcher recorded one a moment later than `at`. The count only drops when a
 * contact leaves, at its `at` + 7 days, so those are the only candidates for the earliest instant.
 */
const rolling: Rule = ({ at }, { rules, contacts }) => {
  const countAt = (t: number) => contacts.filter((contact) => Math.abs(contact.at - t) < ROLLING_MS).length;
  if (countAt(at) < rules.maxPer7Days) return undefined;
  const exits = contacts.map((contact) => contact.at + ROLLING_MS).filter((t) => t > at).sort((a, b) => a - b);
  return { reason: `cap reached (${rules.maxPer7Days} per 7 days)`, earliest: exits.find((t) => countAt(t) < rules.maxPer7Days) };
};

/** In the order a reason is reported: the most specific first. */
const RULES: readonly Rule[] = [pause, calendar, perDay, perWeek, daysApart, rolling];

/** The first rule that forbids a contact at `at`, or undefined when one more contact is allowed. */
export function firstBlocker(at: number, context: GateContext): Blocker | undefined {
  const local = DateTime.fromMillis(at, { zone: context.zone });
  const day = dayNumber(local);
  const moment: Moment = { at, local, day, monday: day - (local.weekday - 1) };
  for (const rule of RULES) {
    const blocker = rule(moment, context);
    if (blocker) return blocker;
  }
  return undefined;
}

/**
 * The earliest instant ≥ `from` that no rule forbids, or undefined when there is none up to `limit`.
 * Each blocker moves the candidate to the earliest instant its rule allows; the candidate only grows
 * and never passes an instant every rule allows, so the first candidate no rule blocks is the answer.
 */
export function searchAllowed(from: number, context: GateContext, limit: number): number | undefined {
  let candidate = from;
  while (candidate <= limit) {
    const blocker = firstBlocker(candidate, context);
    if (!blocker) return candidate;
    if (blocker.earliest === undefined || blocker.earliest <= candidate) return undefined;
    candidate = blocker.earliest;
  }
  return undefined;
}

/** `ccc yyyy-MM-dd HH:mm` in `zone`, English weekday names: log lines read the same for every debtor. */
export function localLabel(at: number, zone: string, format = 'ccc yyyy-MM-dd HH:mm'): string {
  return DateTime.fromMillis(at, { zone }).setLocale('en').toFormat(format);
}
