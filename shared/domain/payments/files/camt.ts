import { formatMinorUnits } from '../../ingest/money.js';
import type { Payment } from '../types.js';
import { isoCurrency, isoDate, machineAmount, reasons, type Reading } from './amounts.js';
import { compact, PaymentFileBuilder, squash, type PaymentSink, type StatementFile } from './builder.js';
import { CamtTotals } from './camt-totals.js';
import { RepeatTally } from './totals.js';
import { StatementIds } from './payment-id.js';
import { at, attr, children, list, text } from './xml.js';
import { XmlStream } from './xml-stream.js';

/**
 * ISO 20022 bank-to-customer cash management: camt.053 (end-of-day statement, `BkToCstmrStmt/Stmt`)
 * and camt.054 (debit/credit notification, `BkToCstmrDbtCdtNtfctn/Ntfctn`), versions 02 to 08. Both
 * list entries (`Ntry`); an entry that batches several transactions (`NtryDtls/TxDtls`, each with its
 * own amount) becomes one payment per transaction, otherwise one payment per entry.
 *
 * Direction: the entry's `CdtDbtInd` is what moved on the account. A transaction inside a credit
 * entry that calls itself a debit is counted but not paid; the transactions of a debit entry are
 * debits whatever they say (banks' sample files show outgoing batches with `CRDT` transactions).
 */
export type CamtKind = 'camt053' | 'camt054';

const CONTAINERS: Readonly<Record<CamtKind, readonly [string, string]>> = {
  camt053: ['BkToCstmrStmt', 'Stmt'],
  camt054: ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'],
};

/** Versions 02–08 are the ones checked against real files; later ones keep the same entry layout. */
const TESTED_VERSIONS = new Set(['02', '03', '04', '05', '06', '07', '08']);

const CAMT = /^urn:iso:std:iso:20022:tech:xsd:camt\.(05[2-4])\.001\.(\d{2})$/;

/** What a `Document` root's namespace says: camt.053 or camt.054 and its version, `camt052`, or nothing camt. */
export function camtOf(rootName: string, namespace: string): { readonly kind: CamtKind; readonly version: string } | 'camt052' | undefined {
  const camt = CAMT.exec(namespace);
  if (rootName !== 'Document' || !camt) return undefined;
  const [, message, version = ''] = camt;
  if (message === '052') return 'camt052';
  return { kind: message === '053' ? 'camt053' : 'camt054', version };
}

/** A whole camt text (already in memory) read into a PaymentFile. */
export function readCamt(text: string, kind: CamtKind, version: string, fallbackCurrency: string | undefined): StatementFile {
  const builder = new PaymentFileBuilder(kind);
  const reader = new CamtReader(kind, version, builder, fallbackCurrency);
  reader.write(text);
  reader.end();
  return builder.build();
}

/**
 * Reads camt text piece by piece: each entry is turned into payments (or rejections, warnings,
 * repeats) the moment it closes and then forgotten, so a statement of any length takes the memory of
 * one entry. Each statement's totals are checked when it closes (`CamtTotals`, warnings). A file cut
 * short is only known at its end (FileRejectedError, as for any broken XML): a caller that must apply
 * nothing from such a file reads it once to the end first (see `reconcile-payment-file.ts`).
 */
export class CamtReader {
  private readonly xml: XmlStream;
  private readonly ids = new StatementIds();
  private context: { readonly node: unknown; readonly value: StatementContext; readonly totals: CamtTotals } | undefined;

  constructor(kind: CamtKind, version: string, private readonly sink: PaymentSink, fallbackCurrency: string | undefined) {
    if (!TESTED_VERSIONS.has(version)) {
      sink.warn(null, `${kind.replace('camt', 'camt.')} version ${version} has not been tested here (02 to 08 have); check the payments read`);
    }
    const [wrapper, statementTag] = CONTAINERS[kind];
    const isStatement = (path: readonly string[]): boolean => path.length === 3 && path[1] === wrapper && path[2] === statementTag;
    const isEntry = (path: readonly string[]): boolean => path.length === 4 && path[3] === 'Ntry' && isStatement(path.slice(0, 3));
    // Statements are split off too: a file of many accounts or days holds one statement at a time.
    this.xml = new XmlStream({
      split: (path) => isEntry(path) || isStatement(path),
      onClose: (path, node, parent) => {
        if (path.length === 4) this.readEntry(node, parent, kind, fallbackCurrency);
        else this.closeStatement(node, kind);
      },
    });
  }

  write(text: string): void {
    this.xml.write(text);
  }

  end(): void {
    this.xml.end();
  }

