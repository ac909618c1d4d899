import { createHash } from 'node:crypto';
/**
 * Item ↔ domain mapping for the Accounts and Interactions tables (key layout: shared/config/tables.ts).
 * Only this file knows pk/sk/gsi1pk/gsi1sk: items carry the keys, domain objects never do. Each
 * mapping copies a fixed list of fields, so nothing unknown leaks either way, and a compile-time check
 * fails here when a domain type gains a field the list does not name.
 */
import type { Interaction, InvoiceKey, ReminderRecord } from '../../domain/types.js';
import { invoiceRefTail, normaliseInvoiceRef, normaliseTaxId } from '../../domain/payments/matching/references.js';
import type { StoredAccount, StoredInvoice } from '../../ports.js';

export type Item = Record<string, unknown>;

export const accountPk = (accountId: string): string => `ACCOUNT#${accountId}`;
export const PROFILE_SK = 'PROFILE';
export const INVOICE_PREFIX = 'INVOICE#';
export const REMINDER_PREFIX = 'REMINDER#';
export const invoiceSk = (invoiceNumber: string): string => `${INVOICE_PREFIX}${invoiceNumber}`;
export const reminderPrefix = (invoiceNumber: string): string => `${REMINDER_PREFIX}${invoiceNumber}#`;
export const reminderSk = (invoiceNumber: string, reminderId: string): string => `${reminderPrefix(invoiceNumber)}${reminderId}`;
export const CONFIG_PK = 'CONFIG';
export const POLICY_SK = 'POLICY#active';

export const accountKey = (accountId: string) => ({ pk: accountPk(accountId), sk: PROFILE_SK });
export const invoiceKey = (key: InvoiceKey) => ({ pk: accountPk(key.accountId), sk: invoiceSk(key.invoiceNumber) });
export const reminderKey = (key: InvoiceKey, reminderId: string) => ({
  pk: accountPk(key.accountId),
  sk: reminderSk(key.invoiceNumber, reminderId),
});
/** DynamoDB's sort key limit is 1024 bytes (UTF-8); ids built from provider and invoice ids can pass it. */
const MAX_SORT_KEY_BYTES = 1024;
export const interactionKey = (i: Pick<Interaction, 'accountId' | 'at' | 'interactionId'>) => {
  const sk = `${i.at}#${i.interactionId}`;
  // Too long: the same id always hashes the same, so the line stays idempotent (the id itself is kept in the item).
  return {
    pk: accountPk(i.accountId),
    sk: Buffer.byteLength(sk, 'utf8') <= MAX_SORT_KEY_BYTES ? sk : `${i.at}#${createHash('sha256').update(i.interactionId).digest('hex')}`,
  };
};

/** Compile-time guard: `true` only when `Fields` names every key of `T`. */
type Covers<T, Fields extends readonly (keyof T)[]> = [Exclude<keyof T, Fields[number]>] extends [never] ? true : false;

const ACCOUNT_FIELDS = [
  'accountId',
  'name',
  'taxId',
  'email',
  'phone',
  'country',
  'timezone',
  'locale',
  'channels',
  'whatsappOptIn',
  'region',
  'debtorType',
  'zoneCandidates',
  'contentHash',
  'updatedAt',
] as const;
const INVOICE_FIELDS = [
  'accountId',
  'invoiceNumber',
  'currency',
  'amount',
  'balance',
  'issueDate',
  'dueDate',
  'status',
  'fiscalUuid',
  'dateWarning',
  'contentHash',
  'plannedHash',
  'updatedAt',
  'appliedPaymentIds',
  'appliedAmounts',
  'reversalIds',
] as const;
const REMINDER_FIELDS = [
  'accountId',
  'invoiceNumber',
  'reminderId',
  'segmentId',
  'step',
  'sendAt',
  'timezone',
  'catchUp',
  'scheduleName',
  'status',
  'updatedAt',
] as const;
const INTERACTION_FIELDS = ['interactionId', 'accountId', 'at', 'type', 'invoiceNumber', 'reminderId', 'channel', 'detail', 'data'] as const;

