import type { Invoice } from '../types.js';

/**
 * The payment link of an invoice: the policy's template with `{accountId}` and `{invoiceNumber}`
 * replaced by their URL-encoded values (`F 1/2` → `F%201%2F2`).
 *
 * @example
 * paymentLink('https://pay.example.com/{accountId}/{invoiceNumber}', { accountId: 'MX-1', invoiceNumber: 'F 1/2' })
 * // 'https://pay.example.com/MX-1/F%201%2F2'
 */
export function paymentLink(template: string, invoice: Pick<Invoice, 'accountId' | 'invoiceNumber'>): string {
  return template
    .replaceAll('{accountId}', encodeURIComponent(invoice.accountId))
    .replaceAll('{invoiceNumber}', encodeURIComponent(invoice.invoiceNumber));
}

/**
 * The debtor's self-service page: the policy's `portalLinkTemplate` with `{accountId}` URL-encoded.
 *
 * @example
 * portalLink('https://portal.example.com/{accountId}', 'MX 1') // 'https://portal.example.com/MX%201'
 */
export function portalLink(template: string, accountId: string): string {
  return template.replaceAll('{accountId}', encodeURIComponent(accountId));
}
