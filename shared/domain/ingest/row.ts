import type { Account, Invoice, InvoiceStatus } from '../types.js';
import { readEmail, readLocale, readPhone, readTimezone } from './contact.js';
import { countryProfile, parseCountry } from './countries.js';
import { readDate } from './dates.js';
import { truncate, type CanonicalColumn, type RawRow } from './headers.js';
import { currencyOfToken, formatMinorUnits, parseCurrency, toMinorUnits } from './money.js';
import { decimalFromNumber, numberShape, parseNumber, splitAmountText, type Decimal } from './numbers.js';
import { decimalForAmbiguous, quote, type FileProfile } from './profile.js';

/** What the reader says about one data row. */
export type RowOutcome =
  | { kind: 'accepted'; line: number; account: Account; invoice: Invoice; warnings: string[] }
  | { kind: 'rejected'; line: number; reason: string };

/** Status words as ERPs write them (compared lower-case, accents and extra spaces ignored). */
const STATUS_ALIASES: ReadonlyMap<string, InvoiceStatus> = new Map([
  ...[
    'open', 'abierta', 'abierto', 'pendiente', 'vigente', 'vencida', 'vencido', 'por cobrar', 'unpaid', 'due', 'overdue',
    'outstanding', 'parcial', 'pago parcial', 'partial', 'partially paid',
  ].map((name) => [name, 'open'] as const),
  ...['paid', 'pagada', 'pagado', 'liquidada', 'liquidado', 'cobrada', 'cobrado', 'saldada', 'saldado'].map((name) => [name, 'paid'] as const),
  ...['cancelled', 'canceled', 'cancelada', 'cancelado', 'anulada', 'anulado', 'void', 'voided'].map((name) => [name, 'cancelled'] as const),
]);

/** Row reading needs the file's decisions and which columns the file has. */
export interface RowContext {
  readonly profile: FileProfile;
  readonly present: ReadonlySet<CanonicalColumn>;
}

type Cell = { readonly text?: string; readonly invalid?: string };

type MoneyCell =
  | { readonly kind: 'missing' }
  | { readonly kind: 'problem'; readonly reason: string }
  | { readonly kind: 'ok'; readonly decimal: Decimal; readonly display: string; readonly currency: string | undefined };

/**
 * Turns raw rows into accounts and invoices, one at a time (pass 2). Required-field problems reject
 * the row, all of them named in one reason; optional-field problems become warnings. Remembers the
 * accepted invoice keys to reject a later duplicate.
 */
export class RowReader {
  private readonly seen = new Map<string, number>();

  constructor(private readonly context: RowContext) {}

  read(row: RawRow, line: number): RowOutcome {
    const problems: string[] = [];
    const warnings: string[] = [];
    const { present } = this.context;

    const invoiceNumber = requiredId(row.invoice_number, 'invoice number', problems);
    const customerId = optionalId(row.customer_id, 'customer id', problems);
    const taxId = optionalId(row.tax_id, 'tax id', problems)?.toUpperCase();
    const accountId = customerId ?? taxId;
    const idCells = [cellText(row.customer_id), cellText(row.tax_id)];
    if (accountId === undefined && idCells.every((cell) => cell.text === undefined && cell.invalid === undefined)) {
      problems.push(present.has('customer_id') ? `missing customer id${present.has('tax_id') ? ' (and no tax id to use instead)' : ''}` : 'missing tax id (used as the customer id)');
    }

    const countryCell = cellText(row.country);
    const country = countryCell.text === undefined ? undefined : parseCountry(countryCell.text);
    if (countryCell.text !== undefined && country === undefined) warnings.push(`unknown country '${truncate(countryCell.text, 40)}' ignored`);
    if (countryCell.invalid) warnings.push(`invalid country (${countryCell.invalid}) ignored`);
    const national = countryProfile(country)?.currency;

    // Currency: the column, else a code in the amount (`USD 1,200.00`), else the country's.
    const currencyCell = cellText(row.currency);
    let currency: string | undefined;
    let currencyBroken = false;
    if (currencyCell.text !== undefined) {
      const reading = parseCurrency(currencyCell.text, national);
      if (reading.ok) currency = reading.currency;
      else {
        problems.push(reading.reason);
        currencyBroken = true;
      }
    } else if (currencyCell.invalid) {
      problems.push(`invalid currency: expected a code such as MXN, found ${currencyCell.invalid}`);
      currencyBroken = true;
    }

    const amountCell = this.money(row.amount, 'amount', country);
    const balanceCell = this.money(row.balance, 'balance', country);
    if (!currency && !currencyBroken) {
      currency = (amountCell.kind === 'ok' ? amountCell.currency : undefined) ?? national;
      if (!currency) {
        problems.push(
          countryCell.text === undefined
            ? 'missing currency: fill the currency (e.g. MXN) or the country'
            : `missing currency, and country '${truncate(countryCell.text, 40)}' does not imply one: fill the currency (e.g. MXN)`,
        );
      }
    }

    let amount: number | undefined;
    if (amountCell.kind === 'missing') problems.push('missing amount');
    else if (amountCell.kind === 'problem') problems.push(amountCell.reason);
    else if (currency) amount = this.minor(amountCell, 'amount', currency, problems);
    if (amount !== undefined && amount <= 0) {
      problems.push(`amount must be greater than zero, found '${amountCell.kind === 'ok' ? amountCell.display : amount}'`);
      amount = undefined;
    }

    let balance: number | undefined;
    if (balanceCell.kind === 'problem') problems.push(balanceCell.reason);
    else if (balanceCell.kind === 'ok' && currency) {
      balance = this.minor(balanceCell, 'balance', currency, problems);
      if (balance !== undefined && balance < 0) {
        problems.push(`balance cannot be negative, found '${balanceCell.display}'`);
        balance = undefined;
      } else if (balance !== undefined && amount !== undefined && balance > amount) {
        problems.push(`balance '${balanceCell.display}' is more than the amount '${amountCell.kind === 'ok' ? amountCell.display : ''}'`);
        balance = undefined;
      }
    }

    const dueDate = this.date(row.due_date, 'due date', problems, true);
    const issueDate = this.date(row.issue_date, 'issue date', warnings, false);
    if (dueDate && issueDate && dueDate < issueDate) warnings.push(`due date ${dueDate} is before the issue date ${issueDate}`);

    let status: InvoiceStatus = 'open';
    const statusCell = cellText(row.status);
    if (statusCell.text !== undefined) {
      const known = STATUS_ALIASES.get(statusCell.text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/g, ' '));
      if (known) status = known;
      else problems.push(`unknown status '${truncate(statusCell.text, 40)}': use open, paid or cancelled (abierta, pagada, cancelada)`);
    } else if (statusCell.invalid) {
      problems.push(`invalid status: expected open, paid or cancelled, found ${statusCell.invalid}`);
    }

