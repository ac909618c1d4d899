import type { Account, Invoice } from '../types.js';
import { minorUnitsOf, readMoneyCell, type MoneyCell } from './amounts.js';
import { cellText, readId } from './cells.js';
import { readEmail } from './email.js';
import { rowValueProblem } from './limits.js';
import type { ProvidedFields } from './merge.js';
import { readLocale } from './locale.js';
import { readChannels, readOptIn } from './channels.js';
import { readDebtorType } from './debtor-type.js';
import { readDebtorZone } from './debtor-zone.js';
import { readPhone } from './phone.js';
import { countryProfile, parseCountry } from './countries.js';
import { readDate } from './dates.js';
import { truncate, type CanonicalColumn, type RawRow } from './headers.js';
import { formatMinorUnits, parseCurrency } from './money.js';
import { quote, type FileProfile } from './profile.js';
import { readStatus } from './status.js';

/** What the reader says about one data row. */
export type RowOutcome =
  | { kind: 'accepted'; line: number; account: Account; invoice: Invoice; warnings: string[]; provided?: ProvidedFields }
  | { kind: 'rejected'; line: number; reason: string };

/** Row reading needs the file's decisions and which columns the file has. */
export interface RowContext {
  readonly profile: FileProfile;
  readonly present: ReadonlySet<CanonicalColumn>;
}

interface Money {
  readonly currency: string;
  readonly amount: number;
  /** Undefined when the row has no balance (it then defaults from the amount and the status). */
  readonly balance: number | undefined;
}

/**
 * Turns raw rows into accounts and invoices, one at a time (pass 2). Problems with required fields
 * reject the row, all named in one reason; problems with optional fields become warnings. Remembers
 * the accepted invoice keys to reject a later duplicate (the only state, so memory stays flat).
 */
export class RowReader {
  private readonly seen = new Map<string, number>();

  constructor(private readonly context: RowContext) {}

  read(row: RawRow, line: number): RowOutcome {
    // A value too long or with a control character (a NUL or ESC pasted into a name) spoils only its row.
    const valueProblem = rowValueProblem(row);
    if (valueProblem) return { kind: 'rejected', line, reason: valueProblem };
    const problems: string[] = [];
    const warnings: string[] = [];

    const invoiceNumber = readId(row.invoice_number, 'invoice number', problems);
    if (invoiceNumber === undefined && problems.length === 0) problems.push('missing invoice number');
    const beforeIds = problems.length;
    const customerId = readId(row.customer_id, 'customer id', problems);
    const taxId = readId(row.tax_id, 'tax id', problems)?.toUpperCase();
    const accountId = customerId ?? taxId;
    if (accountId === undefined && problems.length === beforeIds) problems.push(this.missingCustomer());

    const country = this.country(row.country, warnings);
    const money = this.money(row, country, problems);
    const dueDate = this.date(row.due_date, 'due date', problems, true);
    const issueDate = this.date(row.issue_date, 'issue date', warnings, false);
    const status = readStatus(row.status, problems);
    const fiscalUuid = readFiscalUuid(row.fiscal_uuid, warnings);

    if (problems.length > 0 || invoiceNumber === undefined || accountId === undefined || !money || !dueDate) {
      return { kind: 'rejected', line, reason: problems.join('; ') || 'row could not be read' };
    }

    const key = `${accountId}\u0000${invoiceNumber}`;
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      return { kind: 'rejected', line, reason: `duplicate of line ${earlier}: invoice '${invoiceNumber}' of customer '${accountId}' appears twice in this file` };
    }
    this.seen.set(key, line);

    if (issueDate && dueDate < issueDate) warnings.push(`due date ${dueDate} is before the issue date ${issueDate}`);
    // A paid invoice owes nothing; an open one with nothing owed is kept as the file says, flagged.
    let balance = money.balance ?? (status === 'paid' ? 0 : money.amount);
    if (status === 'paid' && balance > 0) {
      warnings.push(`status is paid, so the balance ${formatMinorUnits(balance, money.currency)} is recorded as 0`);
      balance = 0;
    }
    if (status === 'open' && balance === 0) warnings.push('balance is 0 but the status is open; mark the invoice paid if it was paid');

