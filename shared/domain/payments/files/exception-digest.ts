import { formatMinorUnits } from '../../ingest/money.js';
import type { Payment } from '../types.js';

/**
 * One finance alert per statement file instead of one per payment (a 33,000-line statement raised
 * 33,004 alerts): how many payments of the file wait for a person, their total per currency, the
 * first few, and where the full list is. Pure: the caller collects and publishes.
 */
export const DIGEST_FIRST = 20;

export interface HeldPayment {
  readonly line: number;
  readonly paymentId: string;
  readonly amount: number;
  readonly currency: string;
  readonly payerName?: string;
  readonly reference?: string;
  readonly reason: string;
}

/** Collects the payments a file's run newly held (and lookups): a count, totals, the full list. */
export class ExceptionDigest {
  readonly held: HeldPayment[] = [];
  private readonly totals = new Map<string, number>();

  /** Payments are applied several at once: they may come in any order; the list is kept in file order. */
  add(line: number, payment: Payment, reason: string): void {
    const { paymentId, amount, currency, payerName, reference } = payment;
    const held: HeldPayment = { line, paymentId, amount, currency, ...(payerName ? { payerName } : {}), ...(reference ? { reference } : {}), reason };
    let at = this.held.length;
    while (at > 0 && (this.held[at - 1]?.line ?? 0) > line) at -= 1;
    this.held.splice(at, 0, held);
    this.totals.set(currency, (this.totals.get(currency) ?? 0) + amount);
  }

  /**
   * The alert, or undefined when there is nothing new to tell: no payment newly held, and no
   * mismatch of the file's totals in a run that brought a new payment (a re-run brings none).
   */
  alert(input: { readonly key: string; readonly reportKey: string; readonly mismatches: readonly string[]; readonly newPayments: number }):
    | { readonly kind: string; readonly subject: string; readonly message: string; readonly data: Readonly<Record<string, string | number>> }
    | undefined {
    const count = this.held.length;
    const mismatches = input.newPayments > 0 ? input.mismatches : [];
    if (count === 0 && mismatches.length === 0) return undefined;
    const fileName = input.key.split('/').pop() ?? input.key;
    const totals = [...this.totals].map(([currency, amount]) => `${formatMinorUnits(amount, currency)} ${currency}`).join(', ');
    const lines: string[] = [];
    if (count > 0) {
      lines.push(`${count} payment${count === 1 ? '' : 's'} from ${input.key} could not be placed safely and wait for a person: ${totals}.`);
      lines.push(count > DIGEST_FIRST ? `The first ${DIGEST_FIRST}:` : 'They are:');
      for (const held of this.held.slice(0, DIGEST_FIRST)) {
        const who = [held.payerName, held.reference && `"${held.reference}"`].filter(Boolean).join(', ');
        lines.push(`  line ${held.line}: ${formatMinorUnits(held.amount, held.currency)} ${held.currency}${who ? ` ${who}` : ''} (${held.paymentId}): ${held.reason}`);
      }
      lines.push(
        `Full list: "exceptionPayments" in the report ${input.reportKey}, \`cobranza exceptions\` or GET /payments/exceptions. Apply one with: cobranza apply PAYMENT_ID INVOICE_NUMBER…`,
      );
    }
    if (mismatches.length > 0) lines.push(`The file does not agree with its own totals (its payments were applied all the same):`, ...mismatches.map((each) => `  ${each}`));
    const data: Record<string, string | number> = { file: input.key, report: input.reportKey, exceptions: count };
    for (const [currency, amount] of this.totals) data[`total${currency}`] = amount;
    return {
      kind: 'payment.exceptions',
      subject: count > 0 ? `Statement ${fileName}: ${count} payment${count === 1 ? '' : 's'} to review (${totals})` : `Statement ${fileName} does not add up`,
      message: lines.join('\n'),
      data,
    };
  }
}
