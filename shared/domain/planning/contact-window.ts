import { DateTime } from 'luxon';
import type { Policy } from '../policy/schema.js';
import { isPublicHoliday } from './holidays.js';
import { effectiveZone } from './zone.js';

type ContactWindow = Policy['contactWindow'];

/** Luxon's weekday numbers (1 = Monday … 7 = Sunday) as the policy spells them. */
const WEEKDAY_CODES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** Far more than any sane window needs (holidays never fill a year); a guard against an infinite loop. */
const MAX_DAYS_AHEAD = 800;

/**
 * Whether a message may go out at `instant`: an allowed weekday, `start` ≤ local time < `end`, and (when
 * `skipPublicHolidays`) not a public holiday of `country`, all in the debtor's zone (UTC if unknown).
 *
 * @example
 * const window = { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '08:00', end: '19:00', skipPublicHolidays: true };
 * isInsideContactWindow(new Date('2026-12-14T15:00:00Z'), window, 'America/Mexico_City', 'MX') // true, Monday 09:00
 */
export function isInsideContactWindow(instant: Date, window: ContactWindow, timezone: string, country?: string): boolean {
  const local = DateTime.fromJSDate(instant, { zone: effectiveZone(timezone) });
  return isAllowedDay(local, window, country) && isInsideHours(local, window);
}

/**
 * The first instant ≥ `from` inside the contact window: `from` itself when it is already inside,
 * otherwise the window's start on the next allowed day. Built from local wall-clock times with Luxon,
 * so a DST change in between moves nothing (08:00 stays 08:00 local).
 *
 * @example
 * // Friday 20:00 in Mexico City → Monday 08:00
 * nextAllowedInstant(new Date('2026-12-12T02:00:00Z'), window, 'America/Mexico_City', 'MX') // 2026-12-14T14:00:00Z
 */
export function nextAllowedInstant(from: Date, window: ContactWindow, timezone: string, country?: string): Date {
  const zone = effectiveZone(timezone);
  const local = DateTime.fromJSDate(from, { zone });
  if (isAllowedDay(local, window, country) && isInsideHours(local, window)) return new Date(from.getTime());

  const [startHour, startMinute] = hoursAndMinutes(window.start);
  // Walk calendar dates (not 24-hour steps) so the walk is independent of DST.
  const firstDay = DateTime.utc(local.year, local.month, local.day);
  for (let i = 0; i < MAX_DAYS_AHEAD; i += 1) {
    const day = firstDay.plus({ days: i });
    const opening = DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour: startHour, minute: startMinute },
      { zone },
    );
    // On the first day `from` may already be past the opening; later days open at `start`.
    const candidate = opening < local ? local : opening;
    if (
      candidate.toISODate() === day.toISODate() &&
      isAllowedDay(candidate, window, country) &&
      isInsideHours(candidate, window)
    ) {
      return candidate.toJSDate();
    }
  }
  throw new RangeError(`no allowed contact time within ${MAX_DAYS_AHEAD} days of ${from.toISOString()}`);
}

function isAllowedDay(local: DateTime, window: ContactWindow, country: string | undefined): boolean {
  const code = WEEKDAY_CODES[local.weekday - 1];
  if (code === undefined || !window.days.includes(code)) return false;
  return !(window.skipPublicHolidays && country && isPublicHoliday(country, local.toISODate() ?? ''));
}

/** Half-open: `start` is inside, `end` is not (a 08:00–19:00 window allows 18:59:59, not 19:00). */
function isInsideHours(local: DateTime, window: ContactWindow): boolean {
  const minute = local.hour * 60 + local.minute;
  return minute >= minutesOfDay(window.start) && minute < minutesOfDay(window.end);
}

function hoursAndMinutes(hhmm: string): [number, number] {
  return [Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))];
}

/** `HH:MM` (validated by the policy schema) → minutes since local midnight. */
export function minutesOfDay(hhmm: string): number {
  const [hours, minutes] = hoursAndMinutes(hhmm);
  return hours * 60 + minutes;
}
