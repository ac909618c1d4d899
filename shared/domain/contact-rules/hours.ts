import { DateTime } from 'luxon';
import { isPublicHoliday } from '../planning/holidays.js';
import { effectiveZone, knownZone } from '../planning/zone.js';
import { WEEKDAY_CODES, type ContactRules, type DayHours } from './presets.js';

/** Far more than any sane set of rules needs (holidays never fill a year); a guard against an infinite loop. */
export const MAX_DAYS_AHEAD = 800;

/** Why a moment is not an allowed contact time by the calendar rules alone (caps and pauses aside). */
export type HoursVerdict = 'allowed' | 'outside-hours' | 'holiday';

/**
 * Whether `instant` falls in the allowed hours of its local weekday and (when `skipPublicHolidays`) not
 * on a public holiday of `country`, in the debtor's zone (UTC if unknown). With `zoneCandidates` (the
 * debtor may be in any of them: Account.zoneCandidates) it must be allowed in each of them too.
 *
 * @example
 * isAllowedByRules(new Date('2026-12-13T15:15:00Z'), contactRulesFor(policy, 'CO'), 'America/Bogota', 'CO') // false: a Sunday
 * // 09:00 in New York is 06:00 in Los Angeles: not allowed for a US debtor of unknown state
 * isAllowedByRules(new Date('2026-12-14T14:00:00Z'), usRules, 'America/New_York', 'US', ['America/New_York', 'America/Los_Angeles']) // false
 */
export function isAllowedByRules(instant: Date, rules: ContactRules, timezone: string, country?: string, zoneCandidates?: readonly string[]): boolean {
  return gateZones(timezone, zoneCandidates).every(
    (zone) => hoursVerdict(DateTime.fromJSDate(instant, { zone }), rules, country) === 'allowed',
  );
}

/**
 * The zones an instant must be allowed in: the debtor's zone and every candidate zone, each in its
 * canonical spelling, once each. A name this runtime cannot compute in (a zone newer than its ICU
 * data, a typo in stored data) drops out rather than becoming UTC, which would move the window by
 * hours: the zones that remain still bound the debtor. Only when no zone at all is known is it UTC
 * (effectiveZone's fallback).
 *
 * @example
 * gateZones('America/Santiago', ['America/Santiago', 'America/Atlantis']) // ['America/Santiago']
 */
export function gateZones(timezone: string, zoneCandidates?: readonly string[]): string[] {
  const zones = [timezone, ...(zoneCandidates ?? [])].map(knownZone).filter((zone): zone is string => zone !== undefined);
  return zones.length > 0 ? [...new Set(zones)] : [effectiveZone(timezone)];
}

/**
 * The calendar verdict at a local moment: a holiday is reported as such only on a day that would
 * otherwise be open, so a Sunday holiday in Colombia reads "outside hours", not "holiday".
 */
export function hoursVerdict(local: DateTime, rules: ContactRules, country: string | undefined): HoursVerdict {
  const hours = hoursOf(local, rules);
  if (!hours || !isInside(local, hours)) return 'outside-hours';
  if (rules.skipPublicHolidays && country && isPublicHoliday(country, local.toISODate() ?? '')) return 'holiday';
  return 'allowed';
}

/**
 * The first instant ≥ `from` allowed by the calendar rules: `from` itself when allowed, otherwise the
 * opening of the next allowed day. Built from local wall-clock times with Luxon and walking calendar
 * dates (not 24-hour steps), so a DST change moves nothing: 07:00 stays 07:00 local, and an opening
 * that falls in a DST gap (midnight in Santiago on the day clocks spring forward) opens when the day does.
 *
 * @example
 * // Sunday 10:15 in Bogotá, CO preset → Monday 07:00
 * nextAllowedByRules(new Date('2026-12-13T15:15:00Z'), coRules, 'America/Bogota', 'CO') // 2026-12-14T12:00:00.000Z
 */
export function nextAllowedByRules(from: Date, rules: ContactRules, timezone: string, country?: string, zoneCandidates?: readonly string[]): Date {
  const found = findAllowedInZones(from, rules, gateZones(timezone, zoneCandidates), country, MAX_DAYS_AHEAD);
  if (!found) throw new RangeError(`no allowed contact time within ${MAX_DAYS_AHEAD} days of ${from.toISOString()}`);
  return found;
}