  private statement(node: unknown, kind: CamtKind, fallbackCurrency: string | undefined): { value: StatementContext; totals: CamtTotals } {
    const current = this.context;
    if (current !== undefined && current.node === node) return current;
    const account = text(at(node, 'Acct', 'Id', 'IBAN')) ?? text(at(node, 'Acct', 'Id', 'Othr', 'Id')) ?? '';
    const value = { kind, account, statementId: text(at(node, 'Id')), currency: text(at(node, 'Acct', 'Ccy')) ?? fallbackCurrency };
    this.context = { node, value, totals: new CamtTotals() };
    return this.context;
  }

  private readEntry(entry: unknown, statement: unknown, kind: CamtKind, fallbackCurrency: string | undefined): void {
    const { value: context, totals } = this.statement(statement, kind, fallbackCurrency);
    totals.add(entry);
    const repeats = new RepeatTally(this.sink);
    unitsOf(entry).forEach((unit, index) => {
      repeats.count();
      const line = XmlStream.lineOf(unit.node) ?? XmlStream.lineOf(entry) ?? 0;
      readUnit(entry, unit, index, context, line, repeats, this.ids);
    });
    for (const [currency, amount] of repeats.byCurrency) totals.repeat(currency, amount);
  }

  private closeStatement(node: unknown, kind: CamtKind): void {
    // A statement without entries still has totals to check (its balances must then be equal).
    const { totals } = this.statement(node, kind, undefined);
    for (const warning of totals.check(node, kind === 'camt053' ? 'statement' : 'notification')) this.sink.warn(XmlStream.lineOf(node), warning);
    this.context = undefined;
  }
}

interface StatementContext {
  readonly kind: CamtKind;
  readonly account: string;
  readonly statementId: string | undefined;
  readonly currency: string | undefined;
}

/** What becomes one payment: the entry itself, or one of its transaction details. */
interface Unit {
  /** The element the payment's line points at. */
  readonly node: unknown;
  /** The element holding the amount. */
  readonly amount: unknown;
  /** The transaction details that describe it (party, remittance information, references). */
  readonly details: readonly unknown[];
  /** Split per transaction: that transaction's own `CdtDbtInd`, if it gives one. */
  readonly ownDirection: string | undefined;
}

function unitsOf(entry: unknown): Unit[] {
  const details = children(entry, 'NtryDtls').flatMap((group) => children(group, 'TxDtls'));
  const amounts = details.map(transactionAmount);
  if (details.length > 1 && amounts.every((amount) => amount !== undefined)) {
    return details.map((detail, index) => ({
      node: detail,
      amount: amounts[index],
      details: [detail],
      ownDirection: text(at(detail, 'CdtDbtInd')),
    }));
  }
  return [{ node: entry, amount: at(entry, 'Amt'), details, ownDirection: undefined }];
}

/** `TxDtls/Amt` (v3 on), else the booked then the instructed amount of `AmtDtls` (v2). */
function transactionAmount(detail: unknown): unknown {
  return at(detail, 'Amt') ?? at(detail, 'AmtDtls', 'TxAmt', 'Amt') ?? at(detail, 'AmtDtls', 'InstdAmt', 'Amt');
}

