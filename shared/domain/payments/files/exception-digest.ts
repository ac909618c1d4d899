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
  readonly reason: string;
}

/** Collects the payments a file's run newly held (and lookups): a count, totals, the full list. */
export class ExceptionDigest {
  readonly held: HeldPayment[] = [];
  private readonly totals = new Map<string, number>();
  private readonly firstPayments: { readonly line: number; readonly payment: Payment; readonly reason: string }[] = [];

  add(line: number, payment: Payment, reason: string): void {
    this.held.push({ line, paymentId: payment.paymentId, amount: payment.amount, currency: payment.currency, reason });
    this.totals.set(payment.currency, (this.totals.get(payment.currency) ?? 0) + payment.amount);
    if (this.firstPayments.length < DIGEST_FIRST) this.firstPayments.push({ line, payment, reason });
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
      for (const { line, payment, reason } of this.firstPayments) {
        const who = [payment.payerName, payment.reference && `"${payment.reference}"`].filter(Boolean).join(', ');
        lines.push(`  line ${line}: ${formatMinorUnits(payment.amount, payment.currency)} ${payment.currency}${who ? ` ${who}` : ''} (${payment.paymentId}): ${reason}`);
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
