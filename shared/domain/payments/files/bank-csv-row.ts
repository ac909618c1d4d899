import { readMoneyCell, type MoneyCell } from '../../ingest/amounts.js';
import { readDate } from '../../ingest/dates.js';
import { parseCurrency, toMinorUnits } from '../../ingest/money.js';
import type { FileProfile } from '../../ingest/profile.js';
import type { Decimal } from '../../ingest/numbers.js';
import { shorten } from './amounts.js';
import { compact, type PaymentFileBuilder } from './builder.js';
import type { PaymentColumn, PaymentHeader } from './csv-columns.js';
import type { CsvRow } from './csv-records.js';
import type { StatementIds } from './payment-id.js';

/** The trimmed cell of a column in a row ('' → undefined); `reference` joins every reference column. */
export type CellReader = (column: PaymentColumn) => string | undefined;

export interface RowContext {
  readonly header: PaymentHeader;
  readonly width: number;
  readonly delimiter: string;
  readonly profile: FileProfile;
  readonly country: string | undefined;
  /** The account's currency (option, else the country's): used when a row does not say. */
  readonly currency: string | undefined;
}

/** How banks mark a movement's direction in a separate column. */
const CREDIT_MARKS = new Set(['C', 'CR', 'H', 'A', '+', 'CREDIT', 'CREDITO', 'ABONO', 'DEPOSITO', 'INGRESO', 'HABER', 'ENTRADA']);
const DEBIT_MARKS = new Set(['D', 'DR', 'DB', '-', 'DEBIT', 'DEBITO', 'CARGO', 'RETIRO', 'EGRESO', 'DEBE', 'SALIDA']);

type Movement = { readonly kind: 'credit'; readonly decimal: Decimal; readonly display: string; readonly token: string | undefined } | { readonly kind: 'debit' };

/** Reads one data row of a bank CSV export into a payment, a counted debit, or a rejection. */
export class BankCsvRowReader {
  private readonly unknownMarks = new Map<string, number>();

  constructor(
    private readonly context: RowContext,
    private readonly builder: PaymentFileBuilder,
    private readonly ids: StatementIds,
  ) {}

  read(row: CsvRow, cell: CellReader): void {
    const { builder } = this;
    builder.count();
    if (row.fields.length > this.context.width) {
      const name = this.context.delimiter === '\t' ? 'tab' : `'${this.context.delimiter}'`;
      builder.reject(row.line, `expected ${this.context.width} fields, found ${row.fields.length} (a value containing ${name} must be in double quotes)`);
      return;
    }
    const movement = this.movement(cell);
    if (typeof movement === 'string') {
      builder.reject(row.line, movement);
      return;
    }
    if (movement.kind === 'debit') return;

    const rawDate = cell('date');
    if (rawDate === undefined) {
      builder.reject(row.line, 'no date');
      return;
    }
    const date = readDate(rawDate, this.context.profile.dateOrder);
    if (!date.ok) {
      builder.reject(row.line, `${date.problem === 'ambiguous' ? 'ambiguous' : 'invalid'} date "${shorten(rawDate)}": ${date.detail}`);
      return;
    }
    const currency = this.currency(cell('currency'), movement);
    if (!currency.ok) {
      builder.reject(row.line, currency.reason);
      return;
    }
    const minor = toMinorUnits(movement.decimal, currency.currency);
    if (!minor.ok) {
      builder.reject(row.line, `amount "${movement.display}" ${minor.reason}`);
      return;
    }
    if (minor.minor === 0) {
      builder.reject(row.line, `amount "${movement.display}" is zero`);
      return;
    }
    const reference = cell('reference');
    const payerName = cell('payer_name');
    const payerTaxId = cell('payer_tax_id');
    const payerAccount = cell('payer_account');
    builder.pay(row.line, compact({
      // A CSV export names neither the statement's account nor a bank reference: what the row says
      // about the payer and its purpose stands in for the reference.
      paymentId: this.ids.next({
        account: '',
        bookingDate: date.date,
        amount: minor.minor,
        currency: currency.currency,
        bankReference: JSON.stringify([reference ?? '', payerName ?? '', payerTaxId ?? '', payerAccount ?? '']),
      }),
      source: 'csv',
      kind: 'payment',
      amount: minor.minor,
      currency: currency.currency,
      valueDate: date.date,
      payerName,
      payerTaxId,
      payerAccount,
      reference,
    }));
  }

