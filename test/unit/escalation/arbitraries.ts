/**
 * fast-check generators for the escalation properties: random policies (valid by construction, built
 * from the parsed default: parsing costs milliseconds), records in any stage, portfolios, promises,
 * disputes, plans and payment summaries around a random instant in a random zone.
 */
import fc from 'fast-check';
import type { EvaluationInput } from '../../../shared/domain/escalation/evaluate.js';
import { addDays, localDate } from '../../../shared/domain/escalation/local-time.js';
import { STAGES, type Dispute, type EscalationRecord, type PaymentPlan, type PromiseToPay } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Policy } from '../../../shared/domain/policy/schema.js';
import type { Invoice } from '../../../shared/domain/types.js';

export const ZONES = ['America/Mexico_City', 'America/Bogota', 'America/Santiago', 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'Not/A_Zone'] as const;
export const CURRENCIES = ['MXN', 'USD', 'CLP', 'ARS'] as const;
export const NUMBERS = ['F-1', 'F-2', 'F-3', 'F-4', 'F-5'] as const;
const DAY = 86_400_000;

export const nowArb = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T23:59:59Z'), noInvalidDate: true });

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

/** The default, or random stage starts (increasing), grace, caps and review cadence. */
export const policyArb: fc.Arbitrary<Policy> = fc.oneof(
  fc.constant(defaultPolicy),
  fc
    .record({
      starts: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })),
      preLegalGraceDays: fc.integer({ min: 0, max: 20 }),
      promiseGraceDays: fc.integer({ min: 0, max: 5 }),
      reviewEveryDays: fc.integer({ min: 1, max: 30 }),
      time: hhmm,
      alertAfterAttempts: fc.integer({ min: 1, max: 5 }),
      minDaysPastDue: fc.integer({ min: 1, max: 200 }),
      maxScore: fc.double({ min: 0, max: 1, noNaN: true }),
      ladder: fc.record({ minDeliveredReminders: fc.integer({ min: 0, max: 5 }), minDaysSinceFirstContact: fc.integer({ min: 0, max: 40 }), catchUpStepDays: fc.integer({ min: 1, max: 10 }) }),
    })
    .map(({ starts: [a, b, c, d], preLegalGraceDays, promiseGraceDays, reviewEveryDays, time, alertAfterAttempts, minDaysPastDue, maxScore, ladder }) => {
      const e = defaultPolicy.escalation;
      return {
        ...defaultPolicy,
        escalation: {
          ...e,
          stages: { earlyFromDays: a, midFromDays: a + b, advancedFromDays: a + b + c, preLegalFromDays: a + b + c + d },
          preLegalGraceDays,
          promiseGraceDays,
          ladder,
          handOff: { ...e.handOff, maxScore },
          writeOff: { ...e.writeOff, minDaysPastDue },
          silence: { alertAfterAttempts },
          evaluation: { time, reviewEveryDays },
        },
      };
    }),
);

/** An instant `days` (fractional) before `now`. */
const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();

export function invoicesArb(now: Date, zone: string): fc.Arbitrary<Invoice[]> {
  return fc.uniqueArray(
    fc.record({
      number: fc.constantFrom(...NUMBERS),
      days: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -30, max: 100 }) }, { weight: 1, arbitrary: fc.integer({ min: -60, max: 300 }) }),
      balance: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 5, arbitrary: fc.integer({ min: 1, max: 100_000_000 }) }),
      status: fc.constantFrom('open', 'open', 'open', 'open', 'paid', 'cancelled'),
      currency: fc.constantFrom(...CURRENCIES),
    }).map(({ number, days, balance, status, currency }): Invoice => ({
      accountId: 'A-1',
      invoiceNumber: number,
      currency,
      amount: Math.max(balance, 1),
      balance,
      dueDate: addDays(localDate(now, zone), -days),
      status: status as Invoice['status'],
    })),
    { minLength: 1, maxLength: 5, selector: (invoice) => invoice.invoiceNumber },
  );
}

export function recordArb(now: Date): fc.Arbitrary<EscalationRecord> {
  return fc
    .record({
      stage: fc.constantFrom(...STAGES),
      sinceDays: fc.double({ min: 0, max: 200, noNaN: true }),
      letterDays: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }),
      handOff: fc.option(fc.record({ atDays: fc.double({ min: 0, max: 100, noNaN: true }), to: fc.constantFrom('agency' as const, 'legal' as const), recalledDays: fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined }) }), { nil: undefined }),
      lastEvaluatedDays: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: undefined }),
    })
    .map(({ stage, sinceDays, letterDays, handOff, lastEvaluatedDays }) => ({
      accountId: 'A-1',
      stage,
      since: before(now, sinceDays),
      history: [],
      version: stage === 'current' ? 0 : 2,
      ...(letterDays !== undefined ? { preLegalLetterAt: before(now, letterDays) } : {}),
      ...(handOff
        ? { handOff: { at: before(now, handOff.atDays), to: handOff.to, packageKey: 'k', ...(handOff.recalledDays !== undefined ? { recalledAt: before(now, handOff.recalledDays) } : {}) } }
        : {}),
      ...(lastEvaluatedDays !== undefined ? { lastEvaluatedAt: before(now, lastEvaluatedDays) } : {}),
    }));
}

