import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planStatus, proposePlan } from '../../../shared/domain/escalation/plan-schedule.js';
import { PlanTermsError, type PlanTerms } from '../../../shared/domain/escalation/plan-terms.js';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';

/**
 * Plan terms a person chooses (a collector in the API or the CLI): every valid set gives a plan a
 * debtor can pay, every invalid term is refused by name. Oracles are arithmetic and the calendar,
 * written here without the implementation's helpers: a percentage of a total is within half a minor
 * unit of the exact product; day N after a date is N × 86 400 000 ms of UTC calendar later.
 */
const limits = (maxInstallments: number, maxDiscountPercent: number) => ({
  escalation: { ...defaultPolicy.escalation, plans: { ...defaultPolicy.escalation.plans, maxInstallments, maxDiscountPercent } },
});

/** The calendar day `days` after `date`, by UTC millisecond arithmetic (no library). */
function dayAfter(date: string, days: number): string {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A calendar day between 2026 and 2035. */
const today = fc.integer({ min: 0, max: 3650 }).map((n) => dayAfter('2026-01-01', n));
/** A percentage with up to two decimals, from `min` to below `max` (or up to `max` when `inclusive`). */
const percent = (min: number, max: number, inclusive: boolean) =>
  fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) - (inclusive ? 0 : 1) }).map((hundredths) => hundredths / 100);

/** Policy limits and terms inside them; a balance large enough that each installment gets at least 1 minor unit. */
const validCase = fc
  .record({ maxInstallments: fc.integer({ min: 1, max: 60 }), maxDiscountPercent: fc.integer({ min: 0, max: 10 }) })
  .chain((policy) =>
    fc.record({
      policy: fc.constant(policy),
      terms: fc.record(
        {
          downPaymentPercent: percent(0, 100, false),
          installments: fc.integer({ min: 1, max: policy.maxInstallments }),
          discountPercent: percent(0, policy.maxDiscountPercent, true),
        },
        { requiredKeys: [] },
      ),
      // With at most 99.99% down and 10% off, 10^6 × 60 minor units leave ≥ 1 per installment.
      balance: fc.integer({ min: 60_000_000, max: 10 ** 13 }),
      today,
    }),
  );

describe('proposePlan with the terms a person chose', () => {
  it('for every valid term set: positive whole installments summing to the total, due today then every 30 days', () => {
    fc.assert(
      fc.property(validCase, ({ policy, terms, balance, today: day }) => {
        const plan = proposePlan(balance, 'MXN', limits(policy.maxInstallments, policy.maxDiscountPercent), day, terms);
        const discount = terms.discountPercent ?? 0;
        const down = terms.downPaymentPercent ?? defaultPolicy.escalation.plans.downPaymentPercent;
        const days = terms.installments !== undefined ? Array.from({ length: terms.installments }, (_, i) => 30 * (i + 1)) : defaultPolicy.escalation.plans.installmentDays;

        // The discount comes off the balance, rounded to the minor unit.
        expect(Math.abs(balance - plan.total - (balance * discount) / 100)).toBeLessThanOrEqual(0.5);
        expect(plan.discountPercent).toBe(discount);
        // Exactly the total, in whole minor units.
        expect(plan.installments.reduce((sum, i) => sum + i.amount, 0)).toBe(plan.total);
        for (const installment of plan.installments) expect(Number.isSafeInteger(installment.amount)).toBe(true);
        // The down payment is its share of the total, due today; a zero one is already settled.
        const [first, ...rest] = plan.installments;
        expect(Math.abs(first!.amount - (plan.total * down) / 100)).toBeLessThanOrEqual(0.5);
        expect(first!.dueDate).toBe(day);
        expect(first!.status).toBe(first!.amount > 0 ? 'due' : 'paid');
        // Then one positive installment per period, evenly split, the odd units on the last one.
        expect(rest).toHaveLength(days.length);
        for (const installment of rest) {
          expect(installment.amount).toBeGreaterThan(0);
          expect(installment.status).toBe('due');
        }
        const even = rest[0]!.amount;
        expect(rest.slice(0, -1).every((i) => i.amount === even)).toBe(true);
        expect(rest.at(-1)!.amount - even).toBeGreaterThanOrEqual(0);
        expect(rest.at(-1)!.amount - even).toBeLessThan(rest.length);
        // Dates: strictly increasing, each after today, at the calendar days the terms name.
        expect(rest.map((i) => i.dueDate)).toEqual(days.map((d) => dayAfter(day, d)));
        const dates = plan.installments.map((i) => i.dueDate);
        for (let i = 1; i < dates.length; i++) expect(dates[i]! > dates[i - 1]!).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses any term outside its range, naming that term', () => {
    const invalid: fc.Arbitrary<{ field: keyof PlanTerms; value: number }> = fc.oneof(
      fc.record({ field: fc.constant('downPaymentPercent' as const), value: fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.double({ min: 100, noNaN: true }), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY)) }),
      fc.record({ field: fc.constant('installments' as const), value: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 13 }), fc.double({ min: 1, max: 12, noNaN: true }).filter((n) => !Number.isInteger(n))) }),
      fc.record({ field: fc.constant('discountPercent' as const), value: fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.double({ min: 10.000001, noNaN: true }), fc.constant(Number.NaN)) }),
    );
    fc.assert(
      fc.property(invalid, fc.integer({ min: 1, max: 10 ** 12 }), today, ({ field, value }, balance, day) => {
        // The other terms are valid (the policy's default limits: 12 installments, 10% off).
        const terms: PlanTerms = { downPaymentPercent: 30, installments: 3, discountPercent: 5, [field]: value };
        let refused: unknown;
        try {
          proposePlan(balance, 'MXN', defaultPolicy, day, terms);
        } catch (error) {
          refused = error;
        }
        expect(refused).toBeInstanceOf(PlanTermsError);
        expect((refused as PlanTermsError).field).toBe(field);
        expect((refused as PlanTermsError).message.startsWith(`${field} must be `)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never makes an installment of nothing from chosen terms: a balance too small for the count is refused on installments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000 }), percent(0, 100, false), fc.integer({ min: 1, max: 12 }), today, (balance, down, installments, day) => {
        let plan;
        try {
          plan = proposePlan(balance, 'CLP', defaultPolicy, day, { downPaymentPercent: down, installments });
        } catch (error) {
          expect(error).toBeInstanceOf(PlanTermsError);
          expect((error as PlanTermsError).field).toBe('installments');
          return;
        }
        for (const installment of plan.installments.slice(1)) expect(installment.amount).toBeGreaterThanOrEqual(1);
        expect(plan.installments.reduce((sum, i) => sum + i.amount, 0)).toBe(balance);
      }),
      { numRuns: 500 },
    );
  });
});

