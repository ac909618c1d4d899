import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planStatus, proposePlan } from '../../../shared/domain/escalation/plan-schedule.js';
import { planOffer } from '../../../shared/domain/escalation/task-text.js';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

const withPlans = (plans: Partial<typeof defaultPolicy.escalation.plans>) => ({
  escalation: { ...defaultPolicy.escalation, plans: { ...defaultPolicy.escalation.plans, ...plans } },
});

describe('proposePlan', () => {
  it('offers 30% down today and the rest at 30/60/90 days, the odd cents on the last', () => {
    const plan = proposePlan(1_000_000, 'MXN', defaultPolicy, '2026-12-01');
    expect(plan).toEqual({
      currency: 'MXN',
      balance: 1_000_000,
      total: 1_000_000,
      discountPercent: 0,
      interestWaived: false,
      installments: [
        { dueDate: '2026-12-01', amount: 300_000, status: 'due' },
        { dueDate: '2026-12-31', amount: 233_333, status: 'due' },
        { dueDate: '2027-01-30', amount: 233_333, status: 'due' },
        { dueDate: '2027-03-01', amount: 233_334, status: 'due' },
      ],
    });
  });

  it('takes a discount off first, follows the policy’s terms and waiver', () => {
    const plan = proposePlan(1_000_000, 'MXN', withPlans({ downPaymentPercent: 50, installmentDays: [15, 45], waiveInterest: true }), '2026-12-01', { discountPercent: 5 });
    expect(plan.total).toBe(950_000);
    expect(plan.interestWaived).toBe(true);
    expect(plan.installments.map((i) => [i.dueDate, i.amount])).toEqual([
      ['2026-12-01', 475_000],
      ['2026-12-16', 237_500],
      ['2027-01-15', 237_500],
    ]);
  });

  it('keeps installment 0 as the down payment, already paid, when there is none', () => {
    expect(proposePlan(900, 'CLP', withPlans({ downPaymentPercent: 0 }), '2026-12-01').installments[0]).toEqual({ dueDate: '2026-12-01', amount: 0, status: 'paid' });
  });

  it('refuses a balance that is not a positive integer', () => {
    expect(() => proposePlan(0, 'MXN', defaultPolicy, '2026-12-01')).toThrow(RangeError);
    expect(() => proposePlan(10.5, 'MXN', defaultPolicy, '2026-12-01')).toThrow(RangeError);
  });

  // The policy's own offer, for any balance (a residue of a few cents included: zero installments are
  // marked paid rather than refused, so an evaluation never stops on it). Chosen terms:
  // plan-schedule.property.test.ts.
  it('the policy\'s offer always adds up to the balance exactly, in non-negative integer installments on increasing dates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 12 }),
        fc.integer({ min: 0, max: 90 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 730 }), { minLength: 1, maxLength: 24 }).map((days) => days.sort((a, b) => a - b)),
        (balance, downPaymentPercent, installmentDays) => {
          const plan = proposePlan(balance, 'MXN', withPlans({ downPaymentPercent, installmentDays }), '2026-12-01');
          expect(plan.installments.reduce((sum, i) => sum + i.amount, 0)).toBe(plan.total);
          expect(plan.total).toBe(balance);
          for (const installment of plan.installments) {
            expect(Number.isInteger(installment.amount) && installment.amount >= 0).toBe(true);
          }
          const dates = plan.installments.map((i) => i.dueDate);
          expect([...dates].sort()).toEqual(dates);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads as an offer in the agent’s task', () => {
    expect(planOffer([{ currency: 'MXN', minor: 1_000_000 }], 2, defaultPolicy.escalation, '2026-12-01')).toBe(
      'Offer a payment plan: plan for MXN 10000.00: MXN 3000.00 down on 2026-12-01, then MXN 2333.33 on 2026-12-31, MXN 2333.33 on 2027-01-30, MXN 2333.34 on 2027-03-01. Or 2% off (MXN 9800.00) when paid in full now.',
    );
  });
});

describe('planStatus', () => {
  const plan: PaymentPlan = {
    planId: 'pl-1',
    accountId: 'A-1',
    currency: 'MXN',
    total: 1_000_000,
    installments: [
      { dueDate: '2026-12-01', amount: 300_000, status: 'paid' },
      { dueDate: '2026-12-31', amount: 350_000, status: 'due' },
      { dueDate: '2027-01-30', amount: 350_000, status: 'due' },
    ],
    discountPercent: 0,
    interestWaived: false,
    createdAt: '2026-12-01T15:00:00.000Z',
    status: 'active',
  };
  const zone = 'America/Mexico_City';

  it('is active with the next installment and when it would be missed', () => {
    expect(planStatus(plan, new Date('2027-01-03T05:59:59Z'), zone, 2)).toEqual({
      status: 'active',
      missed: [],
      next: { index: 1, dueDate: '2026-12-31', amount: 350_000, checkAt: new Date('2027-01-03T06:00:00Z') },
    });
  });

  it('breaks when an installment is past its grace or marked missed', () => {
    expect(planStatus(plan, new Date('2027-01-03T06:00:00Z'), zone, 2)).toEqual({ status: 'broken', missed: [1] });
    const marked = { ...plan, installments: [plan.installments[0]!, { ...plan.installments[1]!, status: 'missed' as const }, plan.installments[2]!] };
    expect(planStatus(marked, new Date('2026-12-02T00:00:00Z'), zone, 2).status).toBe('broken');
    expect(planStatus({ ...plan, status: 'broken' }, new Date('2026-12-02T00:00:00Z'), zone, 2).status).toBe('broken');
  });

  it('is completed when every installment is paid', () => {
    const paid = { ...plan, installments: plan.installments.map((i) => ({ ...i, status: 'paid' as const })) };
    expect(planStatus(paid, new Date('2027-06-01T00:00:00Z'), zone, 2)).toEqual({ status: 'completed', missed: [] });
  });
});
