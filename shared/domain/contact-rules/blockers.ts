import { DateTime } from 'luxon';
import type { ContactState } from '../../ports.js';
import type { Channel } from '../types.js';
import { effectiveZone } from '../planning/zone.js';
import { findAllowedInZones, gateZones, hoursVerdict, MAX_DAYS_AHEAD } from './hours.js';
import { dayNumber, placeContacts, startOfDayNumber, type PlacedContact } from './ledger.js';
import type { ContactRules } from './presets.js';

const DAY_MS = 86_400_000;
const ROLLING_MS = 7 * DAY_MS;

/** Everything the rules look at for one account, prepared once per decision. */
export interface GateContext {
  readonly rules: ContactRules;
  readonly zone: string;
  /** `zone` and every zone the debtor may be in (Account.zoneCandidates): the calendar rules hold in each. */
  readonly zones: readonly string[];
  readonly country: string | undefined;
  /** The channel of the contact being decided (CO: one channel per 7 days); undefined: any. */
  readonly channel: Channel | undefined;
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
}

type Rule = (moment: Moment, context: GateContext) => Blocker | undefined;

/** What the gate knows of the debtor beyond its rules and ledger. */
export interface GateSubject {
  /** Account.zoneCandidates: the debtor may be in any of these zones. */
  readonly zoneCandidates?: readonly string[] | undefined;
  /** The channel of the contact being decided. */
  readonly channel?: Channel | undefined;
}

/**
 * Prepares one account's rules, zone (the fallback of effectiveZone), zone candidates, ledger and
 * pause for the blockers. An unparseable `pausedUntil` is no pause: the reply that set it is in the
 * interaction log.
 *
 * @example
 * const context = gateContext(contactRulesFor(policy, 'CO'), 'America/Bogota', 'CO', state, { channel: 'email' });
 */
export function gateContext(rules: ContactRules, timezone: string, country: string | undefined, state: ContactState, subject: GateSubject = {}): GateContext {
  const zone = effectiveZone(timezone);
  const paused = state.pausedUntil === undefined ? Number.NaN : Date.parse(state.pausedUntil);
  return {
    rules,
    zone,
    zones: gateZones(timezone, subject.zoneCandidates),
    country: country || undefined,
    channel: subject.channel,
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

/**
 * Allowed weekdays and hours, public holidays, in the debtor's zone and in every zone it may be in
 * (Reg. F §1006.6(b)(1)(i): where the location is unclear, a time convenient at every possible one).
 */
const calendar: Rule = ({ at, local }, { rules, zone, zones, country }) => {
  for (const where of zones) {
    const here = where === zone ? local : DateTime.fromMillis(at, { zone: where });
    const verdict = hoursVerdict(here, rules, country);
    if (verdict === 'allowed') continue;
    const earliest = findAllowedInZones(new Date(at), rules, zones, country, MAX_DAYS_AHEAD)?.getTime();
    const also = zones.length > 1 ? `, one of the zones the debtor may be in` : '';
    if (verdict === 'holiday') {
      return { reason: `public holiday in ${country?.toUpperCase()} (${localLabel(at, where, 'ccc yyyy-MM-dd')} ${where}${also}; ${rules.source})`, earliest };
    }
    return { reason: `outside contact hours (${localLabel(at, where)} ${where}${also}; ${rules.source})`, earliest };
  }
  return undefined;
};

/** Per local calendar day: the next day may have room. */
const perDay: Rule = ({ day }, { rules, zone, contacts }) => {
  const count = contacts.filter((contact) => contact.day === day).length;
  if (count < rules.maxPerDay) return undefined;
  return { reason: `daily cap reached (${rules.maxPerDay} per day)`, earliest: startOfDayNumber(day + 1, zone) };
};

/**
 * CL (Ley 19.496 art. 37): at most `weekly.count` contacts in any rolling 7 × 24 h. A contact counts
 * when it is less than 7 days away on either side, as in `rolling` below.
 */
const perWeek: Rule = ({ at }, { rules, contacts }) => {
  if (!rules.weekly) return undefined;
  const { count } = rules.weekly;
  const countAt = (t: number) => contacts.filter((contact) => Math.abs(contact.at - t) < ROLLING_MS).length;
  if (countAt(at) < count) return undefined;
  const exits = contacts.map((contact) => contact.at + ROLLING_MS).filter((t) => t > at).sort((a, b) => a - b);
  return { reason: `weekly limit reached (${count} in any 7 days; ${rules.source})`, earliest: exits.find((t) => countAt(t) < count) };
};

/**
 * CL: at least `minDaysApart` days from every other contact, on either side (a contact recorded a
 * little in the future by a concurrent dispatcher counts too), read both ways at once: local calendar
 * dates that far apart (Monday → Wednesday) and that many times 24 hours (Monday 18:00 → Wednesday 18:00).
 */
const daysApart: Rule = ({ at, day }, { rules, zone, contacts }) => {
  if (!rules.weekly) return undefined;
  const { minDaysApart } = rules.weekly;
  const tooClose = contacts.filter((contact) => Math.abs(contact.day - day) < minDaysApart || Math.abs(contact.at - at) < minDaysApart * DAY_MS);
  if (tooClose.length === 0) return undefined;
  const latest = tooClose.reduce((a, b) => (b.at > a.at ? b : a));
  const earliest = Math.max(...tooClose.map((contact) => Math.max(startOfDayNumber(contact.day + minDaysApart, zone), contact.at + minDaysApart * DAY_MS)));
  return {
    reason: `too soon after the contact of ${localLabel(latest.at, zone)} (${minDaysApart} days apart required; ${rules.source})`,
    earliest,
  };
};

/**
 * CO (Ley 2300 de 2023 art. 3): once contacted, not by another channel within 7 × 24 h of any contact,
 * on either side. The channel already used stays open; another one opens when the last contact on a
 * different channel is 7 days old. A request without a channel is not checked (nothing to compare).
 */
const oneChannel: Rule = ({ at }, { rules, contacts, channel, zone }) => {
  if (!rules.oneChannelPer7Days || channel === undefined) return undefined;
  const others = contacts.filter((contact) => contact.entry.channel !== channel && Math.abs(contact.at - at) < ROLLING_MS);
  if (others.length === 0) return undefined;
  const latest = others.reduce((a, b) => (b.at > a.at ? b : a));
  return {
    reason: `contacted by ${latest.entry.channel} on ${localLabel(latest.at, zone, 'ccc yyyy-MM-dd')}: one channel in any 7 days (${rules.source})`,
    earliest: latest.at + ROLLING_MS,
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
const RULES: readonly Rule[] = [pause, calendar, perDay, oneChannel, perWeek, daysApart, rolling];

/** The first rule that forbids a contact at `at`, or undefined when one more contact is allowed. */
export function firstBlocker(at: number, context: GateContext): Blocker | undefined {
  const local = DateTime.fromMillis(at, { zone: context.zone });
  const moment: Moment = { at, local, day: dayNumber(local) };
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
