import { readDate } from '../../ingest/dates.js';
import { FileRejectedError } from '../../ingest/errors.js';
import { formatMinorUnits } from '../../ingest/money.js';
import { balanceVerdict, countsRepeatsReason, RepeatTally, signedMoney, TOTALS_MISMATCH } from './totals.js';
import { isoCurrency, machineAmount, reasons, shorten, type Reading } from './amounts.js';
import { compact, PaymentFileBuilder, squash, type PaymentSink, type StatementFile } from './builder.js';
import { readDetails } from './mt940-details.js';
import { mt940Fields, type Mt940Field } from './mt940-fields.js';
import { StatementIds } from './payment-id.js';

/**
 * SWIFT MT940 customer statements (and the MT942 interim report, which has the same lines). Each
 * `:61:` statement line is one transaction; the `:86:` fields right after it describe it. Currency
 * comes from the opening balance (`:60F:` / `:60M:`), the account from `:25:`.
 *
 * Each statement is checked against its own balances before anything is returned. An opening
 * balance (`:60F:` / `:60M:`) with no closing one (`:62F:` / `:62M:`) after it means the file was cut
 * short: the file is rejected (FileRejectedError), so nothing of it is applied. Opening + Σ statement
 * lines ≠ closing is a warning with both numbers on the closing balance's line, not a rejection: bank
 * files add up, so it means a hand edit (four of the six public sample files are edited that way) or
 * a line read wrongly here, and neither should hold back the lines that are there. A statement
 * without an opening balance (an MT942 interim report) has nothing to check.
 */
export function readMt940(text: string, fallbackCurrency: string | undefined): StatementFile {
  const builder = new PaymentFileBuilder('mt940');
  const ids = new StatementIds();
  const statement: Statement = { reference: undefined, account: '', currency: fallbackCurrency };
  let pending: { readonly line: Mt940Field; readonly details: Mt940Field[] } | undefined;
  let balance: Balance | undefined;
  const flush = (): void => {
    if (pending) {
      const repeats = new RepeatTally(builder);
      const moved = readTransaction(pending.line, pending.details, statement, repeats, ids);
      if (balance) {
        balance.moved = moved === undefined ? undefined : balance.moved === undefined ? undefined : balance.moved + moved;
        balance.repeated += repeats.total;
      }
    }
    pending = undefined;
  };
  const unclosed = (): void => {
    if (balance) throw new FileRejectedError(`the statement whose opening balance is at line ${balance.line} has no closing balance (:62F:): the file was cut short; nothing was applied, upload the whole statement`);
  };
  for (const field of mt940Fields(text)) {
    if (field.tag === '86' && pending) {
      pending.details.push(field);
      continue;
    }
    flush();
    switch (field.tag) {
      case '20':
        unclosed();
        Object.assign(statement, { reference: squash(field.lines[0]), account: '', currency: fallbackCurrency });
        break;
      case '25':
        statement.account = squash(field.lines.join('')) ?? '';
        break;
      case '60F':
      case '60M': {
        unclosed();
        const currency = /^[CD]\d{6}([A-Z]{3})/.exec(field.lines[0]?.trim() ?? '')?.[1];
        if (currency) statement.currency = currency;
        const opening = readBalance(field);
        balance = opening && { line: field.line, opening, moved: 0, repeated: 0 };
        break;
      }
      case '62F':
      case '62M':
        if (balance) {
          const mismatch = checkBalance(balance, field);
          if (mismatch) builder.warn(field.line, mismatch);
        }
        balance = undefined;
        break;
      case '61':
        pending = { line: field, details: [] };
        break;
      default:
        // Balances (:62F:, :64:, :65:), sequence numbers, and a :86: about the whole statement.
        break;
    }
  }
  flush();
  unclosed();
  return builder.build();
}

interface Balance {
  readonly line: number;
  readonly opening: { readonly amount: number; readonly currency: string };
  /** Σ of the statement lines so far, signed; undefined once a line could not be read. */
  moved: number | undefined;
  /** Σ of the lines read as a repeat of an earlier one (in `moved`, applied once). */
  repeated: number;
}

/** `C070903EUR766656,49`: mark, date YYMMDD, currency, amount → signed minor units. */
function readBalance(field: Mt940Field): Balance['opening'] | undefined {
  const parts = /^([CD])\d{6}([A-Z]{3})(\d[\d,]*)$/.exec(field.lines[0]?.trim() ?? '');
  if (!parts) return undefined;
  const [, mark, currency = '', raw] = parts;
  const amount = machineAmount(raw, ',', currency, 'balance');
  return amount.ok ? { amount: mark === 'D' ? -amount.value : amount.value, currency } : undefined;
}

/** The reason the statement does not add up, or undefined when it does (or cannot be checked). */
function checkBalance(balance: Balance, field: Mt940Field): string | undefined {
  const closing = readBalance(field);
  if (!closing || closing.currency !== balance.opening.currency || balance.moved === undefined) return undefined;
  const { currency } = closing;
  const verdict = balanceVerdict(balance.opening.amount + balance.moved, closing.amount, balance.repeated);
  if (verdict === 'adds-up') return undefined;
  if (verdict === 'counts-repeats') return countsRepeatsReason(`closing balance :${field.tag}: ${signedMoney(closing.amount, currency)}`, signedMoney(balance.repeated, currency));
  const expected = balance.opening.amount + balance.moved - balance.repeated;
  return `${TOTALS_MISMATCH}: opening balance ${signedMoney(balance.opening.amount, currency)} (line ${balance.line}) + statement lines ${signedMoney(balance.moved - balance.repeated, currency)}${balance.repeated ? ' (each repeated entry once)' : ''} = ${signedMoney(expected, currency)}, but its closing balance (:${field.tag}:) is ${signedMoney(closing.amount, currency)}; check the file against the bank's`;
}