/** `nextAllowedByRules` that gives up (undefined) after `days` calendar days instead of throwing. */
export function findAllowed(from: Date, rules: ContactRules, timezone: string, country: string | undefined, days: number): Date | undefined {
  const zone = effectiveZone(timezone);
  const local = DateTime.fromJSDate(from, { zone });
  if (hoursVerdict(local, rules, country) === 'allowed') return new Date(from.getTime());

  // Calendar dates are walked in UTC, where every day has 24 hours; only the opening is built in the zone.
  const firstDay = DateTime.utc(local.year, local.month, local.day);
  for (let i = 0; i <= days; i += 1) {
    const day = firstDay.plus({ days: i });
    const code = WEEKDAY_CODES[day.weekday - 1];
    const hours = code === undefined ? undefined : rules.hours[code];
    if (!hours) continue;
    // A holiday is known from the date alone: skip it before paying for the zone arithmetic.
    if (rules.skipPublicHolidays && country && isPublicHoliday(country, day.toISODate() ?? '')) continue;
    const [hour, minute] = hoursAndMinutes(hours.start);
    const opening = openingInstant(day, hour, minute, zone);
    // On the first day `from` may already be past the opening; later days open at `start`.
    const candidate = opening < local ? local : opening;
    if (candidate.toISODate() === day.toISODate() && hoursVerdict(candidate, rules, country) === 'allowed') return candidate.toJSDate();
  }
  return undefined;
}

/**
 * The first instant ≥ `from` allowed in every one of `zones` (undefined when there is none within
 * `days`). Each zone's next allowed instant can only move the candidate forward, and never past an
 * instant all zones allow, so the first candidate no zone moves is the answer.
 */
export function findAllowedInZones(from: Date, rules: ContactRules, zones: readonly string[], country: string | undefined, days: number): Date | undefined {
  const limit = from.getTime() + (days + 1) * 86_400_000;
  let candidate = from.getTime();
  while (candidate <= limit) {
    let moved = false;
    for (const zone of zones) {
      const next = findAllowed(new Date(candidate), rules, zone, country, days)?.getTime();
      if (next === undefined) return undefined;
      if (next > candidate) {
        candidate = next;
        moved = true;
      }
    }
    if (!moved) return new Date(candidate);
  }
  return undefined;
}

/**
 * The first instant of `day` whose local time is `hour:minute` or later. Usually that wall time
 * itself; when a clock change skips it (Easter Island jumps from 22:00 to 23:00 on a September
 * Saturday, so 22:01 never happens), the moment the clock shows again, the end of the gap (23:00) —
 * not the wall time moved by the gap's length (23:01), which would lose the window's first minutes.
 */
function openingInstant(day: DateTime, hour: number, minute: number, zone: string): DateTime {
  const opening = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  if (opening.hour === hour && opening.minute === minute) return opening;
  const wanted = hour * 60 + minute;
  let earliest = opening;
  for (let earlier = opening.minus({ minutes: 1 }); earlier.day === day.day && earlier.hour * 60 + earlier.minute >= wanted; earlier = earlier.minus({ minutes: 1 })) {
    earliest = earlier;
  }
  return earliest;
}

/** `HH:MM` → minutes since local midnight (`24:00` is 1440, the end of the day). */
export function minutesOfDay(hhmm: string): number {
  const [hours, minutes] = hoursAndMinutes(hhmm);
  return hours * 60 + minutes;
}

function hoursOf(local: DateTime, rules: ContactRules): DayHours | undefined {
  const code = WEEKDAY_CODES[local.weekday - 1];
  return code === undefined ? undefined : rules.hours[code];
}

/** Half-open: `start` is inside, `end` is not (08:00–19:00 allows 18:59:59, not 19:00). */
function isInside(local: DateTime, hours: DayHours): boolean {
  const minute = local.hour * 60 + local.minute;
  return minute >= minutesOfDay(hours.start) && minute < minutesOfDay(hours.end);
}

function hoursAndMinutes(hhmm: string): [number, number] {
  return [Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))];
}
