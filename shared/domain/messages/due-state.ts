import { daysPastDue } from '../planning/aging.js';
import { nextBusinessDay } from '../planning/business-day.js';

/** Where an invoice stands today, as a message says it. */
export interface DueState {
  /**
   * Before the invoice's own due date: calendar days to it (negative). From then on: days late
   * counted from the business day the due date rolls to (0 on that day, negative while it is still
   * ahead). Never "late" on a day the debtor could not have paid.
   */
  readonly days: number;
  /** The invoice's own due date (`YYYY-MM-DD`): the only due date a message ever prints. */
  readonly date: string;
  /**
   * Once a due date that is not a business day has come: the business day it rolled to
   * (`YYYY-MM-DD`), the day the invoice can still be paid without being late and the day days late
   * are counted from. Absent for a due date on a business day, and before the due date.
   */
  readonly rolledTo?: string;
}

/**
 * What a message may say about an invoice's due date today. A due date on a weekend or a public
 * holiday of the debtor's country is payable the next business day (CO Código de Comercio art. 829:
 * "El plazo que venza en día feriado se prorrogará hasta el día siguiente"; the same rule in the
 * commercial and civil codes of MX, CL and PE), so an invoice due on Friday 25 December (Navidad)
 * can be paid without being late on Monday 28, and is "1 day late" on Tuesday 29, never "3 days
 * late" on Monday. The message still prints 25 December as its due date (the date on the invoice),
 * and says why Monday is still on time (`rolledTo`).
 *
 * @example
 * dueState('2026-12-25', new Date('2026-12-28T16:00:00Z'), 'America/Mexico_City', 'MX') // { days: 0, date: '2026-12-25', rolledTo: '2026-12-28' }
 * dueState('2026-12-25', new Date('2026-12-20T16:00:00Z'), 'America/Mexico_City', 'MX') // { days: -5, date: '2026-12-25' }
 */
export function dueState(dueDate: string, now: Date, timezone: string, country: string | undefined): DueState {
  const calendar = daysPastDue(dueDate, now, timezone);
  if (calendar < 0) return { days: calendar, date: dueDate };
  const rolled = nextBusinessDay(dueDate, country);
  const days = daysPastDue(rolled, now, timezone);
  return rolled === dueDate ? { days, date: dueDate } : { days, date: dueDate, rolledTo: rolled };
}
