import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOrder, compareAge } from '../../../../shared/domain/payments/matching/age-order.js';
import { candidateQuery } from '../../../../shared/domain/payments/matching/candidate-query.js';
import { money } from '../../../../shared/domain/payments/matching/explain.js';
import { HashSlots } from '../../../../shared/domain/payments/matching/hash-slots.js';
import { oneEditApart } from '../../../../shared/domain/payments/matching/near-keys.js';
import { exactSubsets } from '../../../../shared/domain/payments/matching/subset-sum.js';
import { fitOf, shortfallTolerance } from '../../../../shared/domain/payments/matching/tolerance.js';
import { DEFAULT_MATCH_SETTINGS } from '../../../../shared/domain/payments/matching/matcher.js';
import type { MatchInvoice } from '../../../../shared/domain/payments/matching/types.js';

describe('exactSubsets', () => {
  it('finds the smallest sets first, oldest (lowest indices) first', () => {
    // 2 + 8 (two invoices) wins over 5 + 3 + 2 (three), though the latter holds the oldest.
    expect(exactSubsets([5, 3, 2, 8], 10, { minSize: 2, maxSize: 3, limit: 3 }).subsets).toEqual([[2, 3]]);
  });

  it('returns every set of the smallest size up to the limit', () => {
    const search = exactSubsets([4, 6, 3, 7, 10], 10, { minSize: 2, maxSize: 4, limit: 5 });
    expect(search.subsets).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(search.complete).toBe(true);
  });

  it('agrees with brute force', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 9 }), fc.integer({ min: 1, max: 80 }), (values, target) => {
        const all: number[][] = [];
        for (let mask = 1; mask < 1 << values.length; mask += 1) {
          const set = values.map((_, i) => i).filter((i) => mask & (1 << i));
          if (set.length <= 3 && set.reduce((s, i) => s + values[i]!, 0) === target) all.push(set);
        }
        const smallest = Math.min(...all.map((s) => s.length));
        const expected = all.filter((s) => s.length === smallest).sort((a, b) => a.join(',').localeCompare(b.join(','), 'en', { numeric: true }));
        const found = exactSubsets(values, target, { minSize: 1, maxSize: 3, limit: 1000 });
        expect(found.subsets.length).toBe(expected.length);
        for (const set of found.subsets) expect(set.reduce((s, i) => s + values[i]!, 0)).toBe(target);
      }),
      { numRuns: 500 },
    );
  });

  it('gives up within its step budget, and says so', () => {
    const values = Array.from({ length: 60 }, (_, i) => 1000 + i);
    expect(exactSubsets(values, 1, { minSize: 2, maxSize: 5, limit: 2, budget: 1000 }).complete).toBe(true);
    expect(exactSubsets(values, 4200, { minSize: 4, maxSize: 4, limit: 1_000_000, budget: 100 }).complete).toBe(false);
  });
});

describe('tolerance', () => {
  const settings = { ...DEFAULT_MATCH_SETTINGS, shortfallTolerance: { absoluteMinor: 1500, percent: 0.5 }, earlyPaymentDiscountPercent: 2 };

  it('is the larger of the absolute and the percentage, never more than a tenth of the balance', () => {
    expect(shortfallTolerance(1_000_000, settings)).toBe(5000);
    expect(shortfallTolerance(100_000, settings)).toBe(1500);
    expect(shortfallTolerance(10_000, settings)).toBe(1000);
  });

  it('reads how an amount fits a balance', () => {
    expect(fitOf(100_000, 100_000, settings, true)).toBe('exact');
    expect(fitOf(100_000, 98_600, settings, true)).toBe('tolerance');
    expect(fitOf(100_000, 98_000, settings, true)).toBe('discount');
    expect(fitOf(100_000, 98_000, settings, false)).toBe('partial');
    expect(fitOf(100_000, 100_001, settings, true)).toBe('over');
  });
});

describe('small parts', () => {
  it('oneEditApart: a swap, a substitution, an insertion — never equal or short keys', () => {
    expect(oneEditApart('F123', 'F132')).toBe(true);
    expect(oneEditApart('F1234', 'F1284')).toBe(true);
    expect(oneEditApart('F1234', 'F12345')).toBe(true);
    expect(oneEditApart('F1234', 'F1234')).toBe(false);
    expect(oneEditApart('F12', 'F13')).toBe(false);
    expect(oneEditApart('F1234', 'F4321')).toBe(false);
  });

  it('money: currency, separators, the currency\'s decimals', () => {
    expect(money(123_456_789, 'MXN')).toBe('MXN 1,234,567.89');
    expect(money(150_000, 'CLP')).toBe('CLP 150,000');
    expect(money(5, 'USD')).toBe('USD 0.05');
  });

  it('HashSlots returns what was added under a key (and may return more: callers verify)', () => {
    const slots = new HashSlots(2);
    for (let i = 0; i < 1000; i += 1) slots.add(`K${i % 300}`, i);
    expect(slots.candidates('K7', Infinity).sort((a, b) => a - b)).toEqual(expect.arrayContaining([7, 307, 607, 907]));
    expect(slots.candidates('nope', Infinity).every((i) => `K${i % 300}` !== 'nope')).toBe(true);
  });

  it('ageOrder is compareAge, whatever the input order', () => {
    const invoiceArb: fc.Arbitrary<MatchInvoice> = fc.record({
      accountId: fc.constantFrom('A', 'B'),
      invoiceNumber: fc.constantFrom('F-1', 'F-2', 'X'),
      currency: fc.constant('MXN'),
      balance: fc.integer({ min: 1, max: 5 }),
      dueDate: fc.constantFrom('2026-01-01', '2026-01-02', '2025-12-31', 'garbage'),
      issueDate: fc.constantFrom('2025-12-01', '2025-11-30', undefined) as fc.Arbitrary<string>,
    });
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 20 }), (invoices) => {
        expect(ageOrder(invoices)).toEqual([...invoices].sort(compareAge));
      }),
      { numRuns: 500 },
    );
  });
});

describe('candidateQuery', () => {
  it('asks for every key the payment points at', () => {
    const query = candidateQuery({
      paymentId: 'p',
      source: 'cfdi',
      kind: 'payment',
      amount: 1000,
      currency: 'MXN',
      valueDate: '2026-01-01',
      payerTaxId: 'abc-010101-ab1',
      reference: 'PAGO FACT. A-0045 NIT 900.123.456-7',
      links: { invoiceNumbers: ['F-000123'], accountId: 'C1' },
      cfdiDocuments: [{ uuid: 'aaaa-bbbb', series: 'F', folio: '000124', currency: 'MXN', amountPaid: 1000 }],
    });
    expect(query.invoiceRefs.slice(0, 4)).toEqual(['F123', 'F124', '124', 'A45']);
    expect(query.taxIds).toEqual(['ABC010101AB1', '9001234567', '900123456']);
    expect(query.fiscalUuids).toEqual(['AAAA-BBBB']);
    expect(query.accountIds).toEqual(['C1']);
    expect(query.exactAmount).toEqual({ currency: 'MXN', amount: 1000 });
  });
});