describe('proposePlan: the cases reported and hand-computed plans', () => {
  it('refuses what issue #11 found: 150% down, 0 installments, 100% off — each with its allowed range', () => {
    const refusal = (terms: PlanTerms) => {
      try {
        proposePlan(4_200_000, 'MXN', defaultPolicy, '2026-12-01', terms);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ downPaymentPercent: 150 })).toBe('downPaymentPercent must be a percentage of at least 0 and less than 100, got 150');
    expect(refusal({ downPaymentPercent: 100 })).toBe('downPaymentPercent must be a percentage of at least 0 and less than 100, got 100');
    expect(refusal({ installments: 0 })).toBe('installments must be a whole number from 1 to 12 (policy escalation.plans.maxInstallments), got 0');
    expect(refusal({ installments: 2.5 })).toBe('installments must be a whole number from 1 to 12 (policy escalation.plans.maxInstallments), got 2.5');
    expect(refusal({ discountPercent: 100 })).toBe('discountPercent must be a percentage from 0 to 10 (policy escalation.plans.maxDiscountPercent), got 100');
    expect(refusal({ downPaymentPercent: 0, installments: 12, discountPercent: 10 })).toBe('accepted');
  });

  it('10% off MXN 10,000.01, 33% down, 4 installments from 31 January 2027 (a short February)', () => {
    // total = 1,000,001 − round(100,000.1) = 900,001; down = round(297,000.33) = 297,000;
    // 603,001 left = 3 × 150,750 + 150,751; 31 Jan + 30 days = 2 Mar (28-day February), then 1 Apr, 1 May, 31 May.
    const plan = proposePlan(1_000_001, 'MXN', defaultPolicy, '2027-01-31', { discountPercent: 10, downPaymentPercent: 33, installments: 4 });
    expect(plan.total).toBe(900_001);
    expect(plan.installments).toEqual([
      { dueDate: '2027-01-31', amount: 297_000, status: 'due' },
      { dueDate: '2027-03-02', amount: 150_750, status: 'due' },
      { dueDate: '2027-04-01', amount: 150_750, status: 'due' },
      { dueDate: '2027-05-01', amount: 150_750, status: 'due' },
      { dueDate: '2027-05-31', amount: 150_751, status: 'due' },
    ]);
  });

  it('5 CLP cannot be split in 12 installments; 12 CLP with nothing down can (1 peso each)', () => {
    expect(() => proposePlan(5, 'CLP', defaultPolicy, '2026-12-01', { downPaymentPercent: 0, installments: 12 })).toThrow(
      'installments must be at most 5: CLP 5 is left after the down payment, and each installment needs at least one minor unit, got 12',
    );
    const plan = proposePlan(12, 'CLP', defaultPolicy, '2026-12-01', { downPaymentPercent: 0, installments: 12 });
    expect(plan.installments.map((i) => i.amount)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});

describe('planStatus of a superseded plan', () => {
  const plan: PaymentPlan = {
    planId: 'plan-old',
    accountId: 'A-1',
    currency: 'MXN',
    total: 1_000_000,
    installments: [
      { dueDate: '2026-12-01', amount: 300_000, status: 'paid' },
      { dueDate: '2026-12-31', amount: 700_000, status: 'due' },
    ],
    discountPercent: 0,
    interestWaived: false,
    createdAt: '2026-12-01T15:00:00.000Z',
    status: 'superseded',
    supersededBy: 'plan-new',
  };

  it('is superseded — not on track, and not broken by an installment it no longer asks for', () => {
    expect(planStatus(plan, new Date('2026-12-15T00:00:00Z'), 'America/Mexico_City', 2)).toEqual({ status: 'superseded', missed: [] });
    expect(planStatus(plan, new Date('2027-02-01T00:00:00Z'), 'America/Mexico_City', 2)).toEqual({ status: 'superseded', missed: [] });
  });
});
