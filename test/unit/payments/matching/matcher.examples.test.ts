import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_SETTINGS, matchPayment } from '../../../../shared/domain/payments/matching/matcher.js';
import type { MatchAccount, MatchCandidates, MatchDecision, MatchInvoice, MatchRule, MatchSettings } from '../../../../shared/domain/payments/matching/types.js';
import type { Payment } from '../../../../shared/domain/payments/types.js';

const ACCOUNTS: MatchAccount[] = [
  { accountId: 'C1', name: 'ACME SA de CV', taxId: 'ABC010101AB1' },
  { accountId: 'C2', name: 'Beta SAS', taxId: '900123456-7' },
  { accountId: 'C3', name: 'Gamma Ltda' },
];

const inv = (accountId: string, invoiceNumber: string, balance: number, dueDate: string, extra: Partial<MatchInvoice> = {}): MatchInvoice => ({
  accountId,
  invoiceNumber,
  currency: 'MXN',
  balance,
  dueDate,
  ...extra,
});

const INVOICES: MatchInvoice[] = [
  inv('C1', 'F-000123', 100_000, '2026-03-01', { fiscalUuid: 'AAAAAAAA-0000-4000-8000-000000000123' }),
  inv('C1', 'F-000124', 50_000, '2026-03-05'),
  inv('C1', 'F-000125', 50_000, '2026-03-05', { currency: 'USD' }),
  inv('C1', 'A1024', 30_000, '2026-02-01'),
  inv('C2', 'FAC-2026-0045', 70_000, '2026-02-01'),
  inv('C2', 'FAC-2026-0046', 70_000, '2026-02-02'),
  inv('C3', '0012345', 88_000, '2026-02-10'),
  inv('C3', 'F-000132', 61_000, '2026-02-11'),
];

const CANDIDATES: MatchCandidates = { accounts: ACCOUNTS, invoices: INVOICES };

/** Neighbours in a sequence: T-004512 and T-004521 differ by two swapped digits. */
const TRANSPOSED: MatchCandidates = {
  accounts: ACCOUNTS,
  invoices: [inv('C1', 'T-004512', 123_456, '2026-02-01'), inv('C3', 'T-004521', 61_000, '2026-02-01')],
};

/** As a customer would configure it: fees up to MXN 15 or 0.5%, a 2% early-payment discount, oldest-first allowed. */
const CONFIGURED: MatchSettings = {
  ...DEFAULT_MATCH_SETTINGS,
  shortfallTolerance: { absoluteMinor: 1500, percent: 0.5 },
  earlyPaymentDiscountPercent: 2,
  allowOldestFirst: true,
};

function pay(fields: Partial<Payment>): Payment {
  return { paymentId: 'p1', source: 'camt053', kind: 'payment', amount: 1, currency: 'MXN', valueDate: '2026-02-20', ...fields };
}

interface Example {
  readonly why: string;
  readonly payment: Partial<Payment>;
  readonly rule: MatchRule;
  /** 'auto' = at or above 0.9; 'held' = below (exception queue). */
  readonly verdict: 'auto' | 'held';
  /** `number:amount` (`!` = settles). */
  readonly allocations: readonly string[];
  readonly credit?: number;
  readonly settings?: MatchSettings;
  readonly says?: RegExp;
  readonly candidates?: MatchCandidates;
}

