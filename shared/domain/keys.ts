import type { InvoiceKey } from './types.js';

/** The map key for an invoice in batch results: account and number, unambiguous (NUL never appears in either). */
export function invoiceKeyString(key: InvoiceKey): string {
  return `${key.accountId}\u0000${key.invoiceNumber}`;
}