    const invoice: Invoice = {
      accountId,
      invoiceNumber,
      currency: money.currency,
      amount: money.amount,
      balance,
      ...(issueDate ? { issueDate } : {}),
      dueDate,
      status,
      ...(fiscalUuid ? { fiscalUuid } : {}),
    };
    const invoiceFields = new Set<keyof Invoice>(['accountId', 'invoiceNumber', 'currency', 'amount', 'dueDate', 'dateWarning']);
    if (money.balance !== undefined) invoiceFields.add('balance');
    if (cellText(row.status).text !== undefined) invoiceFields.add('status');
    if (issueDate) invoiceFields.add('issueDate');
    if (fiscalUuid) invoiceFields.add('fiscalUuid');
    const { account, provided } = this.account(row, accountId, taxId, country, warnings);
    return { kind: 'accepted', line, account, invoice, warnings, provided: { account: provided, invoice: invoiceFields } };
  }

  private missingCustomer(): string {
    const { present } = this.context;
    if (!present.has('customer_id')) return 'missing tax id (used as the customer id)';
    return present.has('tax_id') ? 'missing customer id (and no tax id to use instead)' : 'missing customer id';
  }

  private country(value: unknown, warnings: string[]): string | undefined {
    const cell = cellText(value);
    if (cell.invalid) warnings.push(`invalid country (${cell.invalid}) ignored`);
    if (cell.text === undefined) return undefined;
    const country = parseCountry(cell.text);
    if (!country) warnings.push(`unknown country '${truncate(cell.text, 40)}' ignored`);
    return country;
  }

  /** Currency (the column, else a code in the amount, else the country's), amount > 0 and balance. */
  private money(row: RawRow, country: string | undefined, problems: string[]): Money | undefined {
    const { profile } = this.context;
    const before = problems.length;
    const amountCell = readMoneyCell(row.amount, 'amount', profile, country);
    const balanceCell = readMoneyCell(row.balance, 'balance', profile, country);
    const currency = this.currency(row, country, amountCell, problems);

    let amount: number | undefined;
    if (amountCell.kind === 'missing') problems.push('missing amount');
    else if (amountCell.kind === 'problem') problems.push(amountCell.reason);
    else if (currency) {
      const minor = minorUnitsOf(amountCell, 'amount', currency);
      if ('problem' in minor) problems.push(minor.problem);
      else if (minor.minor <= 0) problems.push(`amount must be greater than zero, found '${amountCell.display}'`);
      else amount = minor.minor;
    }

    let balance: number | undefined;
    if (balanceCell.kind === 'problem') problems.push(balanceCell.reason);
    else if (balanceCell.kind === 'ok' && currency) {
      const minor = minorUnitsOf(balanceCell, 'balance', currency);
      if ('problem' in minor) problems.push(minor.problem);
      else if (minor.minor < 0) problems.push(`balance cannot be negative, found '${balanceCell.display}'`);
      else if (amount !== undefined && amountCell.kind === 'ok' && minor.minor > amount) {
        problems.push(`balance '${balanceCell.display}' is more than the amount '${amountCell.display}'`);
      } else balance = minor.minor;
    }

    if (problems.length > before || currency === undefined || amount === undefined) return undefined;
    return { currency, amount, balance };
  }

  private currency(row: RawRow, country: string | undefined, amount: MoneyCell, problems: string[]): string | undefined {
    const national = countryProfile(country)?.currency;
    const cell = cellText(row.currency);
    if (cell.invalid) {
      problems.push(`invalid currency: expected a code such as MXN, found ${cell.invalid}`);
      return undefined;
    }
    if (cell.text !== undefined) {
      const reading = parseCurrency(cell.text, national);
      if (reading.ok) return reading.currency;
      problems.push(reading.reason);
      return undefined;
    }
    const implied = (amount.kind === 'ok' ? amount.currency : undefined) ?? national;
    if (implied) return implied;
    const countryText = cellText(row.country).text;
    problems.push(
      countryText === undefined
        ? 'missing currency: fill the currency (e.g. MXN) or the country'
        : `missing currency, and country '${truncate(countryText, 40)}' does not imply one: fill the currency (e.g. MXN)`,
    );
    return undefined;
  }

  /** A date cell. Its problem goes to `into`: the row's problems (due date) or its warnings (issue date). */
  private date(value: unknown, label: string, into: string[], required: boolean): string | undefined {
    const skipped = required ? '' : '; skipped';
    if (typeof value === 'number') {
      into.push(`invalid ${label} ${value}: looks like a spreadsheet date serial number; format the column as a date${skipped}`);
      return undefined;
    }
    const cell = cellText(value);
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
    into.push(
      reading.problem === 'ambiguous'
        ? `ambiguous ${label} '${shown}': this file mixes DD/MM/YYYY (e.g. ${quote(profile.dayFirstExample)}) and MM/DD/YYYY ` +
            `(e.g. ${quote(profile.monthFirstExample)}); write it as YYYY-MM-DD${skipped}`
        : `invalid ${label} '${shown}': ${reading.detail}${skipped}`,
    );
    return undefined;
  }

  /** The debtor's profile: bad optional values are dropped or defaulted, each with a warning. */
  private account(
    row: RawRow,
    accountId: string,
    taxId: string | undefined,
    country: string | undefined,
    warnings: string[],
  ): { account: Account; provided: ReadonlySet<keyof Account> } {
    const { present } = this.context;
    const name = cellText(row.customer_name).text?.replace(/\s+/g, ' ');
    if (!name && present.has('customer_name')) warnings.push(`no customer name; the customer id '${accountId}' is used as the name`);
    const emailText = cellText(row.email).text;
    const email = emailText === undefined ? undefined : readEmail(emailText);
    const phoneText = cellText(row.phone).text;
    const phone = phoneText === undefined ? undefined : readPhone(phoneText, country);
    const region = cellText(row.region).text?.trim().replace(/\s+/g, ' ');
    const zone = readDebtorZone({ zone: cellText(row.timezone).text, region, phone: phone?.value, country, warnWithoutCountry: present.has('country') });
    const debtorTypeText = cellText(row.debtor_type).text;
    const debtorType = debtorTypeText === undefined ? undefined : readDebtorType(debtorTypeText);
    const locale = readLocale(cellText(row.language).text, country);
    // JSON files may say `"channels": ["whatsapp", "email"]` and `"whatsapp_opt_in": true`.
    const channelsText = Array.isArray(row.channels) ? row.channels.map(String).join(',') : cellText(row.channels).text;
    const channels = channelsText === undefined ? undefined : readChannels(channelsText);
    const optInText = typeof row.whatsapp_opt_in === 'boolean' ? String(row.whatsapp_opt_in) : cellText(row.whatsapp_opt_in).text;
    const whatsappOptIn = optInText === undefined ? undefined : readOptIn(optInText);
    warnings.push(
      ...(email?.warnings ?? []),
      ...(phone?.warnings ?? []),
      ...zone.warnings,
      ...(debtorType?.warnings ?? []),
      ...locale.warnings,
      ...(channels?.warnings ?? []),
      ...(whatsappOptIn?.warnings ?? []),
    );
    const timezoneText = cellText(row.timezone).text;
    const given: Partial<Record<keyof Account, unknown>> = {
      accountId,
      name,
      taxId,
      email: email?.value,
      phone: phone?.value,
      country,
      // Derived: provided by their own column; re-derived when a source changes (merge.ts).
      timezone: timezoneText,
      zoneCandidates: timezoneText,
      locale: cellText(row.language).text,
      channels: channels?.value,
      whatsappOptIn: whatsappOptIn?.value,
      region,
      debtorType: debtorType?.value,
    };
    const provided = new Set((Object.keys(given) as (keyof Account)[]).filter((field) => given[field] !== undefined && given[field] !== ''));
    const account: Account = {
      accountId,
      name: name ?? accountId,
      ...(taxId ? { taxId } : {}),
      ...(email?.value ? { email: email.value } : {}),
      ...(phone?.value ? { phone: phone.value } : {}),
      ...(country ? { country } : {}),
      timezone: zone.timezone,
      locale: locale.value,
      ...(channels?.value ? { channels: channels.value } : {}),
      ...(whatsappOptIn?.value !== undefined ? { whatsappOptIn: whatsappOptIn.value } : {}),
      ...(region ? { region } : {}),
      ...(debtorType?.value ? { debtorType: debtorType.value } : {}),
      ...(zone.zoneCandidates ? { zoneCandidates: zone.zoneCandidates } : {}),
    };
    return { account, provided };
  }
}

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/** A CFDI folio fiscal, upper case; anything else is a warning (the invoice is still owed). */
function readFiscalUuid(value: unknown, warnings: string[]): string | undefined {
  const cell = cellText(value);
  if (cell.text === undefined) return undefined;
  const uuid = cell.text.trim().toUpperCase();
  if (UUID.test(uuid)) return uuid;
  warnings.push(`invalid fiscal UUID '${truncate(cell.text, 40)}' ignored`);
  return undefined;
}
