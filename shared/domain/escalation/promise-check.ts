import { formatMinorUnits } from '../ingest/money.js';
import type { Invoice } from '../types.js';
import { endOfLocalDay } from './local-time.js';
import type { PromiseToPay } from './types.js';

/** What the payment history says about the account (the evaluation input's `payments`). */
export interface PaymentsSummary {
  /** Minor units applied to the account in the last 90 days. */
  readonly applied90Days: number;
  readonly partialPayments90Days: number;
  readonly reversals90Days: number;
  /** When the latest payment was applied (UTC). */
  readonly lastPaymentAt?: string;
}

export interface PromiseFacts {
  readonly now: Date;
  /** The debtor's zone: the promised date is a day there. */
  readonly timezone: string;
  readonly graceDays: number;
  readonly payments: PaymentsSummary;
  /** The account's open invoices (balance > 0) now. */
  readonly openInvoices: readonly Pick<Invoice, 'dueDate'>[];
  /** Nothing is owed any more. */
  readonly settled: boolean;
}

export type PromiseVerdict =
  | { readonly status: 'open'; readonly checkAt: Date }
  | { readonly status: 'kept' | 'broken'; readonly reason: string };

/**
 * When a promise is checked: the end of the promised day plus the grace days, in the debtor's zone
 * (the same moment the reminders' pause for it ends).
 *
 * @example
 * promiseGraceEnd({ date: '2026-12-15' }, 'America/Mexico_City', 2).toISOString() // '2026-12-18T06:00:00.000Z'
 */
export function promiseGraceEnd(promise: Pick<PromiseToPay, 'date'>, timezone: string, graceDays: number): Date {
  return endOfLocalDay(promise.date, graceDays, timezone);
}

/**
 * Whether an open promise to pay is still running, kept or broken.
 *
 * - Before its grace end it stays open — unless the account is already settled: then it is kept
 *   (everything was paid before the deadline).
 * - From the grace end on, it is **kept** when a payment was applied at or after the promise was
 *   made (`lastPaymentAt ≥ createdAt`) and either
 *   - it names an amount and the payments of the last 90 days reach it (`applied90Days ≥ amount`), or
 *   - it names no amount ("the balance") and no invoice due on or before the promised date is still
 *     open: all the debtor owed by that day is paid.
 *   Otherwise it is **broken**.
 *
 * The payment summary has no per-payment detail, so a payment made shortly before the promise can
 * count towards it; the rule errs on the debtor's side, never calling a paid promise broken.
 * Currencies are not compared (the summary has one total). A promise already kept or broken keeps
 * its status.
 *
 * @example
 * checkPromise(promise, { now, timezone: 'America/Bogota', graceDays: 2, payments, openInvoices, settled: false })
 * // { status: 'broken', reason: 'promise p-1 to pay COP 500000.00 by 2026-12-15: broken, no payment since it was made' }
 */
export function checkPromise(promise: PromiseToPay, facts: PromiseFacts): PromiseVerdict {
  if (promise.status === 'superseded') throw new RangeError(`promise ${promise.promiseId} was superseded: there is nothing to check`);
  if (promise.status !== 'open') return { status: promise.status, reason: `promise ${promise.promiseId} was already ${promise.status}` };
  const what = describePromise(promise);
  const checkAt = promiseGraceEnd(promise, facts.timezone, facts.graceDays);
  if (facts.now.getTime() < checkAt.getTime()) {
    if (facts.settled) return { status: 'kept', reason: `${what}: kept, the account is settled before its deadline` };
    return { status: 'open', checkAt };
  }
  const { lastPaymentAt, applied90Days } = facts.payments;
  const paidSince = lastPaymentAt !== undefined && Date.parse(lastPaymentAt) >= Date.parse(promise.createdAt);
  if (!paidSince) return { status: 'broken', reason: `${what}: broken, no payment since it was made` };
  if (promise.amount !== undefined) {
    return applied90Days >= promise.amount
      ? { status: 'kept', reason: `${what}: kept, ${money(applied90Days, promise.currency)} paid in the last 90 days` }
      : { status: 'broken', reason: `${what}: broken, only ${money(applied90Days, promise.currency)} paid in the last 90 days` };
  }
  const stillDue = facts.openInvoices.filter((invoice) => invoice.dueDate <= promise.date).length;
  return stillDue === 0
    ? { status: 'kept', reason: `${what}: kept, everything due by then is paid` }
    : { status: 'broken', reason: `${what}: broken, ${stillDue} invoice${stillDue === 1 ? '' : 's'} due by then still open` };
}

function describePromise(promise: PromiseToPay): string {
  const amount = promise.amount === undefined ? 'the balance' : money(promise.amount, promise.currency);
  return `promise ${promise.promiseId} to pay ${amount} by ${promise.date}`;
}

function money(minor: number, currency: string | undefined): string {
  return currency ? `${currency} ${formatMinorUnits(minor, currency)}` : `${minor} minor units`;
}
