import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { installmentReminderId, planInstallmentReminders } from '../../../shared/domain/escalation/installment-reminders.js';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { isPublicHoliday } from '../../../shared/domain/planning/holidays.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';

const MEXICO = { timezone: 'America/Mexico_City', country: 'MX' } as const;

function plan(installments: PaymentPlan['installments'], extra: Partial<PaymentPlan> = {}): PaymentPlan {
  return { planId: 'plan-abc', accountId: 'A-1', currency: 'MXN', total: 5_000_000, discountPercent: 0, interestWaived: false, createdAt: '2026-12-01T15:00:00.000Z', status: 'active', installments, ...extra };
}

/** 40% down on Tuesday 1 December 2026, then 31 December (Thursday) and 30 January 2027 (a Saturday). */
const threePayments = plan([
  { dueDate: '2026-12-01', amount: 2_000_000, status: 'due' },
  { dueDate: '2026-12-31', amount: 1_500_000, status: 'due' },
  { dueDate: '2027-01-30', amount: 1_500_000, status: 'due' },
]);

const withDays = (reminderDaysBefore: number[]): Policy => ({
  ...defaultPolicy,
  escalation: { ...defaultPolicy.escalation, plans: { ...defaultPolicy.escalation.plans, reminderDaysBefore } },
});

describe('planInstallmentReminders', () => {
  it('3 days before and on the due day at 09:00 local; the down payment due today soon after the plan is made', () => {
    const planned = planInstallmentReminders({ plan: threePayments, account: MEXICO, policy: defaultPolicy, now: new Date('2026-12-01T15:00:00Z') });
    expect(planned.map((r) => [r.index, r.daysBefore, r.sendAt])).toEqual([
      [0, 0, '2026-12-01T15:05:00.000Z'], // 09:00 is now: five minutes later, once
      [1, 3, '2026-12-28T15:00:00.000Z'], // Monday 09:00 in Mexico City
      [1, 0, '2026-12-31T15:00:00.000Z'],
      // 30 January is a Saturday: the day's reminder would go out on Monday, after the due day → none.
      [2, 3, '2027-01-27T15:00:00.000Z'],
    ]);
    expect(new Set(planned.map((r) => r.scheduleName)).size).toBe(4);
    for (const r of planned) {
      expect(r.scheduleName).toMatch(/^cobranza-i[0-9a-f]{31}$/);
      expect(r.timezone).toBe('America/Mexico_City');
      expect(r.reminderId).toBe(installmentReminderId('plan-abc', r.index, r.dueDate, r.daysBefore));
    }
  });

  it('is deterministic: planned again later, the same reminders keep their names and the past ones are gone', () => {
    const first = planInstallmentReminders({ plan: threePayments, account: MEXICO, policy: defaultPolicy, now: new Date('2026-12-01T15:00:00Z') });
    const later = planInstallmentReminders({ plan: threePayments, account: MEXICO, policy: defaultPolicy, now: new Date('2026-12-29T15:00:00Z') });
    expect(later.map((r) => r.scheduleName)).toEqual(first.slice(2).map((r) => r.scheduleName));
  });

  it('nothing for a paid installment, a zero down payment, a plan no longer active, or reminderDaysBefore []', () => {
    const now = new Date('2026-12-01T15:00:00Z');
    const paid = plan([
      { dueDate: '2026-12-01', amount: 0, status: 'paid' },
      { dueDate: '2026-12-31', amount: 1_500_000, status: 'paid' },
      { dueDate: '2027-01-29', amount: 1_500_000, status: 'due' },
    ]);
    expect(planInstallmentReminders({ plan: paid, account: MEXICO, policy: defaultPolicy, now }).map((r) => r.index)).toEqual([2, 2]);
    expect(planInstallmentReminders({ plan: { ...threePayments, status: 'broken' }, account: MEXICO, policy: defaultPolicy, now })).toEqual([]);
    expect(planInstallmentReminders({ plan: { ...threePayments, status: 'completed' }, account: MEXICO, policy: defaultPolicy, now })).toEqual([]);
    expect(planInstallmentReminders({ plan: threePayments, account: MEXICO, policy: withDays([]), now })).toEqual([]);
  });

  it('a down payment agreed after business hours gets no reminder that day (it would land after its due day)', () => {
    // 19:30 in Mexico City: the next allowed instant is tomorrow 08:00, past the down payment's day.
    const planned = planInstallmentReminders({ plan: threePayments, account: MEXICO, policy: defaultPolicy, now: new Date('2026-12-02T01:30:00Z') });
    expect(planned.map((r) => r.index)).not.toContain(0);
  });

  it('two days landing on one local day keep one reminder, the one nearer the due date', () => {
    // 1 and 0 days before a Monday due date: Sunday moves to Monday, the same day as the due day's.
    const monday = plan([{ dueDate: '2026-12-01', amount: 0, status: 'paid' }, { dueDate: '2026-12-14', amount: 1_000_000, status: 'due' }]);
    const planned = planInstallmentReminders({ plan: monday, account: MEXICO, policy: withDays([1, 0]), now: new Date('2026-12-01T15:00:00Z') });
    expect(planned.map((r) => [r.daysBefore, r.sendAt])).toEqual([[0, '2026-12-14T15:00:00.000Z']]);
  });

  it('property: every reminder is in the future, inside legal contact days, never after its installment is due, one per local day', () => {
    const zones = [
      { timezone: 'America/Mexico_City', country: 'MX' },
      { timezone: 'America/Bogota', country: 'CO' },
      { timezone: 'America/Santiago', country: 'CL' },
      { timezone: 'America/New_York', country: 'US' },
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 400 * 24 * 60 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 10 }), { maxLength: 4 }),
        (account, minutes, offsets, days) => {
          const now = new Date(Date.parse('2026-11-01T00:00:00Z') + minutes * 60_000);
          const today = DateTime.fromJSDate(now, { zone: account.timezone });
          const installments = [...offsets].sort((a, b) => a - b).map((d) => ({ dueDate: today.plus({ days: d }).toISODate()!, amount: 100_000, status: 'due' as const }));
          const planned = planInstallmentReminders({ plan: plan(installments), account, policy: withDays(days), now });
          const seen = new Set<string>();
          for (const r of planned) {
            const local = DateTime.fromISO(r.sendAt, { zone: account.timezone });
            expect(Date.parse(r.sendAt)).toBeGreaterThan(now.getTime());
            expect(local.toISODate()! <= r.dueDate).toBe(true);
            expect(local.weekday).toBeLessThanOrEqual(5); // business hours: Monday to Friday
            expect(isPublicHoliday(account.country, local.toISODate()!)).toBe(false);
            const key = `${r.index}:${local.toISODate()}`;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
