import { businessDaysPastDue } from '../planning/business-day.js';
import type { Invoice } from '../types.js';
import type { Dispute } from './types.js';

/** An account's open invoices sorted for a demand: what may be asked for, and what is only listed. */
export interface DemandSplit<T extends Invoice> {
  /** Open, undisputed, sound dates and at least one day past their (business-day) due date: the only ones a demand asks for. */
  readonly overdue: readonly { readonly invoice: T; readonly daysLate: number }[];
  /** Open, undisputed and not yet late: listed apart, never demanded, never in the overdue balance. */
  readonly notYetDue: readonly T[];
  /** Open and held by an open dispute: being looked at in good faith, never demanded. */
  readonly disputed: readonly T[];
  /** Open with a date warning (shared/domain/types.ts Invoice.dateWarning): for a person, never demanded. */
  readonly review: readonly T[];
}

/**
 * Splits an account's invoices for a letter, a "final" notice or a hand-off package at `now`. Only
 * invoices with a balance and status `open` count; the rest are neither demanded nor listed. Each list
 * is ordered by due date, then invoice number, so the text never depends on the order invoices were read.
 *
 * @example
 * const split = splitForDemand(invoices, disputes, now, 'America/Bogota', 'CO');
 * split.overdue.map((o) => o.invoice.invoiceNumber) // the invoices the letter may demand
 */
export function splitForDemand<T extends Invoice>(
  invoices: readonly T[],
  disputes: readonly Pick<Dispute, 'invoiceNumber' | 'status'>[],
  now: Date,
  timezone: string,
  country: string | undefined,
): DemandSplit<T> {
  const held = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
  const open = invoices.filter((i) => i.status === 'open' && i.balance > 0).sort(byDueDate);
  const overdue: { invoice: T; daysLate: number }[] = [];
  const notYetDue: T[] = [];
  const disputed: T[] = [];
  const review: T[] = [];
  for (const invoice of open) {
    if (held.has(invoice.invoiceNumber)) disputed.push(invoice);
    else if (invoice.dateWarning) review.push(invoice);
    else {
      const daysLate = businessDaysPastDue(invoice.dueDate, now, timezone, country);
      if (daysLate >= 1) overdue.push({ invoice, daysLate });
      else notYetDue.push(invoice);
    }
  }
  return { overdue, notYetDue, disputed, review };
}

function byDueDate(a: Invoice, b: Invoice): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0;
}
