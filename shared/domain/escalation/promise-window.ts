import { DateTime } from 'luxon';
import { addDays, localDate } from './local-time.js';

/**
 * The days a promise to pay may name: from the debtor's today through `promises.maxDaysAhead` days
 * later, in the debtor's zone. A promise pauses reminders and the escalation until its date, so a
 * date years ahead (9999-12-31) would pause the account forever; and a date that is not on the
 * calendar (2027-02-31) must be refused, not rolled into March by a lenient parser and then judged
 * broken at once.
 */
export interface PromiseWindow {
  /** The debtor's today (YYYY-MM-DD). */
  readonly from: string;
  /** The last day a promise may name (YYYY-MM-DD). */
  readonly to: string;
  readonly maxDaysAhead: number;
  /** The zone both days are in. */
  readonly zone: string;
}

/** Why a promise date is refused: not a date, before today, after the window. */
export type PromiseDateProblem = 'date-invalid' | 'date-past' | 'date-too-far';

export type PromiseDateCheck = { readonly ok: true } | { readonly ok: false; readonly problem: PromiseDateProblem; readonly message: string };

/**
 * The window of promise dates at `now` for a debtor in `zone`.
 *
 * @example
 * promiseWindow(new Date('2026-12-01T15:00:00Z'), 'America/Mexico_City', 45)
 * // { from: '2026-12-01', to: '2027-01-15', maxDaysAhead: 45, zone: 'America/Mexico_City' }
 */
export function promiseWindow(now: Date, zone: string, maxDaysAhead: number): PromiseWindow {
  const from = localDate(now, zone);
  return { from, to: addDays(from, maxDaysAhead), maxDaysAhead, zone };
}

/**
 * True for a `YYYY-MM-DD` that names a day of the Gregorian calendar: 2028-02-29 yes, 2027-02-29 and
 * 2027-02-31 no (no rolling over into the next month).
 *
 * @example
 * isCalendarDate('2027-02-31') // false
 */
export function isCalendarDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromFormat(text, 'yyyy-MM-dd', { zone: 'UTC' }).isValid;
}

/**
 * Checks a promise date against the window. `notBefore: false` skips the lower bound: a reply's date
 * was read on the day the debtor wrote it, and a retry after midnight must not refuse "pago hoy".
 * Messages are for collectors (English); the portal says the `problem` in the debtor's language.
 *
 * @example
 * checkPromiseDate('9999-12-31', promiseWindow(now, 'America/Mexico_City', 45))
 * // { ok: false, problem: 'date-too-far', message: 'promise date 9999-12-31 is after the last day a promise may name: …' }
 */
export function checkPromiseDate(date: string, window: PromiseWindow, options: { readonly notBefore?: boolean } = {}): PromiseDateCheck {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return { ok: false, problem: 'date-invalid', message: `promise date must be YYYY-MM-DD, got '${date}'` };
  if (!isCalendarDate(date)) return { ok: false, problem: 'date-invalid', message: `promise date ${date} is not a day of the calendar` };
  if ((options.notBefore ?? true) && date < window.from) {
    return { ok: false, problem: 'date-past', message: `promise date ${date} is before today (${window.from} in ${window.zone})` };
  }
  if (date > window.to) {
    return {
      ok: false,
      problem: 'date-too-far',
      message: `promise date ${date} is after the last day a promise may name: from ${window.from} to ${window.to} (${window.maxDaysAhead} days ahead, policy promises.maxDaysAhead, in ${window.zone})`,
    };
  }
  return { ok: true };
}
