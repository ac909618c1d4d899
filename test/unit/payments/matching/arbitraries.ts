/**
 * fast-check generators for the matcher: small messy portfolios (few accounts, numbers in several
 * styles, balances drawn from a short list so same-amount twins and exact combinations happen, two
 * currencies) and payments that quote, mangle or omit invoice numbers.
 */
import fc from 'fast-check';
import { DEFAULT_MATCH_SETTINGS } from '../../../../shared/domain/payments/matching/matcher.js';
import type { MatchAccount, MatchCandidates, MatchInvoice, MatchSettings } from '../../../../shared/domain/payments/matching/types.js';
import type { Payment } from '../../../../shared/domain/payments/types.js';

export const TAX_IDS = ['ABC010101AB1', 'XYZ850505Q12', '900123456-7', '76.086.428-5'] as const;
const BALANCES = [10_000, 25_050, 50_000, 75_025, 100_000, 123_456, 250_000] as const;
const STYLES = ['F-', 'A', 'FAC-2026-', ''] as const;

export interface World {
  readonly candidates: MatchCandidates;
  readonly payment: Payment;
  readonly settings: MatchSettings;
}

export const accountsArb: fc.Arbitrary<MatchAccount[]> = fc.integer({ min: 1, max: 4 }).map((n) =>
  Array.from({ length: n }, (_, i) => ({ accountId: `C${i}`, name: `Cliente ${i}`, taxId: TAX_IDS[i]! })),
);

/** A printed invoice number: series style + zero-padded number. */
export const numberArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...STYLES), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 6 }))
  .map(([style, n, pad]) => `${style}${String(n).padStart(pad, '0')}`);

export function invoicesArb(accounts: readonly MatchAccount[]): fc.Arbitrary<MatchInvoice[]> {
  return fc
    .array(
      fc.record({
        account: fc.integer({ min: 0, max: accounts.length - 1 }),
        number: numberArb,
        currency: fc.constantFrom('MXN', 'MXN', 'MXN', 'USD'),
        balance: fc.oneof(fc.constantFrom(...BALANCES), fc.integer({ min: 1, max: 1_000_000 })),
        due: fc.integer({ min: 1, max: 28 }),
      }),
      { minLength: 1, maxLength: 12 },
    )
    .map((rows) => {
      // One invoice per (account, number), as a store holds them.
      const seen = new Set<string>();
      return rows.flatMap((row) => {
        const accountId = accounts[row.account]!.accountId;
        const id = `${accountId}/${row.number}`;
        if (seen.has(id)) return [];
        seen.add(id);
        return [{ accountId, invoiceNumber: row.number, currency: row.currency, balance: row.balance, dueDate: `2026-03-${String(row.due).padStart(2, '0')}` }];
      });
    });
}

/** How a payer might write an invoice number. */
export function noisy(number: string, variant: number): string {
  const variants = [
    number,
    number.toLowerCase(),
    number.replace(/-/g, ' '),
    number.replace(/-/g, ''),
    number.replace(/0/g, 'O'),
    `FACT. ${number}`,
    `No.${number}`,
    `#${number}`,
    number.replace(/(^|[^\d])0+(\d)/g, '$1$2'),
  ];
  return variants[variant % variants.length]!;
}

export const settingsArb: fc.Arbitrary<MatchSettings> = fc.record({
  autoApplyThreshold: fc.constant(0.9),
  shortfallTolerance: fc.record({ absoluteMinor: fc.constantFrom(0, 500, 1500), percent: fc.constantFrom(0, 0.5, 1) }),
  earlyPaymentDiscountPercent: fc.constantFrom(0, 2),
  allowOldestFirst: fc.boolean(),
  maxSubsetSize: fc.constant(DEFAULT_MATCH_SETTINGS.maxSubsetSize),
  maxSubsetPool: fc.constant(DEFAULT_MATCH_SETTINGS.maxSubsetPool),
});

/** A payment against the portfolio: names some invoices (mangled), or the payer, or nothing. */
export function paymentArb(accounts: readonly MatchAccount[], invoices: readonly MatchInvoice[]): fc.Arbitrary<Payment> {
  return fc
    .record({
      named: fc.subarray([...invoices], { maxLength: Math.min(3, invoices.length) }),
      variant: fc.nat(20),
      amountKind: fc.constantFrom('sum', 'sum', 'short', 'over', 'random'),
      random: fc.integer({ min: 1, max: 2_000_000 }),
      currency: fc.constantFrom('MXN', 'MXN', 'USD'),
      payer: fc.option(fc.integer({ min: 0, max: accounts.length - 1 }), { nil: undefined }),
      taxIdInText: fc.boolean(),
      noise: fc.constantFrom('', 'SPEI 8837261', 'PAGO', 'REF 0000123', 'PARCIALIDAD 1/3'),
      cfdi: fc.boolean(),
      link: fc.boolean(),
    })
    .map(({ named, variant, amountKind, random, currency, payer, taxIdInText, noise, cfdi, link }) => {
      const sum = named.reduce((s, i) => s + i.balance, 0);
      const amount =
        amountKind === 'random' || sum === 0 ? random : amountKind === 'short' ? Math.max(1, sum - 700) : amountKind === 'over' ? sum + 12_345 : sum;
      const taxId = payer === undefined ? undefined : accounts[payer]!.taxId!;
      const refs = named.map((invoice, i) => noisy(invoice.invoiceNumber, variant + i)).join(' Y ');
      const reference = `${noise} ${refs}${taxId !== undefined && taxIdInText ? ` RFC ${taxId}` : ''}`.trim();
      const payment: Payment = {
        paymentId: 'p1',
        source: cfdi ? 'cfdi' : link ? 'stripe' : 'camt053',
        kind: 'payment',
        amount,
        currency,
        valueDate: '2026-03-10',
        reference,
        ...(taxId !== undefined && !taxIdInText ? { payerTaxId: taxId } : {}),
        ...(link && named.length > 0 ? { links: { invoiceNumbers: named.map((i) => i.invoiceNumber), accountId: named[0]!.accountId } } : {}),
        ...(cfdi && named.length > 0
          ? { cfdiDocuments: named.map((i, k) => ({ uuid: `UUID-${k}`, folio: i.invoiceNumber, currency: i.currency, amountPaid: i.balance })) }
          : {}),
      };
      return payment;
    });
}

/** Invoices sometimes carry fiscal UUIDs (so CFDI documents can find them). */
function withUuids(invoices: readonly MatchInvoice[], on: boolean): MatchInvoice[] {
  return invoices.map((invoice, k) => (on && k < 3 ? { ...invoice, fiscalUuid: `UUID-${k}` } : invoice));
}

export const worldArb: fc.Arbitrary<World> = accountsArb.chain((accounts) =>
  fc.tuple(invoicesArb(accounts), fc.boolean(), settingsArb).chain(([raw, uuids, settings]) => {
    const invoices = withUuids(raw, uuids);
    return paymentArb(accounts, invoices).map((payment) => ({ candidates: { accounts, invoices }, payment, settings }));
  }),
);
