/**
 * Wording of explanations: short, for a finance clerk, amounts with their currency. English (the
 * clerk-facing UI translates), one or two sentences, invoice numbers as printed.
 */
import { formatMinorUnits } from '../../ingest/money.js';
import type { MatchInvoice } from './types.js';

/** `MXN 1,234.50`, `CLP 150,000`. */
export function money(minor: number, currency: string): string {
  const plain = formatMinorUnits(minor, currency);
  const [whole = '', fraction] = plain.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign === '' ? whole : whole.slice(1);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** `F-1`, `F-1 and F-2`, `F-1, F-2 and F-3`, `F-1, F-2, F-3 and 4 more`. */
export function invoiceList(invoices: readonly Pick<MatchInvoice, 'invoiceNumber'>[]): string {
  const names = invoices.map((invoice) => invoice.invoiceNumber);
  if (names.length <= 1) return names.join('');
  if (names.length <= 4) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** Joins sentences, each ending with a full stop. */
export function sentences(...parts: readonly (string | undefined)[]): string {
  return parts
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => (part.endsWith('.') ? part : `${part}.`))
    .join(' ');
}
