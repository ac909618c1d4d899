import { DateTime } from 'luxon';
import { effectiveZone } from '../planning/zone.js';

/**
 * Calendar arithmetic in the debtor's zone. Escalation dates are days (`YYYY-MM-DD`) in the debtor's
 * zone, and scheduled evaluations happen at a local time of day, so a daylight-saving change never
 * moves an evaluation to the night.
 */

/**
 * The debtor's calendar day at an instant.
 *
 * @example
 * localDate(new Date('2026-12-18T03:00:00Z'), 'America/Mexico_City') // '2026-12-17'
 */
export function localDate(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: effectiveZone(timezone) }).toISODate() ?? '1970-01-01';
}

/**
 * A calendar day plus (or minus) whole days.
 *
 * @example
 * addDays('2026-12-30', 3) // '2027-01-02'
 */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() ?? date;
}

/**
 * The instant of a local wall-clock time (`HH:MM`) on a calendar day in the debtor's zone. A time
 * that does not exist that day (inside a DST gap) moves forward, as Luxon does.
 *
 * @example
 * atLocalTime('2026-12-18', '09:00', 'America/Bogota').toISOString() // '2026-12-18T14:00:00.000Z'
 */
export function atLocalTime(date: string, time: string, timezone: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromISO(date, { zone: effectiveZone(timezone) })
    .set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/**
 * The first instant after a calendar day plus `graceDays` (the start of the next local day): a
 * promise for the 15th with 2 days of grace runs until the 17th is over.
 *
 * @example
 * endOfLocalDay('2026-12-15', 2, 'America/Mexico_City').toISOString() // '2026-12-18T06:00:00.000Z'
 */
export function endOfLocalDay(date: string, graceDays: number, timezone: string): Date {
  return DateTime.fromISO(date, { zone: effectiveZone(timezone) })
    .plus({ days: graceDays + 1 })
    .startOf('day')
    .toJSDate();
}

/**
 * `time` on `date` in the debtor's zone, or on the first later day where that is after `now`: the
 * next evaluation is always in the future, even when a stage date is today and the hour has passed.
 *
 * @example
 * nextLocalTime('2026-12-18', '09:00', 'UTC', new Date('2026-12-18T10:00:00Z')).toISOString() // '2026-12-19T09:00:00.000Z'
 */
export function nextLocalTime(date: string, time: string, timezone: string, now: Date): Date {
  const today = localDate(now, timezone);
  // Jump straight to today: a date long past would otherwise take one step per day.
  let day = date < today ? today : date;
  let at = atLocalTime(day, time, timezone);
  while (at.getTime() <= now.getTime()) {
    day = addDays(day, 1);
    at = atLocalTime(day, time, timezone);
  }
  return at;
}