interface Statement {
  reference: string | undefined;
  account: string;
  currency: string | undefined;
}

/**
 * `:61:` subfields: value date YYMMDD, optional entry date MMDD, mark (C, D, RC = reversal of a
 * credit, RD = reversal of a debit), optional funds code (third letter of the currency), amount with a
 * decimal comma, transaction type (`NTRF`, `N527`, `FMSC`), customer reference, `//` bank reference.
 */
const STATEMENT_LINE = /^(\d{2})(\d{2})(\d{2})(\d{4})?(RC|RD|C|D)([A-Z])?(\d[\d,]*)([NSF][A-Z0-9]{3})(.*)$/;

/** Reads one `:61:` line; returns what it moved on the account (signed minor units), undefined when unreadable. */
function readTransaction(field: Mt940Field, details: readonly Mt940Field[], statement: Statement, builder: PaymentSink, ids: StatementIds): number | undefined {
  builder.count();
  const line = field.line;
  const first = (field.lines[0] ?? '').trim();
  const parts = STATEMENT_LINE.exec(first);
  if (!parts) {
    builder.reject(line, `statement line ":61:${shorten(first)}" does not follow the MT940 layout (date, C/D mark, amount with a decimal comma, type)`);
    return undefined;
  }
  const [, yy = '', mm = '', dd = '', entry, mark = '', , rawAmount = '', type = '', references = ''] = parts;
  const credit = mark === 'C' || mark === 'RD';
  const currency = isoCurrency(statement.currency, 'currency');
  const amount = currency.ok ? machineAmount(rawAmount, ',', currency.value, 'amount') : currency;
  const moved = amount.ok ? (credit ? amount.value : -amount.value) : undefined;
  if (!credit && !mark.startsWith('R')) return moved;
  if (!currency.ok) {
    const reason = statement.currency === undefined ? 'the statement has no opening balance (:60F:) before this line, so its currency is unknown' : currency.reason;
    builder.reject(line, reason);
    return undefined;
  }
  if (mark.startsWith('R')) {
    const shown = amount.ok ? `${formatMinorUnits(amount.value, currency.value)} ${currency.value}` : `"${rawAmount}"`;
    builder.warn(
      line,
      credit
        ? `reversal of an earlier debit (${shown}, mark RD): money given back by the bank, not a customer payment; skipped`
        : `the bank reversed an earlier credit (${shown}, mark RC): if that credit was applied as a payment, undo it by hand`,
    );
    return moved;
  }
  const valueDate = statementDate(yy, mm, dd);
  if (!amount.ok || !valueDate.ok) {
    builder.reject(line, reasons(amount, valueDate));
    return moved;
  }
  if (amount.value === 0) {
    builder.reject(line, 'amount is zero');
    return moved;
  }
  const bookingDate = entry ? entryDate(valueDate.value, entry) : valueDate.value;
  const [customer = '', bank = ''] = splitReferences(references);
  const customerReference = /^NONREF$/i.test(customer) ? '' : customer;
  // Without a bank reference (older formats), the customer reference is the best the file offers.
  const bankReference = bank || customerReference;
  const info = readDetails(details);
  const key = { account: statement.account, bookingDate, amount: amount.value, currency: currency.value, bankReference };
  // Only the bank's own reference (`//…`) says two lines are one entry; a customer reference may repeat.
  const { paymentId, firstLine } = bank ? ids.entry(key, line) : { paymentId: ids.next(key), firstLine: undefined };
  const payment = compact({
    paymentId,
    source: 'mt940',
    kind: 'payment',
    amount: amount.value,
    currency: currency.value,
    valueDate: valueDate.value,
    payerName: info.payerName,
    payerAccount: info.payerAccount,
    reference: info.reference,
    metadata: compact({
      statementReference: statement.reference,
      account: statement.account,
      bookingDate,
      bankReference: bank,
      customerReference,
      transactionType: type,
      endToEndId: info.endToEndId,
      postingText: info.postingText,
      supplementaryDetails: squash(field.lines.slice(1).join(' ')),
    }),
  });
  if (firstLine === undefined) builder.pay(line, payment);
  else builder.duplicate(line, firstLine, payment);
  return moved;
}

function splitReferences(text: string): [string, string] {
  const at = text.indexOf('//');
  if (at === -1) return [text.trim(), ''];
  return [text.slice(0, at).trim(), text.slice(at + 2).trim()];
}

/** YYMMDD: years 80–99 are 1980s–1990s, the rest 2000s (MT940 predates 1980 by little). */
function statementDate(yy: string, mm: string, dd: string): Reading<string> {
  const year = Number(yy) >= 80 ? `19${yy}` : `20${yy}`;
  const reading = readDate(`${year}-${mm}-${dd}`, 'DMY');
  return reading.ok ? { ok: true, value: reading.date } : { ok: false, reason: `value date "${yy}${mm}${dd}" is not a valid date: ${reading.detail}` };
}

/**
 * The entry (booking) date has no year: it is the one closest to the value date (a 31 December
 * booking valued 2 January belongs to the previous year). An impossible one falls back to the value date.
 */
function entryDate(valueDate: string, mmdd: string): string {
  const year = Number(valueDate.slice(0, 4));
  const candidates = [year - 1, year, year + 1]
    .map((candidate) => readDate(`${candidate}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`, 'DMY'))
    .flatMap((reading) => (reading.ok ? [reading.date] : []));
  const distance = (date: string): number => Math.abs(Date.parse(date) - Date.parse(valueDate));
  return candidates.sort((a, b) => distance(a) - distance(b))[0] ?? valueDate;
}
