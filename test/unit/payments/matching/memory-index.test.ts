import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidateQuery } from '../../../../shared/domain/payments/matching/candidate-query.js';
import { matchPayment } from '../../../../shared/domain/payments/matching/matcher.js';
import { MatchIndex } from '../../../../shared/domain/payments/matching/memory-index.js';
import type { CandidateQuery, MatchInvoice } from '../../../../shared/domain/payments/matching/types.js';
import { accountsArb, invoicesArb, paymentArb, settingsArb } from './arbitraries.js';

const EMPTY: CandidateQuery = { invoiceRefs: [], taxIds: [], fiscalUuids: [], accountIds: [] };

function sample(): MatchIndex {
  return MatchIndex.from(
    [
      { accountId: 'C1', name: 'ACME', taxId: 'ABC-010101-AB1' },
      { accountId: 'C2', name: 'Beta', taxId: '900123456-7' },
    ],
    [
      { accountId: 'C1', invoiceNumber: 'F-000123', currency: 'MXN', balance: 100_000, dueDate: '2026-03-01', fiscalUuid: 'aaaa-1' },
      { accountId: 'C1', invoiceNumber: 'F-000124', currency: 'MXN', balance: 50_000, dueDate: '2026-02-01' },
      { accountId: 'C2', invoiceNumber: 'FAC-2026-0123', currency: 'MXN', balance: 50_000, dueDate: '2026-02-01' },
      { accountId: 'C2', invoiceNumber: 'B-9', currency: 'USD', balance: 7_000, dueDate: '2026-02-01' },
    ],
  );
}

const numbers = (invoices: readonly MatchInvoice[]) => invoices.map((i) => i.invoiceNumber).sort();

describe('MatchIndex', () => {
  it('a reference finds its invoice and all open invoices of its customer', () => {
    const found = sample().find({ ...EMPTY, invoiceRefs: ['F123'] });
    expect(numbers(found.invoices)).toEqual(['F-000123', 'F-000124']);
    expect(found.accounts.map((a) => a.accountId)).toEqual(['C1']);
  });

  it('a bare number finds the invoices it is the number of, without their customers', () => {
    const found = sample().find({ ...EMPTY, invoiceRefs: ['123'] });
    expect(numbers(found.invoices)).toEqual(['F-000123', 'FAC-2026-0123']);
  });

  it('tax ids, fiscal UUIDs and account ids find customers', () => {
    const index = sample();
    expect(numbers(index.find({ ...EMPTY, taxIds: ['9001234567'] }).invoices)).toEqual(['B-9', 'FAC-2026-0123']);
    expect(numbers(index.find({ ...EMPTY, fiscalUuids: ['AAAA-1'] }).invoices)).toEqual(['F-000123', 'F-000124']);
    expect(numbers(index.find({ ...EMPTY, accountIds: ['C2'] }).invoices)).toEqual(['B-9', 'FAC-2026-0123']);
    expect(index.find({ ...EMPTY, accountIds: ['nobody'] })).toEqual({ accounts: [], invoices: [] });
  });

  it('an exact amount finds same-balance invoices in that currency, and says when it found them all', () => {
    const found = sample().find({ ...EMPTY, exactAmount: { currency: 'MXN', amount: 50_000 } });
    expect(numbers(found.invoices)).toEqual(['F-000124', 'FAC-2026-0123']);
    expect(found.exactAmountComplete).toBe(true);
    const few = MatchIndex.from([], [1, 2, 3].map((n) => ({ accountId: `C${n}`, invoiceNumber: `X-${n}`, currency: 'MXN', balance: 5, dueDate: '2026-01-01' })), { maxAmountHits: 2 });
    expect(few.find({ ...EMPTY, exactAmount: { currency: 'MXN', amount: 5 } }).exactAmountComplete).toBeUndefined();
  });

  it('cuts a big customer to its oldest open invoices and says so', () => {
    const invoices = Array.from({ length: 5 }, (_, n) => ({ accountId: 'C1', invoiceNumber: `F-${n}`, currency: 'MXN', balance: 10 + n, dueDate: `2026-01-0${5 - n}` }));
    const index = MatchIndex.from([], invoices, { maxInvoicesPerAccount: 2 });
    const found = index.find({ ...EMPTY, accountIds: ['C1'] });
    expect(numbers(found.invoices)).toEqual(['F-3', 'F-4']);
    expect(found.truncatedAccounts).toEqual(['C1']);
  });

  it('apply lowers balances, closes settled invoices, and keeps the amount lookup current', () => {
    const index = sample();
    index.apply([{ accountId: 'C1', invoiceNumber: 'F-000123', amount: 50_000, settles: false }]);
    expect(index.balanceOf('C1', 'F-000123')).toBe(50_000);
    expect(numbers(index.find({ ...EMPTY, exactAmount: { currency: 'MXN', amount: 50_000 } }).invoices)).toEqual(['F-000123', 'F-000124', 'FAC-2026-0123']);
    index.apply([{ accountId: 'C1', invoiceNumber: 'F-000124', amount: 49_000, settles: true }]);
    expect(index.balanceOf('C1', 'F-000124')).toBe(0);
    expect(numbers(index.find({ ...EMPTY, invoiceRefs: ['F124'] }).invoices)).toEqual(['F-000123']);
  });

  it('apply refuses an allocation beyond a balance, or to an unknown invoice, and changes nothing', () => {
    const index = sample();
    expect(() =>
      index.apply([
        { accountId: 'C1', invoiceNumber: 'F-000123', amount: 60_000, settles: false },
        { accountId: 'C1', invoiceNumber: 'F-000123', amount: 60_000, settles: false },
      ]),
    ).toThrow(RangeError);
    expect(() => index.apply([{ accountId: 'C1', invoiceNumber: 'F-404', amount: 1, settles: false }])).toThrow(/unknown invoice/);
    expect(index.balanceOf('C1', 'F-000123')).toBe(100_000);
  });

  it('refuses the same invoice twice, skips closed ones', () => {
    const index = sample();
    expect(() => index.addInvoice({ accountId: 'C1', invoiceNumber: 'F-000123', currency: 'MXN', balance: 1, dueDate: '2026-01-01' })).toThrow(/duplicate/);
    index.addInvoice({ accountId: 'C1', invoiceNumber: 'F-9', currency: 'MXN', balance: 0, dueDate: '2026-01-01' });
    expect(index.balanceOf('C1', 'F-9')).toBeUndefined();
  });

  it('applying the decisions of a stream through apply never pushes a balance below zero', () => {
    const arb = accountsArb.chain((accounts) =>
      fc.tuple(invoicesArb(accounts), settingsArb).chain(([invoices, settings]) =>
        fc.array(paymentArb(accounts, invoices), { minLength: 1, maxLength: 15 }).map((payments) => ({ accounts, invoices, settings, payments })),
      ),
    );
    fc.assert(
      fc.property(arb, ({ accounts, invoices, settings, payments }) => {
        const index = MatchIndex.from(accounts, invoices);
        for (const payment of payments) {
          const decision = matchPayment(payment, index.find(candidateQuery(payment)), settings, '2026-03-15');
          // Everything the matcher proposes, applied — not only what it is sure of: the harder case.
          index.apply(decision.allocations);
          for (const invoice of invoices) expect(index.balanceOf(invoice.accountId, invoice.invoiceNumber) ?? 0).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
