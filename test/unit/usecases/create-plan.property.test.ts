import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dispute, PaymentPlan } from '../../../shared/domain/escalation/types.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';
import type { Interaction } from '../../../shared/domain/types.js';
import { ActivePolicy } from '../../../shared/usecases/active-policy.js';
import { createPlan, EscalationRequestError, type PlanRequestDeps } from '../../../shared/usecases/escalation-requests.js';

/**
 * createPlan (the portal's, the CLI's and the collectors' API's plan) for random accounts: whatever
 * invoices (open, paid, cancelled, zero balance, two currencies, dates to check) and disputes (open,
 * resolved, on unknown invoices, several on one invoice) an account has, the plan settles exactly its
 * open invoices with a balance that no open dispute holds and whose dates are sound, and its total is
 * their sum less the discount. The oracle is written here from those words, not from the code's
 * helpers; the stores are in memory (only what createPlan reads and writes).
 */
const NOW = new Date('2026-12-01T15:00:00.000Z');
const NUMBERS = ['F-1', 'F-2', 'F-3', 'F-4', 'F-5', 'F-6'] as const;

const invoiceArb = (invoiceNumber: string): fc.Arbitrary<Invoice> =>
  fc.record({
    currency: fc.constantFrom('MXN', 'USD'),
    status: fc.constantFrom('open', 'open', 'open', 'paid', 'cancelled'),
    // Zero, or enough that every installment of a plan with a discount gets at least one minor unit.
    balance: fc.oneof(fc.constant(0), fc.integer({ min: 1_000, max: 1_000_000_000 })),
    dueDate: fc.constantFrom('2026-09-01', '2026-11-20', '2026-12-15'),
    dateWarning: fc.option(fc.constant('due before 2000'), { nil: undefined, freq: 4 }),
  }).map(({ currency, status, balance, dueDate, dateWarning }) => ({
    accountId: 'P-1',
    invoiceNumber,
    currency,
    amount: Math.max(balance, 1),
    balance,
    dueDate,
    status,
    ...(dateWarning ? { dateWarning } : {}),
  }));

const accountArb = fc
  .subarray([...NUMBERS], { minLength: 1 })
  .chain((numbers) =>
    fc.record({
      invoices: fc.tuple(...numbers.map(invoiceArb)),
      disputes: fc.array(fc.record({ invoiceNumber: fc.constantFrom(...NUMBERS, 'X-9'), status: fc.constantFrom('open', 'resolved') }), { maxLength: 6 }),
      currency: fc.constantFrom(undefined, 'MXN', 'USD'),
      discountPercent: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
    }),
  );

function memoryDeps(invoices: readonly Invoice[], disputes: readonly Dispute[]) {
  const plans: PaymentPlan[] = [];
  const account: Account = { accountId: 'P-1', name: 'Cliente P-1', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' };
  const clock = { now: () => NOW };
  const deps = {
    store: { getAccount: async () => account, listAccountInvoices: async () => [...invoices] },
    escalation: { listDisputes: async () => [...disputes], listPlans: async () => [...plans], putPlan: async (plan: PaymentPlan) => void plans.push(plan) },
    tasks: {},
    log: { append: async (_lines: readonly Interaction[]) => {} },
    clock,
    policy: new ActivePolicy({ getActive: async () => undefined, setActive: async () => {} }, clock),
    evaluations: { send: async () => {} },
    scheduler: { schedule: async () => 'created' as const, cancel: async () => {} },
  };
  return { deps: deps as unknown as PlanRequestDeps, plans };
}

describe('createPlan for random accounts', () => {
  it('settles exactly the open, undisputed invoices with sound dates of one currency; total = their balances less the discount', async () => {
    await fc.assert(
      fc.asyncProperty(accountArb, async ({ invoices, disputes: held, currency, discountPercent }) => {
        const disputes: Dispute[] = held.map((d, i) => ({ ...d, disputeId: `d-${i}`, accountId: 'P-1', reason: 'other', openedAt: '2026-11-20T15:00:00.000Z', slaDueAt: '2026-11-23T15:00:00.000Z' }));
        const { deps, plans } = memoryDeps(invoices, disputes);

        const inDispute = new Set(disputes.filter((d) => d.status === 'open').map((d) => d.invoiceNumber));
        const mayAskFor = (i: Invoice) => i.status === 'open' && i.balance > 0 && !inDispute.has(i.invoiceNumber) && i.dateWarning === undefined;
        const eligible = invoices.filter((i) => mayAskFor(i) && (currency === undefined || i.currency === currency));
        const currencies = new Set(eligible.map((i) => i.currency));

        const made = createPlan(deps, { accountId: 'P-1', by: 'test', ...(currency ? { currency } : {}), ...(discountPercent !== undefined ? { discountPercent } : {}) });
        if (currencies.size !== 1) {
          // Nothing to settle, or two currencies and none chosen: refused, nothing stored.
          await expect(made).rejects.toBeInstanceOf(EscalationRequestError);
          expect(plans).toEqual([]);
          return;
        }
        const plan = await made;
        const [planCurrency] = currencies;
        expect(plan.currency).toBe(planCurrency);
        for (const number of plan.invoiceNumbers ?? []) expect(inDispute.has(number), `${number} is in dispute`).toBe(false);
        expect([...(plan.invoiceNumbers ?? [])].sort()).toEqual(eligible.map((i) => i.invoiceNumber).sort());

        const sum = eligible.reduce((total, i) => total + i.balance, 0);
        // The discount comes off the sum, rounded to the minor unit; the installments add up to the total.
        expect(Math.abs(sum - plan.total - (sum * (discountPercent ?? 0)) / 100)).toBeLessThanOrEqual(0.5);
        expect(plan.installments.reduce((total, i) => total + i.amount, 0)).toBe(plan.total);

        // What it leaves out: the open invoices of its currency held by a dispute or with dates to check.
        const leftOut = invoices
          .filter((i) => i.status === 'open' && i.balance > 0 && i.currency === planCurrency && !mayAskFor(i))
          .map((i) => ({ invoiceNumber: i.invoiceNumber, reason: inDispute.has(i.invoiceNumber) ? 'disputed' : 'dates-to-check' }))
          .sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1));
        expect(plan.leftOut ?? []).toEqual(leftOut);
        expect(plans).toEqual([plan]);
      }),
      { numRuns: 300 },
    );
  });
});
