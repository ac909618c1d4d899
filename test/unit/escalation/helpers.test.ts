import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disputeSlaDueAt, disputesPastSla, nextSlaDue } from '../../../shared/domain/escalation/dispute-sla.js';
import { formatAmounts } from '../../../shared/domain/escalation/delinquency.js';
import { afterPreLegal, afterRecall } from '../../../shared/domain/escalation/hand-off.js';
import { addDays, atLocalTime, endOfLocalDay, localDate, nextLocalTime } from '../../../shared/domain/escalation/local-time.js';
import { checkPromise, promiseGraceEnd } from '../../../shared/domain/escalation/promise-check.js';
import { nextStageStart, stageForDaysPastDue, stageRank } from '../../../shared/domain/escalation/stages.js';
import { STAGES } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { dispute, promise } from './fixtures.js';

const stages = defaultPolicy.escalation.stages;
const escalation = defaultPolicy.escalation;

describe('local time', () => {
  it('reads and writes days in the debtor’s zone', () => {
    expect(localDate(new Date('2026-12-18T03:00:00Z'), 'America/Mexico_City')).toBe('2026-12-17');
    expect(localDate(new Date('2026-12-18T03:00:00Z'), 'Not/A_Zone')).toBe('2026-12-18');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(atLocalTime('2026-12-18', '09:00', 'America/Bogota').toISOString()).toBe('2026-12-18T14:00:00.000Z');
    expect(endOfLocalDay('2026-12-15', 2, 'America/Mexico_City').toISOString()).toBe('2026-12-18T06:00:00.000Z');
  });

  it('keeps 09:00 local across a DST change (Santiago moves its clocks in September and April)', () => {
    expect(atLocalTime('2026-09-04', '09:00', 'America/Santiago').toISOString()).toBe('2026-09-04T13:00:00.000Z');
    expect(atLocalTime('2026-09-07', '09:00', 'America/Santiago').toISOString()).toBe('2026-09-07T12:00:00.000Z');
  });

  it('nextLocalTime is always after now', () => {
    expect(nextLocalTime('2026-12-18', '09:00', 'UTC', new Date('2026-12-18T10:00:00Z')).toISOString()).toBe('2026-12-19T09:00:00.000Z');
    expect(nextLocalTime('2020-01-01', '09:00', 'UTC', new Date('2026-12-18T08:00:00Z')).toISOString()).toBe('2026-12-18T09:00:00.000Z');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -400, max: 400 }),
        fc.constantFrom('America/Santiago', 'America/Mexico_City', 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'Not/A_Zone'),
        fc.constantFrom('00:00', '02:30', '09:00', '23:59'),
        (now, offset, zone, time) => {
          const next = nextLocalTime(addDays(localDate(now, zone), offset), time, zone, now);
          expect(next.getTime()).toBeGreaterThan(now.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('stages', () => {
  it('maps days past due to stages at the policy’s boundaries', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map((d) => stageForDaysPastDue(d, stages))).toEqual([
      'current', 'early', 'early', 'mid', 'mid', 'advanced', 'advanced', 'pre-legal',
    ]);
    expect(stageForDaysPastDue(-5, stages)).toBe('current');
  });

  it('orders stages as STAGES does, with closed outside the walk', () => {
    expect(STAGES.filter((s) => s !== 'closed').map(stageRank)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(stageRank('closed')).toBe(-1);
  });

  it('finds the next start that moves the account forward', () => {
    expect(nextStageStart(40, 'mid', stages)).toBe(61);
    expect(nextStageStart(20, 'advanced', stages)).toBe(91);
    expect(nextStageStart(-3, 'current', stages)).toBe(1);
    expect(nextStageStart(95, 'pre-legal', stages)).toBeUndefined();
  });
});

describe('promises', () => {
  const facts = {
    now: new Date('2026-12-08T06:00:00Z'),
    timezone: 'America/Mexico_City',
    graceDays: 2,
    payments: { applied90Days: 0, partialPayments90Days: 0, reversals90Days: 0 },
    openInvoices: [{ dueDate: '2026-11-01' }],
    settled: false,
  };
  const p = promise('p-1', '2026-12-05', { amount: 500_000, currency: 'MXN', createdAt: '2026-11-28T17:00:00.000Z' });

  it('is checked when the promised day plus the grace days is over in the debtor’s zone', () => {
    expect(promiseGraceEnd(p, 'America/Mexico_City', 2).toISOString()).toBe('2026-12-08T06:00:00.000Z');
    expect(checkPromise(p, { ...facts, now: new Date('2026-12-08T05:59:59Z') })).toEqual({ status: 'open', checkAt: new Date('2026-12-08T06:00:00Z') });
  });

  it('kept before its deadline when the account is settled', () => {
    expect(checkPromise(p, { ...facts, now: new Date('2026-12-03T00:00:00Z'), settled: true }).status).toBe('kept');
  });

  it('kept only with a payment since it was made that reaches the amount', () => {
    const paid = (applied90Days: number, lastPaymentAt?: string) => ({ ...facts, payments: { ...facts.payments, applied90Days, ...(lastPaymentAt ? { lastPaymentAt } : {}) } });
    expect(checkPromise(p, paid(500_000, '2026-12-05T20:00:00.000Z')).status).toBe('kept');
    expect(checkPromise(p, paid(500_000, '2026-11-28T17:00:00.000Z')).status).toBe('kept');
    expect(checkPromise(p, paid(500_000, '2026-11-27T17:00:00.000Z'))).toEqual({
      status: 'broken',
      reason: 'promise p-1 to pay MXN 5000.00 by 2026-12-05: broken, no payment since it was made',
    });
    expect(checkPromise(p, paid(499_999, '2026-12-05T20:00:00.000Z')).status).toBe('broken');
    expect(checkPromise(p, paid(0)).status).toBe('broken');
  });

  it('leaves a closed promise as it is', () => {
    expect(checkPromise({ ...p, status: 'kept' }, facts).status).toBe('kept');
  });
});

describe('dispute SLA', () => {
  const d1 = dispute('d-1', 'F-1', '2026-12-01T15:00:00.000Z');
  const d2 = dispute('d-2', 'F-2', '2026-11-30T15:00:00.000Z');

  it('is due the SLA hours after opening', () => {
    expect(disputeSlaDueAt('2026-12-01T15:00:00.000Z', 72)).toBe('2026-12-04T15:00:00.000Z');
  });

  it('lists open, not yet alerted disputes past their SLA, earliest first', () => {
    const now = new Date('2026-12-05T00:00:00Z');
    expect(disputesPastSla([d1, d2], now).map((d) => d.disputeId)).toEqual(['d-2', 'd-1']);
    expect(disputesPastSla([{ ...d1, slaAlertedAt: '2026-12-04T15:00:00.000Z' }, { ...d2, status: 'resolved' }], now)).toEqual([]);
    expect(disputesPastSla([d1], new Date('2026-12-04T14:59:59Z'))).toEqual([]);
  });

  it('knows the next SLA ahead', () => {
    expect(nextSlaDue([d1, d2], new Date('2026-12-02T00:00:00Z'))?.toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(nextSlaDue([d1, d2], new Date('2026-12-05T00:00:00Z'))).toBeUndefined();
  });
});

describe('hand-off and write-off', () => {
  const mxn = (minor: number) => [{ currency: 'MXN', minor }];

  it('hands off a large balance with a low score, to legal above the bigger amount', () => {
    expect(afterPreLegal({ balances: mxn(8_000_000), daysPastDue: 102, score: 0.3 }, escalation)).toEqual({
      kind: 'hand-off',
      to: 'agency',
      reason: 'balance MXN 80000.00 ≥ MXN 50000.00 and score 0.30 ≤ 0.50 → hand-off to agency',
    });
    expect(afterPreLegal({ balances: mxn(50_000_000), daysPastDue: 102, score: 0.3 }, escalation)).toMatchObject({ kind: 'hand-off', to: 'legal' });
  });

  it('writes off a small balance when old enough, else waits', () => {
    expect(afterPreLegal({ balances: mxn(99_999), daysPastDue: 120, score: 0.9 }, escalation).kind).toBe('write-off');
    expect(afterPreLegal({ balances: mxn(99_999), daysPastDue: 119, score: 0.1 }, escalation)).toMatchObject({ kind: 'wait', untilDaysPastDue: 120 });
    expect(afterPreLegal({ balances: mxn(100_000), daysPastDue: 200, score: 0.1 }, escalation).kind).toBe('review');
  });

  it('leaves to a person what no rule decides, and any currency the tables do not list', () => {
    expect(afterPreLegal({ balances: mxn(8_000_000), daysPastDue: 102, score: 0.51 }, escalation).kind).toBe('review');
    expect(afterPreLegal({ balances: [{ currency: 'ARS', minor: 1 }], daysPastDue: 300, score: 0 }, escalation).kind).toBe('review');
    expect(afterPreLegal({ balances: [{ currency: 'ARS', minor: 1 }, { currency: 'MXN', minor: 1 }], daysPastDue: 300, score: 0 }, escalation).kind).toBe('review');
  });

  it('writes off a recalled case with a small balance or a score at most maxScoreAfterRecall', () => {
    expect(afterRecall({ balances: mxn(50_000), daysPastDue: 10, score: 0.9 }, escalation).kind).toBe('write-off');
    expect(afterRecall({ balances: mxn(8_000_000), daysPastDue: 300, score: 0.15 }, escalation).kind).toBe('write-off');
    expect(afterRecall({ balances: mxn(8_000_000), daysPastDue: 300, score: 0.16 }, escalation).kind).toBe('review');
  });

  it('formats amounts plainly', () => {
    expect(formatAmounts([{ currency: 'MXN', minor: 1_234_567 }, { currency: 'CLP', minor: 25_000 }])).toBe('MXN 12345.67 + CLP 25000');
    expect(formatAmounts([])).toBe('nothing');
  });
});