export function promisesArb(now: Date, zone: string): fc.Arbitrary<PromiseToPay[]> {
  return fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 9 }),
      offset: fc.integer({ min: -20, max: 20 }),
      amount: fc.option(fc.integer({ min: 1, max: 20_000_000 }), { nil: undefined }),
      createdDays: fc.double({ min: 0, max: 30, noNaN: true }),
      status: fc.constantFrom('open', 'open', 'kept', 'broken'),
    }).map(({ id, offset, amount, createdDays, status }): PromiseToPay => ({
      promiseId: `p-${id}`,
      accountId: 'A-1',
      date: addDays(localDate(now, zone), offset),
      ...(amount !== undefined ? { amount, currency: 'MXN' } : {}),
      source: 'agent',
      createdAt: before(now, createdDays),
      status: status as PromiseToPay['status'],
    })),
    { maxLength: 3 },
  ).map((promises) => promises.filter((p, i) => promises.findIndex((q) => q.promiseId === p.promiseId) === i));
}

export function disputesArb(now: Date): fc.Arbitrary<Dispute[]> {
  return fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 9 }),
      number: fc.constantFrom(...NUMBERS),
      openedDays: fc.double({ min: 0, max: 10, noNaN: true }),
      status: fc.constantFrom('open', 'open', 'resolved'),
      alerted: fc.boolean(),
    }).map(({ id, number, openedDays, status, alerted }): Dispute => {
      const openedAt = before(now, openedDays);
      const slaDueAt = new Date(Date.parse(openedAt) + 72 * 3_600_000).toISOString();
      return {
        disputeId: `d-${id}`,
        accountId: 'A-1',
        invoiceNumber: number,
        reason: 'other',
        openedAt,
        slaDueAt,
        status: status as Dispute['status'],
        ...(alerted && Date.parse(slaDueAt) <= now.getTime() ? { slaAlertedAt: slaDueAt } : {}),
      };
    }),
    { maxLength: 3 },
  ).map((disputes) => disputes.filter((d, i) => disputes.findIndex((e) => e.disputeId === d.disputeId) === i));
}

export function plansArb(now: Date, zone: string): fc.Arbitrary<PaymentPlan[]> {
  return fc.array(
    fc.record({
      id: fc.integer({ min: 1, max: 9 }),
      installments: fc.array(
        fc.record({ offset: fc.integer({ min: -60, max: 90 }), amount: fc.integer({ min: 0, max: 1_000_000 }), status: fc.constantFrom('due', 'paid', 'missed') }),
        { minLength: 1, maxLength: 4 },
      ),
      status: fc.constantFrom('active', 'active', 'completed', 'broken'),
    }).map(({ id, installments, status }): PaymentPlan => ({
      planId: `pl-${id}`,
      accountId: 'A-1',
      currency: 'MXN',
      total: installments.reduce((sum, i) => sum + i.amount, 0),
      installments: installments
        .map((i) => ({ dueDate: addDays(localDate(now, zone), i.offset), amount: i.amount, status: i.status as 'due' | 'paid' | 'missed' }))
        .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)),
      discountPercent: 0,
      interestWaived: false,
      createdAt: before(now, 60),
      status: status as PaymentPlan['status'],
    })),
    { maxLength: 2 },
  ).map((plans) => plans.filter((p, i) => plans.findIndex((q) => q.planId === p.planId) === i));
}

export function paymentsArb(now: Date): fc.Arbitrary<EvaluationInput['payments']> {
  return fc.record({
    applied90Days: fc.integer({ min: 0, max: 50_000_000 }),
    partialPayments90Days: fc.integer({ min: 0, max: 5 }),
    reversals90Days: fc.integer({ min: 0, max: 3 }),
    lastPaymentAt: fc.option(fc.double({ min: 0, max: 100, noNaN: true }).map((days) => before(now, days)), { nil: undefined }),
  }).map(({ lastPaymentAt, ...rest }) => ({ ...rest, ...(lastPaymentAt !== undefined ? { lastPaymentAt } : {}) }));
}

/** A whole evaluation input; `settle` turns every invoice paid or cancelled. */
export const inputArb: fc.Arbitrary<EvaluationInput> = fc
  .record({ now: nowArb, zone: fc.constantFrom(...ZONES), policy: policyArb, settle: fc.integer({ min: 0, max: 4 }).map((n) => n === 0) })
  .chain(({ now, zone, policy, settle }) =>
    fc
      .record({
        invoices: invoicesArb(now, zone).map((invoices) => (settle ? invoices.map((i) => (i.status === 'open' ? { ...i, balance: 0, status: 'paid' as const } : i)) : invoices)),
        record: recordArb(now),
        promises: promisesArb(now, zone),
        disputes: disputesArb(now),
        plans: plansArb(now, zone),
        payments: paymentsArb(now),
        contactAttemptsWithoutReply: fc.integer({ min: 0, max: 8 }),
        collectionHistory: fc
          .record({ delivered: fc.integer({ min: 0, max: 6 }), firstDays: fc.double({ min: 0, max: 60, noNaN: true }) })
          .map(({ delivered, firstDays }) => (delivered === 0 ? { delivered } : { delivered, firstDeliveredAt: before(now, firstDays) })),
        openTasks: fc.integer({ min: 0, max: 3 }),
        silenceAlertedDays: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
      })
      .map(({ silenceAlertedDays, ...rest }): EvaluationInput => ({
        now,
        policy,
        account: { accountId: 'A-1', name: 'Cliente', timezone: zone, locale: 'es-MX' },
        ...rest,
        ...(silenceAlertedDays !== undefined ? { silenceAlertedAt: before(now, silenceAlertedDays) } : {}),
      })),
  );
