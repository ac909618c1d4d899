import { formatMinorUnits } from '../ingest/money.js';
import { businessDaysPastDue } from '../planning/business-day.js';
import type { Invoice } from '../types.js';
import type { Dispute } from './types.js';

/** An amount in one currency, integer minor units. */
export interface CurrencyAmount {
  readonly currency: string;
  readonly minor: number;
}

/** Where an account's open invoices stand at one instant, in the debtor's zone. */
export interface Delinquency {
  /** Open invoices with a balance, oldest due first. */
  readonly open: readonly Invoice[];
  /** The open ones without an open dispute and with sound dates: the ones escalation may act on. */
  readonly undisputed: readonly Invoice[];
  /** Open ones whose dates look wrong (Invoice.dateWarning): a person checks them; escalation never acts on them. */
  readonly review: readonly Invoice[];
  /** The open invoice numbers an open dispute holds. */
  readonly disputed: ReadonlySet<string>;
  /**
   * The oldest open, undisputed invoice and how late it is, counted from the business day its due date
   * rolls to (a due date on a Sunday is not late on Monday); absent when there is none.
   */
  readonly oldest?: { readonly invoice: Invoice; readonly daysPastDue: number };
  /** Open, undisputed balances per currency, currencies in alphabetical order. */
  readonly balances: readonly CurrencyAmount[];
}

/**
 * Sorts out an account's invoices: which are open (status `open` and a balance above 0), which of
 * those an open dispute holds, which have dates to review, the oldest of the rest (earliest due date,
 * then lowest number, so the answer never depends on the order invoices were read in) and what is
 * owed per currency.
 *
 * @example
 * const state = delinquency(invoices, disputes, now, 'America/Mexico_City', 'MX');
 * state.oldest?.daysPastDue // 67
 */
export function delinquency(invoices: readonly Invoice[], disputes: readonly Dispute[], now: Date, timezone: string, country?: string): Delinquency {
  const open = invoices.filter((invoice) => invoice.status === 'open' && invoice.balance > 0).sort(oldestFirst);
  const disputed = new Set(
    disputes.filter((d) => d.status === 'open' && open.some((invoice) => invoice.invoiceNumber === d.invoiceNumber)).map((d) => d.invoiceNumber),
  );
  const review = open.filter((invoice) => !disputed.has(invoice.invoiceNumber) && invoice.dateWarning !== undefined);
  const undisputed = open.filter((invoice) => !disputed.has(invoice.invoiceNumber) && invoice.dateWarning === undefined);
  const first = undisputed[0];
  const totals = new Map<string, number>();
  for (const invoice of undisputed) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.balance);
  const balances = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([currency, minor]) => ({ currency, minor }));
  return {
    open,
    undisputed,
    review,
    disputed,
    ...(first ? { oldest: { invoice: first, daysPastDue: businessDaysPastDue(first.dueDate, now, timezone, country) } } : {}),
    balances,
  };
}

/**
 * Amounts for a person to read, in plain ISO form (no locale guessing in an agent's task):
 * `MXN 12345.67 + USD 10.00`, or `nothing` for none.
 *
 * @example
 * formatAmounts([{ currency: 'MXN', minor: 1234567 }]) // 'MXN 12345.67'
 */
export function formatAmounts(amounts: readonly CurrencyAmount[]): string {
  if (amounts.length === 0) return 'nothing';
  return amounts.map((amount) => `${amount.currency} ${formatMinorUnits(amount.minor, amount.currency)}`).join(' + ');
}

function oldestFirst(a: Invoice, b: Invoice): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0;
}