// A new field on a domain type must be mapped here (else it would silently not be stored).
const covered: [
  Covers<StoredAccount, typeof ACCOUNT_FIELDS>,
  Covers<StoredInvoice, typeof INVOICE_FIELDS>,
  Covers<ReminderRecord, typeof REMINDER_FIELDS>,
  Covers<Interaction, typeof INTERACTION_FIELDS>,
] = [true, true, true, true];
void covered;

function pick(source: object, fields: readonly string[]): Item {
  const out: Item = {};
  for (const field of fields) {
    const value = (source as Item)[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

/** GSI1 keys: payments find invoices by normalised number and payers by normalised tax id. */
export const invoiceRefGsiPk = (ref: string): string => `INVREF#${ref}`;
export const taxIdGsiPk = (taxId: string): string => `TAXID#${taxId}`;
export const invoiceTailGsiPk = (tail: string): string => `INVTAIL#${tail}`;
export const openAmountGsiPk = (currency: string, balance: number): string => `AMOUNT#${currency}#${balance}`;
export const invoiceGsiSk = (key: InvoiceKey): string => `${accountPk(key.accountId)}#${key.invoiceNumber}`;
/** GSI2 / GSI3 on profiles: the account behind an inbound SMS / WhatsApp number or an email address. */
export const phoneGsiPk = (e164: string): string => `PHONE#${e164}`;
export const emailGsiPk = (email: string): string => `EMAIL#${email.trim().toLowerCase()}`;

/**
 * Accounts with a tax id carry it in GSI1, so a bank transfer that names only the payer's RFC finds
 * them; the phone (GSI2) and email (GSI3) find the account behind an inbound reply.
 */
export function accountToItem(account: StoredAccount): Item {
  const taxId = account.taxId ? normaliseTaxId(account.taxId) : '';
  return {
    ...pick(account, ACCOUNT_FIELDS),
    ...accountKey(account.accountId),
    ...(taxId ? { gsi1pk: taxIdGsiPk(taxId), gsi1sk: accountPk(account.accountId) } : {}),
    ...(account.phone ? { gsi2pk: phoneGsiPk(account.phone), gsi2sk: accountPk(account.accountId) } : {}),
    ...(account.email ? { gsi3pk: emailGsiPk(account.email), gsi3sk: accountPk(account.accountId) } : {}),
  };
}

export function accountFromItem(item: Item): StoredAccount {
  return pick(item, ACCOUNT_FIELDS) as unknown as StoredAccount;
}

/**
 * Invoices also carry the GSI1 keys under their normalised number (`F-00123` → `F123`), so a payment
 * that quotes only the number, with the noise bank references add, finds it.
 */
export function invoiceToItem(invoice: StoredInvoice): Item {
  const tail = invoiceRefTail(invoice.invoiceNumber);
  const open = invoice.status === 'open' && invoice.balance > 0;
  return {
    ...pick(invoice, INVOICE_FIELDS),
    ...invoiceKey(invoice),
    gsi1pk: invoiceRefGsiPk(normaliseInvoiceRef(invoice.invoiceNumber) || invoice.invoiceNumber),
    gsi1sk: invoiceGsiSk(invoice),
    ...(tail ? { gsi2pk: invoiceTailGsiPk(tail), gsi2sk: invoiceGsiSk(invoice) } : {}),
    ...(open ? { gsi3pk: openAmountGsiPk(invoice.currency, invoice.balance), gsi3sk: invoiceGsiSk(invoice) } : {}),
  };
}

export function invoiceFromItem(item: Item): StoredInvoice {
  return pick(item, INVOICE_FIELDS) as unknown as StoredInvoice;
}

export function reminderToItem(record: ReminderRecord): Item {
  return { ...pick(record, REMINDER_FIELDS), ...reminderKey(record, record.reminderId) };
}

export function reminderFromItem(item: Item): ReminderRecord {
  return pick(item, REMINDER_FIELDS) as unknown as ReminderRecord;
}

export function interactionToItem(interaction: Interaction): Item {
  return { ...pick(interaction, INTERACTION_FIELDS), ...interactionKey(interaction) };
}

export function interactionFromItem(item: Item): Interaction {
  return pick(item, INTERACTION_FIELDS) as unknown as Interaction;
}