const EXAMPLES: Example[] = [
  { why: 'a clean reference paid in full', payment: { amount: 100_000, reference: 'PAGO FACTURA F-000123' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:100000'] },
  { why: 'O for 0, series glued, zeros dropped: the same key', payment: { amount: 100_000, reference: 'pago fact.FO0123' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:100000'] },
  { why: 'bare numbers of two different customers adding up to the amount are not one payment: held', payment: { amount: 131_000, reference: 'FACTURAS 45 Y 132' }, rule: 'none', verdict: 'held', allocations: [], candidates: { accounts: ACCOUNTS, invoices: [inv('C2', 'FAC-2026-0045', 70_000, '2026-02-01'), inv('C3', 'F-000132', 61_000, '2026-02-11')] } },
  { why: 'numbers without series of one customer summing exactly to the amount, payer unknown: applied', payment: { amount: 131_000, reference: 'SPEI FACTURAS 0132 Y 0133' }, rule: 'reference-set', verdict: 'auto', allocations: ['F-000132:61000', 'F-000133:70000'], candidates: { accounts: ACCOUNTS, invoices: [inv('C3', 'F-000132', 61_000, '2026-02-11'), inv('C3', 'F-000133', 70_000, '2026-02-12')] }, says: /add up exactly/ },
  { why: 'two references, the amount pays both', payment: { amount: 150_000, reference: 'PAGO FACT. F-00123 Y 124' }, rule: 'reference-set', verdict: 'auto', allocations: ['F-000123:100000', 'F-000124:50000'] },
  { why: 'a bank fee within tolerance settles the invoice', payment: { amount: 99_000, reference: 'F-000123' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:99000!'], settings: CONFIGURED, says: /within the fee tolerance/ },
  { why: 'the same shortfall without a tolerance is a partial payment', payment: { amount: 99_000, reference: 'F-000123' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:99000'], says: /partial/ },
  { why: 'exactly the early-payment discount, paid before the due date, settles', payment: { amount: 98_000, reference: 'F-000123', valueDate: '2026-02-25' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:98000!'], settings: CONFIGURED, says: /2% discount/ },
  { why: 'the discount taken after the due date is a partial payment', payment: { amount: 98_000, reference: 'F-000123', valueDate: '2026-03-09' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:98000'], settings: CONFIGURED },
  { why: 'overpaid by a known payer: the rest is their credit', payment: { amount: 110_000, reference: 'F-000123', payerTaxId: 'abc-010101-ab1' }, rule: 'reference', verdict: 'auto', allocations: ['F-000123:100000'], credit: 10_000 },
  { why: 'overpaid by an unknown payer: the rest stays unapplied, held', payment: { amount: 110_000, reference: 'F-000123' }, rule: 'reference', verdict: 'held', allocations: ['F-000123:100000'], says: /unapplied/ },
  { why: 'the surplus pays exactly another open invoice of the same customer', payment: { amount: 130_000, reference: 'F-000123' }, rule: 'reference-set', verdict: 'auto', allocations: ['F-000123:100000', 'A1024:30000'] },
  { why: 'an invoice in another currency is never paid, and the explanation says so', payment: { amount: 50_000, reference: 'F-000125 RFC XXX' }, rule: 'reference', verdict: 'held', allocations: ['F-000124:50000'], says: /F-000125 is in USD/ },
  { why: 'payer by tax id, one open invoice of exactly that amount', payment: { amount: 30_000, payerTaxId: 'ABC010101AB1' }, rule: 'single-open-amount', verdict: 'auto', allocations: ['A1024:30000'] },
  { why: 'payer by tax id, two of their invoices add up exactly', payment: { amount: 80_000, payerTaxId: 'ABC010101AB1' }, rule: 'amount-subset', verdict: 'auto', allocations: ['A1024:30000', 'F-000124:50000'] },
  { why: 'payer by tax id in the text (NIT without check digit), same-amount twins: held with both as suggestions', payment: { amount: 70_000, reference: 'NIT 900123456' }, rule: 'single-open-amount', verdict: 'held', allocations: [], says: /cannot tell which/ },
  { why: 'nobody named: the only open invoice of that amount is only a proposal', payment: { amount: 88_000, reference: 'SPEI RECIBIDO' }, rule: 'single-open-amount', verdict: 'held', allocations: ['0012345:88000'] },
  { why: 'nobody named, same-amount twins: no proposal', payment: { amount: 70_000 }, rule: 'single-open-amount', verdict: 'held', allocations: [] },
  {
    why: 'a transposed number overpays the invoice it names; one keystroke away, another has exactly the amount',
    payment: { amount: 123_456, reference: 'PAGO T-004521' },
    candidates: TRANSPOSED,
    rule: 'reference',
    verdict: 'auto',
    allocations: ['T-004512:123456'],
    says: /typo/,
  },
  {
    why: 'the same with a round amount: an exact balance of MXN 1,000.00 proves little',
    payment: { amount: 100_000, reference: 'PAGO F-000132' },
    rule: 'reference',
    verdict: 'held',
    allocations: ['F-000123:100000'],
  },
  {
    why: 'a transposed number underpaying the named invoice: a typo is likelier than a partial payment that matches a neighbour to the cent',
    payment: { amount: 61_000, reference: 'PAGO T-004512' },
    candidates: TRANSPOSED,
    rule: 'reference',
    verdict: 'auto',
    allocations: ['T-004521:61000'],
    says: /typo/,
  },
  {
    why: 'the same with a round amount: held, the partial reading first, the typo as a suggestion',
    payment: { amount: 60_000, reference: 'PAGO T-004512' },
    candidates: { ...TRANSPOSED, invoices: [inv('C1', 'T-004512', 123_456, '2026-02-01'), inv('C3', 'T-004521', 60_000, '2026-02-01')] },
    rule: 'reference',
    verdict: 'held',
    allocations: ['T-004512:60000'],
    says: /T-004521 has exactly this balance/,
  },
  { why: 'a number-only invoice announced by "FACTURA", paid in part', payment: { amount: 40_000, reference: 'PAGO FACTURA 12345' }, rule: 'reference', verdict: 'auto', allocations: ['0012345:40000'] },
  { why: 'the same number in a bank reference, paid in part: held', payment: { amount: 40_000, reference: 'SPEI 12345' }, rule: 'reference', verdict: 'held', allocations: ['0012345:40000'] },
  {
    why: 'CFDI complement: ImpPagado allocated as stated, by fiscal UUID',
    payment: { amount: 60_000, source: 'cfdi', cfdiDocuments: [{ uuid: 'aaaaaaaa-0000-4000-8000-000000000123', currency: 'MXN', amountPaid: 60_000, folio: '123', series: 'F' }] },
    rule: 'cfdi-complement',
    verdict: 'auto',
    allocations: ['F-000123:60000'],
  },
  {
    why: 'CFDI document in another currency than the invoice: nothing converted, held',
    payment: { amount: 60_000, source: 'cfdi', cfdiDocuments: [{ uuid: 'AAAAAAAA-0000-4000-8000-000000000123', currency: 'USD', amountPaid: 3_000 }] },
    rule: 'none',
    verdict: 'held',
    allocations: [],
    says: /nothing is converted/,
  },
  { why: 'payment link naming the invoice', payment: { amount: 50_000, source: 'stripe', links: { invoiceNumbers: ['F-000124'], accountId: 'C1' } }, rule: 'explicit-link', verdict: 'auto', allocations: ['F-000124:50000'] },
  { why: 'payment link naming only the account, amount of one invoice', payment: { amount: 61_000, source: 'stripe', links: { accountId: 'C3' } }, rule: 'explicit-link', verdict: 'auto', allocations: ['F-000132:61000'] },
  { why: 'known payer, no fit, oldest first allowed: a proposal only', payment: { amount: 35_000, payerTaxId: 'ABC010101AB1' }, rule: 'oldest-first', verdict: 'held', allocations: ['A1024:30000', 'F-000123:5000'], settings: CONFIGURED },
  { why: 'known payer, no fit, oldest first not allowed: nothing', payment: { amount: 35_000, payerTaxId: 'ABC010101AB1' }, rule: 'none', verdict: 'held', allocations: [] },
  { why: 'known payer paying more than everything they owe: all paid, the rest credit', payment: { amount: 200_000, payerTaxId: 'ABC010101AB1' }, rule: 'oldest-first', verdict: 'auto', allocations: ['A1024:30000', 'F-000123:100000', 'F-000124:50000'], credit: 20_000 },
  { why: 'nothing to go on', payment: { amount: 12_345, reference: 'TRASPASO ENTRE CUENTAS' }, rule: 'none', verdict: 'held', allocations: [] },
  { why: 'a refund is applied elsewhere', payment: { amount: 100_000, kind: 'refund', reference: 'F-000123' }, rule: 'none', verdict: 'held', allocations: [], says: /reversals are applied to the payment they reverse/ },
];

function summary(decision: MatchDecision): string[] {
  return decision.allocations.map((a) => `${a.invoiceNumber}:${a.amount}${a.settles ? '!' : ''}`);
}

describe('matchPayment (examples)', () => {
  it.each(EXAMPLES.map((e) => [e.why, e] as const))('%s', (_why, example) => {
    const decision = matchPayment(pay(example.payment), example.candidates ?? CANDIDATES, example.settings ?? DEFAULT_MATCH_SETTINGS, '2026-02-20');
    expect(decision.rule).toBe(example.rule);
    expect(summary(decision)).toEqual(example.allocations);
    expect(decision.confidence >= 0.9 ? 'auto' : 'held').toBe(example.verdict);
    expect(decision.credit?.amount).toBe(example.credit);
    if (example.says) expect(decision.explanation).toMatch(example.says);
  });

  it('the same invoice returned twice (two lookups found it) is paid once, from its oldest reading', () => {
    const twice: MatchCandidates = {
      accounts: ACCOUNTS,
      invoices: [inv('C1', 'F-7', 40_000, '2026-02-02'), inv('C3', 'F-7', 30_000, '2026-02-01'), inv('C1', 'F-7', 40_000, '2026-02-01'), inv('C1', 'F-7', 55_000, '2026-02-03')],
    };
    const decision = matchPayment(pay({ amount: 80_000, reference: 'F-7', payerTaxId: 'ABC010101AB1' }), twice, DEFAULT_MATCH_SETTINGS, '2026-02-20');
    expect(summary(decision)).toEqual(['F-7:40000']);
    expect(decision.credit).toEqual({ accountId: 'C1', amount: 40_000 });
  });

  it('twins come back as suggestions, oldest first', () => {
    const decision = matchPayment(pay({ amount: 70_000, payerTaxId: '900.123.456-7' }), CANDIDATES, DEFAULT_MATCH_SETTINGS, '2026-02-20');
    expect(decision.suggestions.map((s) => s.allocations.map((a) => a.invoiceNumber))).toEqual([['FAC-2026-0045'], ['FAC-2026-0046']]);
  });

  it('explains amounts in the currency, with separators and the right decimals', () => {
    const clp: MatchCandidates = { accounts: [], invoices: [inv('C9', 'B-77', 1_500_000, '2026-02-01', { currency: 'CLP' })] };
    const decision = matchPayment(pay({ amount: 500_000, currency: 'CLP', reference: 'B-77' }), clp, DEFAULT_MATCH_SETTINGS, '2026-02-20');
    expect(decision.explanation).toContain('CLP 500,000 of CLP 1,500,000');
  });

  it('a store that cut the payer\'s invoices short keeps "their only invoice of that amount" below the threshold', () => {
    const candidates = { ...CANDIDATES, truncatedAccounts: ['C1'] };
    const payment = pay({ amount: 30_000, payerTaxId: 'ABC010101AB1' });
    expect(matchPayment(payment, candidates, DEFAULT_MATCH_SETTINGS, '2026-02-20').confidence).toBeLessThan(0.9);
    expect(matchPayment(payment, { ...candidates, exactAmountComplete: true }, DEFAULT_MATCH_SETTINGS, '2026-02-20').confidence).toBeGreaterThanOrEqual(0.9);
  });
});
