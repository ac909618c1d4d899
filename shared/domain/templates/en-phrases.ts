import { inParens } from './catalog.js';

/** English phrases shared by the one-invoice and several-invoice texts, and by SMS and WhatsApp. */

/**
 * What a sentence knows of a due date: the invoice's own date, days past due (from the business day
 * the due date rolls to) and, once a due date on a non-business day has come, that business day.
 */
export interface Due {
  readonly dueDate: string;
  readonly daysPastDue: number;
  readonly rolledTo?: string | undefined;
}

/** `1 day`, `5 days`. */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

/** How late the invoice is, for overdue messages: `5 days overdue`, `1 day overdue`. */
export function overdue(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue > 0) return `${days(v.daysPastDue)} overdue`;
  return v.daysPastDue === 0 ? 'due today' : 'not yet due';
}

/**
 * How late, next to a printed due date: `3 days overdue`, or, for a due date on a non-business day,
 * `1 day overdue, counted from November 23, 2026, the first business day after the due date`. Days
 * are counted from that business day because the invoice was not late before it (the deadline rolls
 * to the next business day, CO Código de Comercio art. 829, and late interest runs from there), which
 * is also how the letter decides what it demands (at least 1 day); the day is named so that "due on
 * November 21 … 1 day overdue" does not read as a mistake.
 */
export function overdueCounted(v: { readonly daysPastDue: number; readonly rolledTo?: string | undefined }): string {
  if (v.daysPastDue <= 0 || v.rolledTo === undefined) return overdue(v);
  return `${days(v.daysPastDue)} overdue, counted from ${v.rolledTo}, the first business day after the due date`;
}

/** The due date fell on a non-business day, has come, and the business day it rolled to is today or ahead. */
export function inGrace(v: Due): v is Due & { readonly rolledTo: string } {
  return v.rolledTo !== undefined && v.daysPastDue <= 0;
}

/** `due on November 21, 2026 (a non-business day)`. */
export function dueOnNonBusinessDay(dueDate: string): string {
  return `due on ${dueDate} (a non-business day)`;
}

/** Until when it can be paid without being late: `today, November 23, 2026, without being late`, `by November 23, 2026 without being late (tomorrow)`. */
export function withoutBeingLate(v: Due & { readonly rolledTo: string }): string {
  return v.daysPastDue === 0 ? `today, ${v.rolledTo}, without being late` : `by ${v.rolledTo} without being late${inParens(untilDue(v))}`;
}

/**
 * When an invoice falls due, in the clause after its amount (`invoice F-1 for $5.00…`): ` is due on
 * December 15, 2026 (in 5 days)` (`verb` replaces "is due"), ` is due today, December 15, 2026`, or,
 * for a due date on a non-business day, `, due on November 21, 2026 (a non-business day), can be paid
 * today, November 23, 2026, without being late`: never a due date the invoice does not have.
 */
export function whenDue(v: Due, verb = 'is due'): string {
  if (inGrace(v)) return `, ${dueOnNonBusinessDay(v.dueDate)}, can be paid ${withoutBeingLate(v)}`;
  if (v.daysPastDue === 0) return ` is due today, ${v.dueDate}`;
  return ` ${verb} on ${v.dueDate}${inParens(untilDue(v))}`;
}

/** How soon it falls due, for heads-up messages: `in 5 days`, `tomorrow`, or nothing once due. */
export function untilDue(v: { readonly daysPastDue: number }): string {
  if (v.daysPastDue < -1) return `in ${days(-v.daysPastDue)}`;
  if (v.daysPastDue === -1) return 'tomorrow';
  return v.daysPastDue === 0 ? 'today' : '';
}

export const ALREADY_PAID = 'If you have already made this payment, please disregard this message, and thank you.';
export const ALREADY_PAID_FORMAL = 'If payment has already been made, please disregard this notice.';

/** What follows a `final-notice` when neither payment nor an answer comes: the collection letter (the pre-legal stage), said plainly. */
export const LETTER_NEXT = 'If we do not hear from you, we will send you a letter setting out the overdue balance.';
export const LETTER_NEXT_FORMAL = 'If we receive neither payment nor a proposal, we will send you a letter setting out the overdue balance.';