function readUnit(entry: unknown, unit: Unit, index: number, context: StatementContext, line: number, builder: PaymentSink, ids: StatementIds): void {
  const direction = text(at(entry, 'CdtDbtInd'));
  if (direction !== 'CRDT' && direction !== 'DBIT') {
    builder.reject(line, direction === undefined ? 'the entry does not say whether it is a credit or a debit (no CdtDbtInd)' : `unknown credit/debit indicator "${direction}" (expected CRDT or DBIT)`);
    return;
  }
  const credit = direction === 'CRDT' && unit.ownDirection !== 'DBIT';
  const reversal = /^(true|1)$/i.test(text(at(entry, 'RvslInd')) ?? '');
  if (!credit && !reversal) return;

  const currency = isoCurrency(attr(unit.amount, 'Ccy') ?? context.currency, 'currency');
  const amount = currency.ok ? machineAmount(text(unit.amount), '.', currency.value, 'amount') : currency;
  const shown = amount.ok && currency.ok ? `${formatMinorUnits(amount.value, currency.value)} ${currency.value}` : 'the amount';
  if (reversal) {
    builder.warn(
      line,
      credit
        ? `reversal of an earlier debit (${shown}, RvslInd): money given back by the bank, not a customer payment; skipped`
        : `the bank reversed an earlier credit (${shown}, RvslInd): if that credit was applied as a payment, undo it by hand`,
    );
    return;
  }
  const status = text(at(entry, 'Sts')) ?? text(at(entry, 'Sts', 'Cd'));
  if (status === 'PDNG' || status === 'INFO') {
    builder.warn(line, `entry of ${shown} is ${status === 'PDNG' ? 'pending' : 'for information only'} (Sts ${status}), not booked; skipped until the bank books it`);
    return;
  }
  const dates = entryDates(entry);
  if (!currency.ok || !amount.ok || !dates.ok) {
    builder.reject(line, reasons(currency, amount, dates));
    return;
  }
  if (amount.value === 0) {
    builder.reject(line, 'amount is zero');
    return;
  }
  const detail = unit.details.length === 1 ? unit.details[0] : undefined;
  const bankReference = text(at(detail, 'Refs', 'AcctSvcrRef')) ?? text(at(entry, 'AcctSvcrRef')) ?? text(at(entry, 'NtryRef')) ?? '';
  const endToEndId = unit.details.map((each) => text(at(each, 'Refs', 'EndToEndId'))).find((id) => id !== undefined && id !== 'NOTPROVIDED');
  const party = unit.details.map(debtorOf).find((found) => found.name !== undefined || found.account !== undefined);
  const key = { account: context.account, bookingDate: dates.value.booking, amount: amount.value, currency: currency.value, bankReference };
  const { paymentId, firstLine } = ids.entry(key, line, index);
  const payment: Payment = compact({
    paymentId,
    source: context.kind,
    kind: 'payment',
    amount: amount.value,
    currency: currency.value,
    valueDate: dates.value.value,
    payerName: party?.name,
    payerAccount: party?.account,
    reference: remittance(unit.details) ?? squash(text(at(entry, 'AddtlNtryInf'))),
    metadata: compact({
      statementId: context.statementId,
      account: context.account,
      bookingDate: dates.value.booking,
      bankReference,
      entryReference: text(at(entry, 'NtryRef')),
      endToEndId,
    }),
  });
  if (firstLine === undefined) builder.pay(line, payment);
  else builder.duplicate(line, firstLine, payment);
}

/** Booking date (`BookgDt`) for the id and value date (`ValDt`) for the payment, each standing in for the other. */
function entryDates(entry: unknown): Reading<{ booking: string; value: string }> {
  const read = (tag: string): Reading<string> | undefined => {
    const raw = text(at(entry, tag, 'Dt')) ?? text(at(entry, tag, 'DtTm'));
    return raw === undefined ? undefined : isoDate(raw, tag === 'BookgDt' ? 'booking date' : 'value date');
  };
  const booking = read('BookgDt');
  const value = read('ValDt');
  if (booking && !booking.ok) return booking;
  if (value && !value.ok) return value;
  const bookingDate = booking?.ok ? booking.value : value?.ok ? value.value : undefined;
  const valueDate = value?.ok ? value.value : bookingDate;
  if (bookingDate === undefined || valueDate === undefined) return { ok: false, reason: 'the entry has no booking date (BookgDt) or value date (ValDt)' };
  return { ok: true, value: { booking: bookingDate, value: valueDate } };
}

/** The paying party: `Dbtr/Nm` (v2–v7) or `Dbtr/Pty/Nm` (v8), the ultimate debtor failing that. */
function debtorOf(detail: unknown): { name: string | undefined; account: string | undefined } {
  const parties = at(detail, 'RltdPties');
  const name = ['Dbtr', 'UltmtDbtr']
    .map((role) => text(at(parties, role, 'Nm')) ?? text(at(parties, role, 'Pty', 'Nm')))
    .find((found) => found !== undefined);
  const account = text(at(parties, 'DbtrAcct', 'Id', 'IBAN')) ?? text(at(parties, 'DbtrAcct', 'Id', 'Othr', 'Id'));
  return { name: squash(name), account };
}

/** Unstructured lines first, then structured creditor references (`RF18…`, an invoice number), then `AddtlTxInf`. */
function remittance(details: readonly unknown[]): string | undefined {
  const parts = details.flatMap((detail) => {
    const info = children(detail, 'RmtInf');
    const unstructured = info.flatMap((block) => children(block, 'Ustrd').map(text));
    const structured = info.flatMap((block) => children(block, 'Strd').flatMap((strd) => children(strd, 'CdtrRefInf').map((ref) => text(at(ref, 'Ref')))));
    const found = [...unstructured, ...structured].filter((part): part is string => part !== undefined);
    return found.length > 0 ? found : list(text(at(detail, 'AddtlTxInf')));
  });
  return squash(parts.filter((part): part is string => typeof part === 'string').join(' '));
}
