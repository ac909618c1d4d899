import { DateTime } from 'luxon';
import { effectiveZone } from './zone.js';

export const AGING_BUCKETS = ['not-due', '0-30', '31-60', '61-90', '90+'] as const;

/** Where an invoice sits on the aging report: not yet due, or how many days late, in 30-day bands. */
export type AgingBucket = (typeof AGING_BUCKETS)[number];

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Calendar days between the due date and today's date in the debtor's zone: 0 on the due date,
 * 1 the day after, negative before it. Whole calendar days, so a DST change or the hour of `now` never
 * shifts the count. An unknown zone counts in UTC.
 *
 * @example
 * daysPastDue('2026-12-15', new Date('2026-12-18T03:00:00Z'), 'America/Mexico_City') // 2 (still the 17th in CDMX)
 */
export function daysPastDue(dueDate: string, now: Date, timezone: string): number {
  const local = DateTime.fromJSDate(now, { zone: effectiveZone(timezone) });
  const today = Date.UTC(local.year, local.month - 1, local.day);
  return Math.round((today - calendarDayUtc(dueDate)) / MS_PER_DAY);
}

/**
 * The aging bucket of a number of days past due: `not-due` before the due date, `0-30` from the due
 * date to 30 days late, then `31-60`, `61-90` and `90+` (91 days or more).
 */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue < 0) return 'not-due';
  if (daysPastDue <= 30) return '0-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '90+';
}

/** Days past due at which an invoice enters the next bucket: 31 (31-60), 61 (61-90), 91 (90+). */
const BUCKET_STARTS = [31, 61, 91] as const;

/**
 * The instant an invoice next changes aging bucket past its due date — local midnight, in the
 * debtor's zone, of the day it becomes 31, 61 or 91 days late — or undefined once it is 91 days late.
 * The planner picks a segment by bucket, so this is when the invoice must be planned again: its
 * 31–60 cadence can only be scheduled once it is 31 days late.
 *
 * @example
 * nextBucketStart('2026-12-01', new Date('2026-12-10T00:00:00Z'), 'America/Mexico_City') // 2027-01-01T06:00:00.000Z
 */
export function nextBucketStart(dueDate: string, now: Date, timezone: string): Date | undefined {
  const late = daysPastDue(dueDate, now, timezone);
  const next = BUCKET_STARTS.find((start) => start > late);
  if (next === undefined) return undefined;
  const due = DateTime.fromMillis(calendarDayUtc(dueDate), { zone: 'UTC' });
  return DateTime.fromObject({ year: due.year, month: due.month, day: due.day }, { zone: effectiveZone(timezone) })
    .plus({ days: next })
    .toJSDate();
}

/** Midnight UTC of a `YYYY-MM-DD` date, in ms. Throws a RangeError on anything else (ingest validates). */
export function calendarDayUtc(date: string): number {
  const match = ISO_DATE.exec(date);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  return ms;
}
