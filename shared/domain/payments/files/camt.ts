import { formatMinorUnits } from '../../ingest/money.js';
import type { Payment, PaymentFile } from '../types.js';
import { isoCurrency, isoDate, machineAmount, reasons, type Reading } from './amounts.js';
import { compact, PaymentFileBuilder, squash } from './builder.js';
import { StatementIds } from './payment-id.js';
import { at, attr, children, list, text, type XmlDocument } from './xml.js';

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

export function readCamt(doc: XmlDocument, kind: CamtKind, version: string, fallbackCurrency: string | undefined): PaymentFile {
  const builder = new PaymentFileBuilder(kind);
  if (!TESTED_VERSIONS.has(version)) {
    builder.warn(null, `${kind.replace('camt', 'camt.')} version ${version} has not been tested here (02 to 08 have); check the payments read`);
  }
  const ids = new StatementIds();
  const [wrapper, statementTag] = CONTAINERS[kind];
  let ordinal = 0;
  for (const statement of children(at(doc.root, wrapper), statementTag)) {
    const account = text(at(statement, 'Acct', 'Id', 'IBAN')) ?? text(at(statement, 'Acct', 'Id', 'Othr', 'Id')) ?? '';
    const context: StatementContext = {
      kind,
      account,
      statementId: text(at(statement, 'Id')),
      currency: text(at(statement, 'Acct', 'Ccy')) ?? fallbackCurrency,
    };
    for (const entry of children(statement, 'Ntry')) {
      ordinal += 1;
      for (const unit of unitsOf(entry)) {
        builder.count();
        const line = doc.lineOf(unit.node) ?? ordinal;
        readUnit(entry, unit, context, line, builder, ids);
      }
    }
  }
  return builder.build();
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

function readUnit(entry: unknown, unit: Unit, context: StatementContext, line: number, builder: PaymentFileBuilder, ids: StatementIds): void {
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
  const payment: Payment = compact({
    paymentId: ids.next({ account: context.account, bookingDate: dates.value.booking, amount: amount.value, currency: currency.value, bankReference }),
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
  builder.pay(line, payment);
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