  /** File-level notes gathered while reading rows. */
  fileWarnings(): string[] {
    if (this.unknownMarks.size === 0) return [];
    const examples = [...this.unknownMarks.keys()].slice(0, 3).map((mark) => `'${mark}'`).join(', ');
    return [`the direction column has values that are not credit/debit marks (e.g. ${examples}); on those rows the amount's sign decides`];
  }

  /** Credit (with its amount) or debit; a string is the reason the row is rejected. */
  private movement(cell: CellReader): Movement | string {
    const { present } = this.context.header;
    if (present.has('credit') || present.has('debit')) {
      const credit = this.money(cell('credit'));
      const debit = this.money(cell('debit'));
      if (credit.kind === 'problem') return credit.reason;
      if (debit.kind === 'problem') return debit.reason;
      const creditValue = credit.kind === 'ok' && !isZero(credit.decimal) ? credit : undefined;
      const debitValue = debit.kind === 'ok' && !isZero(debit.decimal) ? debit : undefined;
      if (creditValue && debitValue) return `both credit "${creditValue.display}" and debit "${debitValue.display}" have a value; one movement per row`;
      if (creditValue?.decimal.negative) return `credit "${creditValue.display}" is negative`;
      if (creditValue) return { kind: 'credit', decimal: creditValue.decimal, display: creditValue.display, token: creditValue.currency };
      if (debitValue) return { kind: 'debit' };
      if (credit.kind === 'missing' && debit.kind === 'missing' && !present.has('amount')) return 'no amount: both credit and debit are empty';
      if (credit.kind === 'ok' || debit.kind === 'ok') return 'amount is zero';
    }
    const amount = this.money(cell('amount'));
    if (amount.kind === 'missing') return 'no amount';
    if (amount.kind === 'problem') return amount.reason;
    const mark = this.direction(cell('direction'));
    const credit = mark === undefined ? !amount.decimal.negative : mark === 'credit';
    if (!credit) return { kind: 'debit' };
    return { kind: 'credit', decimal: { ...amount.decimal, negative: false }, display: amount.display, token: amount.currency };
  }

  private money(raw: string | undefined): MoneyCell {
    return readMoneyCell(raw, 'amount', this.context.profile, this.context.country);
  }

  private direction(raw: string | undefined): 'credit' | 'debit' | undefined {
    if (raw === undefined) return undefined;
    const mark = raw.normalize('NFKD').replace(/\p{M}/gu, '').trim().toUpperCase().replace(/S$/, '');
    if (CREDIT_MARKS.has(mark)) return 'credit';
    if (DEBIT_MARKS.has(mark)) return 'debit';
    this.unknownMarks.set(shorten(raw), (this.unknownMarks.get(shorten(raw)) ?? 0) + 1);
    return undefined;
  }

  private currency(raw: string | undefined, movement: Extract<Movement, { kind: 'credit' }>): { ok: true; currency: string } | { ok: false; reason: string } {
    const national = this.context.currency;
    if (raw !== undefined) {
      const reading = parseCurrency(raw, national);
      if (!reading.ok) return reading;
      if (movement.token !== undefined && movement.token !== reading.currency) {
        return { ok: false, reason: `amount "${movement.display}" is in ${movement.token} but the currency column says ${reading.currency}` };
      }
      return reading;
    }
    const currency = movement.token ?? national;
    if (currency === undefined) return { ok: false, reason: 'no currency: the file has no currency column (Moneda) and the account currency was not given' };
    return { ok: true, currency };
  }
}

function isZero(decimal: Decimal): boolean {
  return /^0*$/.test(decimal.integer) && /^0*$/.test(decimal.fraction);
}
