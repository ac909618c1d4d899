import type { Invoice } from '../types.js';
import type { Dispute } from './types.js';

/**
 * Why an open invoice is not in a payment plan: an open dispute holds it (it is being looked at in
 * good faith and is never demanded), or its dates look wrong (Invoice.dateWarning: a person checks it).
 */
export type PlanExclusion = 'disputed' | 'dates-to-check';

/** An open invoice of the plan's currency the plan does not settle, and why. */
export interface PlanLeftOut {
  readonly invoiceNumber: string;
  readonly reason: PlanExclusion;
}

/** What a payment plan for an account can settle, or why there is none. */
export type PlanScope =
  | {
      readonly kind: 'plan';
      readonly currency: string;
      /** Open, with a balance, in `currency`, no open dispute, sound dates; sorted by invoice number. */
      readonly invoiceNumbers: readonly string[];
      /** The sum of their balances, minor units: what the plan is for (before any discount). */
      readonly balance: number;
      /** Open invoices of `currency` left out, sorted by invoice number. */
      readonly leftOut: readonly PlanLeftOut[];
    }
  /** Nothing a plan may settle (in `currency` when one was asked for); `leftOut` says what is open but held. */
  | { readonly kind: 'nothing'; readonly leftOut: readonly PlanLeftOut[] }
  /** What a plan may settle is in several currencies and none was chosen. */
  | { readonly kind: 'currencies'; readonly currencies: readonly string[]; readonly leftOut: readonly PlanLeftOut[] };

/**
 * The invoices a payment plan settles: the account's open invoices with a balance that no open
 * dispute holds and whose dates are sound (the ones reminders and letters may ask for), in one
 * currency — `currency` when given, else the only one they are in. The debtor portal's offer and the
 * plan created from it (and a collector's plan) are both made from this, so the offer shown is the
 * plan agreed.
 *
 * @example
 * planScope([a1, a2], [{ invoiceNumber: 'A-2', status: 'open' }])
 * // { kind: 'plan', currency: 'MXN', invoiceNumbers: ['A-1'], balance: 1000000, leftOut: [{ invoiceNumber: 'A-2', reason: 'disputed' }] }
 */
export function planScope(invoices: readonly Invoice[], disputes: readonly Pick<Dispute, 'invoiceNumber' | 'status'>[], currency?: string): PlanScope {
  const held = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
  const open = invoices.filter((i) => i.status === 'open' && i.balance > 0 && (currency === undefined || i.currency === currency)).sort(byNumber);
  const reason = (i: Invoice): PlanExclusion | undefined => (held.has(i.invoiceNumber) ? 'disputed' : i.dateWarning ? 'dates-to-check' : undefined);
  const settled = open.filter((i) => reason(i) === undefined);
  const leftOutOf = (list: readonly Invoice[]): PlanLeftOut[] =>
    list.flatMap((i) => {
      const why = reason(i);
      return why ? [{ invoiceNumber: i.invoiceNumber, reason: why }] : [];
    });
  const currencies = [...new Set(settled.map((i) => i.currency))].sort();
  if (currencies.length === 0) return { kind: 'nothing', leftOut: leftOutOf(open) };
  if (currencies.length > 1) return { kind: 'currencies', currencies, leftOut: leftOutOf(open) };
  const only = currencies[0]!;
  return {
    kind: 'plan',
    currency: only,
    invoiceNumbers: settled.map((i) => i.invoiceNumber),
    balance: settled.reduce((sum, i) => sum + i.balance, 0),
    leftOut: leftOutOf(open.filter((i) => i.currency === only)),
  };
}

/** `A-2 (open dispute), A-7 (dates to check)`: what a plan leaves out, in the log's and the CLI's words. */
export function describeLeftOut(leftOut: readonly PlanLeftOut[]): string {
  return leftOut.map((l) => `${l.invoiceNumber} (${l.reason === 'disputed' ? 'open dispute' : 'dates to check'})`).join(', ');
}

function byNumber(a: Invoice, b: Invoice): number {
  return a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0;
}
