import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';
import type { Account, Invoice, Tone } from '../../../shared/domain/types.js';

/** One debtor market: an account and two invoices whose balances add up to `total` as the locale writes it. */
export interface Market {
  readonly account: Account;
  readonly invoices: readonly [Invoice, Invoice];
  /** The sum of both balances, formatted (plain spaces). */
  readonly total: string;
  /** The first invoice's balance alone, formatted. */
  readonly first: string;
}

function market(accountId: string, name: string, locale: string, country: string, timezone: string, currency: string, minors: [number, number], total: string, first: string): Market {
  const invoice = (n: number, dueDate: string): Invoice => ({
    accountId,
    invoiceNumber: `${country}-F${1001 + n}`,
    currency,
    amount: minors[n] ?? 0,
    balance: minors[n] ?? 0,
    dueDate,
    status: 'open',
  });
  return {
    account: { accountId, name, locale, country, timezone },
    // Due on 15 and 17 December 2026.
    invoices: [invoice(0, '2026-12-15'), invoice(1, '2026-12-17')],
    total,
    first,
  };
}

export const MARKETS: readonly Market[] = [
  market('MX-100', 'Abarrotes La Esperanza', 'es-MX', 'MX', 'America/Mexico_City', 'MXN', [1_000_000, 234_567], '$12,345.67', '$10,000.00'),
  market('CO-200', 'Ferretería El Tornillo', 'es-CO', 'CO', 'America/Bogota', 'COP', [1_000_000_000, 245_000_000], '$ 12.450.000', '$ 10.000.000'),
  market('PE-300', 'Bodega San Martín', 'es-PE', 'PE', 'America/Lima', 'PEN', [1_000_000, 234_550], 'S/ 12,345.50', 'S/ 10,000.00'),
  market('CL-400', 'Farmacia Los Andes', 'es-CL', 'CL', 'America/Santiago', 'CLP', [1_000, 234], '$1.234', '$1.000'),
  market('US-500', 'Main Street Grocers', 'en-US', 'US', 'America/New_York', 'USD', [100_000, 23_456], '$1,234.56', '$1,000.00'),
];

export const TONES: readonly Tone[] = ['friendly', 'firm', 'formal'];

/** A day (16:00 UTC: daytime in every market) on which each template speaks for the 15 December invoice. */
export const SPEAKS_ON = {
  upcoming: new Date('2026-12-10T16:00:00Z'),
  'due-today': new Date('2026-12-15T16:00:00Z'),
  overdue: new Date('2026-12-18T16:00:00Z'),
  'final-notice': new Date('2027-03-20T16:00:00Z'),
} as const;

/** Intl puts no-break spaces between some symbols and amounts; compare with plain spaces. */
export const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

/** The default policy with some fields replaced (no validation: tests reach states a file cannot). */
export function policyWith(changes: {
  company?: Partial<Policy['company']>;
  budget?: number;
  overrides?: Policy['templates']['overrides'];
}): Policy {
  return {
    ...defaultPolicy,
    company: { ...defaultPolicy.company, ...changes.company },
    channels: { ...defaultPolicy.channels, sms: { segmentBudget: changes.budget ?? defaultPolicy.channels.sms.segmentBudget } },
    templates: { overrides: changes.overrides ?? [] },
  };
}

/** `count` invoices of one account, due a day apart from 1 November 2026, of `minor` each. */
export function manyInvoices(accountId: string, count: number, currency = 'MXN', minor = 1_234_567): Invoice[] {
  return Array.from({ length: count }, (_, i) => ({
    accountId,
    invoiceNumber: `F-${2001 + i}`,
    currency,
    amount: minor,
    balance: minor,
    dueDate: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10),
    status: 'open' as const,
  }));
}