    if (problems.length > 0 || invoiceNumber === undefined || accountId === undefined || currency === undefined || amount === undefined || dueDate === undefined) {
      return { kind: 'rejected', line, reason: problems.join('; ') || 'row could not be read' };
    }

    if (balance === undefined) balance = status === 'paid' ? 0 : amount;
    if (status === 'paid' && balance > 0) {
      warnings.push(`status is paid, so the balance ${formatMinorUnits(balance, currency)} is recorded as 0`);
      balance = 0;
    }
    if (status === 'open' && balance === 0) warnings.push('balance is 0 but the status is open; mark the invoice paid if it was paid');

    const key = `${accountId}\u0000${invoiceNumber}`;
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      return { kind: 'rejected', line, reason: `duplicate of line ${earlier}: invoice '${invoiceNumber}' of customer '${accountId}' appears twice in this file` };
    }
    this.seen.set(key, line);

    const account = this.account(row, { accountId, taxId, country }, warnings);
    const invoice: Invoice = {
      accountId,
      invoiceNumber,
      currency,
      amount,
      balance,
      ...(issueDate ? { issueDate } : {}),
      dueDate,
      status,
    };
    return { kind: 'accepted', line, account, invoice, warnings };
  }

  private account(
    row: RawRow,
    ids: { accountId: string; taxId: string | undefined; country: string | undefined },
    warnings: string[],
  ): Account {
    const { present } = this.context;
    const name = cellText(row.customer_name).text?.replace(/\s+/g, ' ');
    if (!name && present.has('customer_name')) warnings.push(`no customer name; the customer id '${ids.accountId}' is used as the name`);

    const emailCell = cellText(row.email);
    const email = emailCell.text === undefined ? undefined : readEmail(emailCell.text);
    const phoneCell = cellText(row.phone);
    const phone = phoneCell.text === undefined ? undefined : readPhone(phoneCell.text, ids.country);
    const timezone = readTimezone(cellText(row.timezone).text, ids.country, present.has('country'));
    const locale = readLocale(cellText(row.language).text, ids.country);
    warnings.push(...(email?.warnings ?? []), ...(phone?.warnings ?? []), ...timezone.warnings, ...locale.warnings);
    return {
      accountId: ids.accountId,
      name: name ?? ids.accountId,
      ...(ids.taxId ? { taxId: ids.taxId } : {}),
      ...(email?.value ? { email: email.value } : {}),
      ...(phone?.value ? { phone: phone.value } : {}),
      ...(ids.country ? { country: ids.country } : {}),
      timezone: timezone.value,
      locale: locale.value,
    };
  }

  /** An amount or balance cell read as a decimal, with the file's number convention. */
  private money(value: unknown, label: 'amount' | 'balance', country: string | undefined): MoneyCell {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { kind: 'missing' };
    if (typeof value === 'number') {
      const decimal = decimalFromNumber(value);
      return decimal ? { kind: 'ok', decimal, display: String(value), currency: undefined } : { kind: 'problem', reason: `invalid ${label} ${String(value)}` };
    }
    if (typeof value !== 'string') return { kind: 'problem', reason: `invalid ${label}: expected a number, found ${describe(value)}` };

    const display = truncate(value.trim(), 40);
    const notANumber: MoneyCell = { kind: 'problem', reason: `invalid ${label} '${display}': not a number` };
    const parts = splitAmountText(value);
    if (!parts) return notANumber;
    const tokenCurrency = parts.token === undefined ? undefined : currencyOfToken(parts.token);
    if (parts.token !== undefined && tokenCurrency === undefined && !/\p{Sc}/u.test(parts.token)) return notANumber;

    const { profile } = this.context;
    const shape = numberShape(parts.body);
    let separator: '.' | ',';
    switch (shape.kind) {
      case 'invalid':
        return notANumber;
      case 'integer':
        separator = '.';
        break;
      case 'decimal':
        if (profile.decimal && shape.decimal !== profile.decimal) {
          return {
            kind: 'problem',
            reason:
              `${label} '${display}' does not match this file's number format: the file uses '${profile.decimal}' as decimal ` +
              `separator (e.g. ${quote(profile.decimalExample)})`,
          };
        }
        separator = shape.decimal;
        break;
      case 'ambiguous': {
        const decided = decimalForAmbiguous(profile, country);
        if (!decided) {
          const [whole = '', fraction = ''] = parts.body.split(shape.separator);
          return {
            kind: 'problem',
            reason:
              `ambiguous ${label} '${display}': '${shape.separator}' could be a decimal or a thousands separator; ` +
              `write ${whole}${fraction}.00 or ${whole},${fraction}.00`,
          };
        }
        separator = decided;
        break;
      }
    }
    const decimal = parseNumber(parts.body, separator, parts.negative);
    if (!decimal) return notANumber;
    return { kind: 'ok', decimal, display, currency: tokenCurrency };
  }

  private minor(cell: Extract<MoneyCell, { kind: 'ok' }>, label: string, currency: string, problems: string[]): number | undefined {
    if (cell.currency && cell.currency !== currency) {
      problems.push(`${label} '${cell.display}' is in ${cell.currency} but the invoice currency is ${currency}`);
      return undefined;
    }
    const reading = toMinorUnits(cell.decimal, currency);
    if (reading.ok) return reading.minor;
    problems.push(`${label} '${cell.display}' ${reading.reason}`);
    return undefined;
  }

  /** A date cell; `into` receives the problem (row problems for the due date, warnings for the issue date). */
  private date(value: unknown, label: string, into: string[], required: boolean): string | undefined {
    const cell = cellText(value);
    const skipped = required ? '' : '; skipped';
    if (typeof value === 'number') {
      into.push(`invalid ${label} ${value}: looks like a spreadsheet date serial number; format the column as a date${skipped}`);
      return undefined;
    }
    if (cell.invalid) {
      into.push(`invalid ${label}: expected a date, found ${cell.invalid}${skipped}`);
      return undefined;
    }
    if (cell.text === undefined) {
      if (required) into.push(`missing ${label}`);
      return undefined;
    }
    const { profile } = this.context;
    const reading = readDate(cell.text, profile.dateOrder);
    if (reading.ok) return reading.date;
    const shown = truncate(cell.text, 40);
    if (reading.problem === 'ambiguous') {
      into.push(
        `ambiguous ${label} '${shown}': this file mixes DD/MM/YYYY (e.g. ${quote(profile.dayFirstExample)}) and MM/DD/YYYY ` +
          `(e.g. ${quote(profile.monthFirstExample)}); write it as YYYY-MM-DD${skipped}`,
      );
    } else {
      into.push(`invalid ${label} '${shown}': ${reading.detail}${skipped}`);
    }
    return undefined;
  }
}

/** A cell as trimmed text: JSON numbers become their text, other JSON types are invalid. */
function cellText(value: unknown): Cell {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? {} : { text };
  }
  if (typeof value === 'number') return Number.isFinite(value) ? { text: String(value) } : { invalid: String(value) };
  return { invalid: describe(value) };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Invoice numbers and customer ids become store keys: trimmed, no control characters. */
function requiredId(value: unknown, label: string, problems: string[]): string | undefined {
  const cell = cellText(value);
  if (cell.text === undefined && !cell.invalid) {
    problems.push(`missing ${label}`);
    return undefined;
  }
  return optionalId(value, label, problems);
}

function optionalId(value: unknown, label: string, problems: string[]): string | undefined {
  const cell = cellText(value);
  if (cell.invalid) {
    problems.push(`invalid ${label}: expected text, found ${cell.invalid}`);
    return undefined;
  }
  if (cell.text !== undefined && /[\u0000-\u001F\u007F]/.test(cell.text)) {
    problems.push(`invalid ${label} '${truncate(cell.text.replace(/[\u0000-\u001F\u007F]/g, ' '), 40)}': it contains a line break or control character`);
    return undefined;
  }
  return cell.text;
}
