import { daysPastDue } from './aging.js';
import { isPublicHoliday } from './holidays.js';

const MS_PER_DAY = 86_400_000;
/** No country has a fortnight of consecutive non-business days; a guard against a broken table. */
const MAX_ROLL_DAYS = 14;

/**
 * Whether a calendar date (`YYYY-MM-DD`) is a business day in `country`: Monday to Friday and not a
 * national public holiday there (no country: weekends only).
 *
 * @example
 * isBusinessDay('2026-12-25', 'MX') // false (Navidad)
 */
export function isBusinessDay(date: string, country: string | undefined): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  if (weekday === 0 || weekday === 6) return false;
  return !(country && isPublicHoliday(country, date));
}

/**
 * The business day a deadline really falls on: the date itself when it is a business day, otherwise
 * the next one. Commercial law rolls a deadline that ends on a holiday to the next day (CO Código de
 * Comercio art. 829: "El plazo que venza en día feriado se prorrogará hasta el día siguiente"), and a
 * payment cannot be asked for on a day the debtor's bank is closed: a reminder must not call an
 * invoice due on a Sunday "1 day late" on Monday, nor may a letter set its deadline on a Sunday.
 *
 * @example
 * nextBusinessDay('2026-12-12', 'MX') // '2026-12-14' (a Saturday rolls to Monday)
 * nextBusinessDay('2026-12-25', 'CO') // '2026-12-28' (Navidad is a Friday)
 */
export function nextBusinessDay(date: string, country: string | undefined): string {
  let day = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(day)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  for (let i = 0; i <= MAX_ROLL_DAYS; i += 1) {
    const text = new Date(day).toISOString().slice(0, 10);
    if (isBusinessDay(text, country)) return text;
    day += MS_PER_DAY;
  }
  return date;
}

/**
 * Days an invoice is late at `now`, counted from the business day its due date rolls to (see
 * nextBusinessDay), in the debtor's zone: 0 on that day, negative before it. What debtors read
 * ("3 días de atraso") and what a demand may include.
 *
 * @example
 * businessDaysPastDue('2026-12-12', new Date('2026-12-14T15:00:00Z'), 'America/Mexico_City', 'MX') // 0 (due Saturday, payable Monday)
 */
export function businessDaysPastDue(dueDate: string, now: Date, timezone: string, country: string | undefined): number {
  return daysPastDue(nextBusinessDay(dueDate, country), now, timezone);
}
