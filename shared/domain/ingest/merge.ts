import type { Account, Invoice } from '../types.js';
import { readDebtorZone } from './debtor-zone.js';

/**
 * Which fields a row actually says something about. A column absent from the file, or an empty cell,
 * says nothing: the stored value stays (an ERP status export without name, email or phone columns
 * must not erase them). A value that cannot be read (an invalid email) says nothing either; the row
 * carries a warning. The time zone (and its candidates) is provided by a timezone value, the locale by
 * a language value; mergeAccount re-derives them when their sources change.
 */
export interface ProvidedFields {
  readonly account: ReadonlySet<keyof Account>;
  readonly invoice: ReadonlySet<keyof Invoice>;
}

/** The account fields a report names when a file changes them (the id never changes). */
export const ACCOUNT_DATA_FIELDS = [
  'name', 'taxId', 'email', 'phone', 'country', 'timezone', 'locale', 'channels', 'whatsappOptIn', 'region', 'debtorType', 'zoneCandidates',
] as const satisfies readonly (keyof Account)[];

export const INVOICE_DATA_FIELDS = [
  'currency', 'amount', 'balance', 'issueDate', 'dueDate', 'status', 'fiscalUuid', 'dateWarning',
] as const satisfies readonly (keyof Invoice)[];

/**
 * The account a row leaves on file: the stored one with the row's provided fields laid over it. A new
 * account (nothing stored) is the row's account as read: its name falls back to the id only then.
 * Without `provided` (a caller that does not track it) the row replaces the stored account whole.
 */
export function mergeAccount(stored: Account | undefined, fromRow: Account, provided: ReadonlySet<keyof Account> | undefined): Account {
  if (!stored || !provided) return fromRow;
  const out: Record<string, unknown> = { ...domainFields(stored, ACCOUNT_DATA_FIELDS), accountId: stored.accountId };
  for (const field of provided) overlay(out, field, fromRow[field]);
  // A new region, phone or country moves the zone (unless the row names the zone itself): derived from
  // the account as merged, so a stored region still counts when this file has no region column.
  const moved = (['region', 'phone', 'country'] as const).some((field) => provided.has(field) && fromRow[field] !== stored[field]);
  if (moved && !provided.has('timezone')) {
    const { region, phone, country } = out as Partial<Account>;
    const zone = readDebtorZone({ region, phone, country, warnWithoutCountry: false });
    overlay(out, 'timezone', zone.timezone);
    overlay(out, 'zoneCandidates', zone.zoneCandidates);
  }
  // A new country: its language, unless the row names one.
  if (provided.has('country') && fromRow.country !== stored.country && !provided.has('locale')) overlay(out, 'locale', fromRow.locale);
  return out as unknown as Account;
}

/**
 * The invoice a row leaves on file, the same way. Amount, currency and due date are required, so
 * always provided. A balance the file does not give: 0 when the invoice is paid; otherwise, while the
 * status is unchanged, what was still owed (following the amount when nothing had been paid). A stored
 * paid invoice whose file gives a balance above 0 but no status is open again (money is owed).
 */
export function mergeInvoice(stored: Invoice | undefined, fromRow: Invoice, provided: ReadonlySet<keyof Invoice> | undefined): Invoice {
  if (!stored || !provided) return fromRow;
  const out: Record<string, unknown> = { ...domainFields(stored, INVOICE_DATA_FIELDS), accountId: stored.accountId, invoiceNumber: stored.invoiceNumber };
  for (const field of provided) overlay(out, field, fromRow[field]);
  let status = out.status as Invoice['status'];
  if (!provided.has('status') && provided.has('balance') && status === 'paid' && fromRow.balance > 0) status = 'open';
  let balance = fromRow.balance;
  if (!provided.has('balance')) {
    if (status === 'paid') balance = 0;
    else if (status === stored.status) balance = stored.balance === stored.amount ? fromRow.amount : Math.min(stored.balance, fromRow.amount);
    else balance = fromRow.amount;
  }
  return { ...(out as unknown as Invoice), status, balance };
}

/** The fields whose values differ between two versions of a record (arrays compared by content). */
export function changedFields<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): string[] {
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

function domainFields(source: object, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function overlay(out: Record<string, unknown>, field: string, value: unknown): void {
  if (value === undefined) delete out[field];
  else out[field] = value;
}
