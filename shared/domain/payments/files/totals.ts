import { formatMinorUnits } from '../../ingest/money.js';
import type { Payment } from '../types.js';
import type { PaymentSink } from './builder.js';

/**
 * How a statement that disagrees with its own totals is reported: a warning that starts with this,
 * so the statement digest can tell finance (see reconcile-payment-file.ts).
 */
export const TOTALS_MISMATCH = 'the statement does not add up';

/** `-1970431.87 EUR`: a balance may be negative (an overdraft). */
export function signedMoney(minor: number, currency: string): string {
  return `${minor < 0 ? '-' : ''}${formatMinorUnits(Math.abs(minor), currency)} ${currency}`;
}

/**
 * Forwards everything to `inner` and adds up the amounts of the entries the file repeats (read once,
 * not twice), so a totals check can count them the way the reader did.
 */
export class RepeatTally implements PaymentSink {
  total = 0;
  readonly byCurrency = new Map<string, number>();
  constructor(private readonly inner: PaymentSink) {}
  count(): void {
    this.inner.count();
  }
  pay(line: number, payment: Payment): void {
    this.inner.pay(line, payment);
  }
  duplicate(line: number, firstLine: number, payment: Payment): void {
    this.total += payment.amount;
    this.byCurrency.set(payment.currency, (this.byCurrency.get(payment.currency) ?? 0) + payment.amount);
    this.inner.duplicate(line, firstLine, payment);
  }
  reject(line: number | null, reason: string): void {
    this.inner.reject(line, reason);
  }
  warn(line: number | null, reason: string): void {
    this.inner.warn(line, reason);
  }
}

/**
 * The closing balance against opening + the entries, where `repeated` (included in `expected`) is
 * what the reader took as the same entry twice. `adds-up`: the bank counted each entry once, as we
 * did. `counts-repeats`: only with the repeats counted twice does it add up — the bank booked them
 * twice, so they may be separate payments (a person decides). `mismatch`: neither.
 */
export function balanceVerdict(expected: number, closing: number, repeated: number): 'adds-up' | 'counts-repeats' | 'mismatch' {
  if (expected - repeated === closing) return 'adds-up';
  if (repeated !== 0 && expected === closing) return 'counts-repeats';
  return 'mismatch';
}

/** The warning for `counts-repeats`. */
export function countsRepeatsReason(where: string, repeated: string): string {
  return `${TOTALS_MISMATCH}: ${where}, its closing balance counts the entries this file repeats (${repeated}) twice, as separate credits; they were applied once: if they are separate payments, not a repeat in the export, apply them by hand`;
}
