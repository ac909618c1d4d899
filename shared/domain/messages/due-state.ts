import { daysPastDue } from '../planning/aging.js';
import { businessDaysPastDue, nextBusinessDay } from '../planning/business-day.js';

/** Where an invoice stands today, as a message says it: a count of days and the date it speaks of. */
export interface DueState {
  /**
   * Before the invoice's own due date: calendar days to it (negative). From then on: days late
   * counted from the business day the due date rolls to (0 on that day, negative while it is still
   * ahead). Never "late" on a day the debtor could not have paid.
   */
  readonly days: number;
  /**
   * The date (`YYYY-MM-DD`) the message names: the invoice's own due date, except between it and the
   * business day it rolls to, when the message speaks of the rolled day ("vence hoy, lunes 14").
   */
  readonly date: string;
}

/**
 * What a message may say about an invoice's due date today. A due date on a weekend or a public
 * holiday of the debtor's country is payable the next business day (CO Código de Comercio art. 829:
 * "El plazo que venza en día feriado se prorrogará hasta el día siguiente"; the same rule in the
 * commercial and civil codes of MX, CL and PE), so an invoice due on Friday 25 December (Navidad)
 * is due "today" on Monday 28 and "1 day late" on Tuesday 29, never "3 days late" on Monday.
 *
 * @example
 * dueState('2026-12-25', new Date('2026-12-28T16:00:00Z'), 'America/Mexico_City', 'MX') // { days: 0, date: '2026-12-28' }
 * dueState('2026-12-25', new Date('2026-12-20T16:00:00Z'), 'America/Mexico_City', 'MX') // { days: -5, date: '2026-12-25' }
 */
export function dueState(dueDate: string, now: Date, timezone: string, country: string | undefined): DueState {
  const calendar = daysPastDue(dueDate, now, timezone);
  if (calendar <= 0) return { days: calendar, date: dueDate };
  const days = businessDaysPastDue(dueDate, now, timezone, country);
  return { days, date: days <= 0 ? nextBusinessDay(dueDate, country) : dueDate };
}
