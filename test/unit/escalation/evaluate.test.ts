import { describe, expect, it } from 'vitest';
import { evaluateEscalation } from '../../../shared/domain/escalation/evaluate.js';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import { NOW, dispute, input, invoice, promise, record } from './fixtures.js';

const at = (iso: string) => new Date(iso);

describe('evaluateEscalation: settled accounts', () => {
  it('closes an account that paid in the early stage: no actions, no next evaluation', () => {
    const decision = evaluateEscalation(
      input({ invoices: [invoice('F-1', 12, 0), invoice('F-2', 3, 0, NOW, { status: 'cancelled', balance: 500 })], record: record('early') }),
    );
    expect(decision).toMatchObject({ outcome: 'closed', stage: 'closed', previousStage: 'early', changed: true, actions: {}, promisesToClose: [], disputesPastSla: [] });
    expect(decision.nextEvaluationAt).toBeUndefined();
    expect(decision.reasons[0]).toBe('nothing is owed: no open invoice has a balance → closed');
  });

  it('stays closed, unchanged, when evaluated again', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 40, 0)], record: record('closed') }));
    expect(decision).toMatchObject({ outcome: 'closed', stage: 'closed', changed: false });
  });

  it('closes an account with no invoices at all', () => {
    expect(evaluateEscalation(input()).outcome).toBe('closed');
  });
});

describe('evaluateEscalation: stages from the oldest open, undisputed invoice', () => {
  it.each([
    [0, 'current'],
    [1, 'early'],
    [30, 'early'],
    [31, 'mid'],
    [60, 'mid'],
    [61, 'advanced'],
    [90, 'advanced'],
    [91, 'pre-legal'],
    [400, 'pre-legal'],
  ] as const)('%i days past due → %s', (days, stage) => {
    // Due on Wednesday 3 June 2026 (a business day in Mexico), looked at `days` later: a due date on a
    // weekend would roll to Monday and count from there (see the business-day tests below).
    const now = new Date(Date.parse('2026-06-03T15:00:00Z') + days * 86_400_000);
    const decision = evaluateEscalation(input({ now, invoices: [invoice('F-1', days, 2_000_000, now), invoice('F-2', -10, 2_000_000, now)] }));
    expect(decision.outcome).toBe('staged');
    expect(decision.stage).toBe(stage);
    if (stage !== 'current') expect(decision.reasons[0]).toBe(`oldest open invoice F-1 is ${days} days past due → ${stage}`);
  });

  it('counts days in the debtor’s zone: 01:00 UTC is still yesterday in Mexico City', () => {
    const now = at('2026-12-31T01:00:00Z'); // 2026-12-30 19:00 in Mexico City
    const decision = evaluateEscalation(input({ now, invoices: [{ ...invoice('F-1', 0), dueDate: '2026-11-30' }] }));
    // 30 days in Mexico City (31 in UTC, which would already be mid).
    expect(decision.reasons[0]).toBe('oldest open invoice F-1 is 30 days past due → early');
  });

  it('runs each stage’s actions on entering it', () => {
    const early = evaluateEscalation(input({ invoices: [invoice('F-1', 5)] }));
    expect(early.actions).toEqual({ switchCadence: { tone: 'friendly', channels: ['email', 'whatsapp', 'sms'] } });

    const mid = evaluateEscalation(input({ invoices: [invoice('F-1', 35, 1_000_000)], record: record('early') }));
    expect(mid.changed).toBe(true);
    expect(mid.actions.switchCadence?.tone).toBe('firm');
    expect(mid.actions.createTask).toMatchObject({ type: 'personal-contact', deadlineHours: 48 });
    // The plan offer with the policy's terms: 30% down today, then 30/60/90 days; 2% off in full.
    expect(mid.actions.createTask?.text).toContain('MXN 3000.00 down on 2026-12-01, then MXN 2333.33 on 2026-12-31, MXN 2333.33 on 2027-01-30, MXN 2333.34 on 2027-03-01');
    expect(mid.actions.createTask?.text).toContain('Or 2% off (MXN 9800.00) when paid in full now.');

    const advanced = evaluateEscalation(input({ invoices: [invoice('F-1', 65)], record: record('mid') }));
    expect(advanced.actions.switchCadence?.tone).toBe('formal');
    expect(advanced.actions.createTask).toMatchObject({ type: 'manager-review', deadlineHours: 72 });

    const preLegal = evaluateEscalation(input({ invoices: [invoice('F-1', 91)], record: record('advanced') }));
    expect(preLegal.actions).toMatchObject({ sendPreLegalLetter: true });
  });

  it('does nothing again while the stage stays the same', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 40)], record: record('mid', { since: '2026-11-22T15:00:00.000Z' }) }));
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'mid', changed: false, actions: {} });
  });

  it('uses the account’s own channel order, or the stage’s channels from the policy', () => {
    const own = evaluateEscalation(input({ account: { ...input().account, channels: ['whatsapp', 'email'] }, invoices: [invoice('F-1', 5)] }));
    expect(own.actions.switchCadence?.channels).toEqual(['whatsapp', 'email']);
    const policy = { ...defaultPolicy, escalation: { ...defaultPolicy.escalation, cadence: { ...defaultPolicy.escalation.cadence, early: { tone: 'firm' as const, channels: ['sms' as const] } } } };
    expect(evaluateEscalation(input({ policy, invoices: [invoice('F-1', 5)] })).actions.switchCadence).toEqual({ tone: 'firm', channels: ['sms'] });
  });

  it('moves forward over skipped stages without running theirs: loaded 70 days late → advanced directly', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 70)] }));
    expect(decision.stage).toBe('advanced');
    expect(decision.actions.createTask?.type).toBe('manager-review');
  });

  it('reopens a closed account that owes again', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-9', 10)], record: record('closed') }));
    expect(decision).toMatchObject({ stage: 'early', previousStage: 'closed', changed: true });
    expect(decision.reasons[0]).toBe('the account owes again: reopened');
  });
});

describe('evaluateEscalation: a partial payment re-evaluates', () => {
  const since = '2026-11-20T15:00:00.000Z';

  it('goes back to an earlier stage when a payment paid the oldest invoice', () => {
    const decision = evaluateEscalation(
      input({
        invoices: [invoice('F-1', 70, 0), invoice('F-2', 20)],
        record: record('advanced', { since }),
        payments: { applied90Days: 2_000_000, partialPayments90Days: 1, reversals90Days: 0, lastPaymentAt: '2026-11-30T18:00:00.000Z' },
      }),
    );
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'early', previousStage: 'advanced', changed: true });
    expect(decision.actions.switchCadence?.tone).toBe('friendly');
    expect(decision.reasons[0]).toBe('a payment on 2026-11-30T18:00:00.000Z left F-2 the oldest open invoice, 20 days past due → back to early');
  });

  it('stays where it is when no payment explains the younger oldest invoice (a dispute took it out)', () => {
    const decision = evaluateEscalation(
      input({
        invoices: [invoice('F-1', 70), invoice('F-2', 20)],
        disputes: [dispute('d-1', 'F-1', '2026-11-30T15:00:00.000Z')],
        record: record('advanced', { since }),
        payments: { applied90Days: 1_000, partialPayments90Days: 1, reversals90Days: 0, lastPaymentAt: '2026-11-10T00:00:00.000Z' },
      }),
    );
    expect(decision).toMatchObject({ stage: 'advanced', changed: false, actions: {} });
    expect(decision.reasons[0]).toContain('but no payment since entering advanced on 2026-11-20T15:00:00.000Z: stays advanced');
  });

  it('keeps the stage when a partial payment leaves the oldest invoice open', () => {
    const decision = evaluateEscalation(
      input({
        invoices: [invoice('F-1', 70, 100_000)],
        record: record('advanced', { since }),
        payments: { applied90Days: 1_900_000, partialPayments90Days: 1, reversals90Days: 0, lastPaymentAt: '2026-11-30T18:00:00.000Z' },
      }),
    );
    expect(decision).toMatchObject({ stage: 'advanced', changed: false });
    expect(decision.score.contributions.partialPayments).toBe(0.3);
  });
});

describe('evaluateEscalation: promises to pay', () => {
  // Promised for 2026-12-05; with 2 days of grace it is checked when 2026-12-07 ends in Mexico City.
  const promised = promise('p-1', '2026-12-05', { amount: 2_000_000, currency: 'MXN', createdAt: '2026-11-28T17:00:00.000Z' });
  const checkAt = '2026-12-08T06:00:00.000Z';

  it('pauses while the promise runs and looks again at its deadline', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 20)], record: record('early'), promises: [promised] }));
    expect(decision).toMatchObject({ outcome: 'paused', stage: 'early', changed: false, actions: {}, promisesToClose: [], nextEvaluationAt: checkAt });
    expect(decision.reasons[0]).toBe(`paused: promise p-1 to pay by 2026-12-05 is within its grace (checked at ${checkAt})`);
  });

  it('promises then pays: kept, and the settled account closes', () => {
    const now = at('2026-12-04T20:00:00Z');
    const decision = evaluateEscalation(
      input({
        now,
        invoices: [invoice('F-1', 23, 0, now)],
        record: record('early'),
        promises: [promised],
        payments: { applied90Days: 2_000_000, partialPayments90Days: 0, reversals90Days: 0, lastPaymentAt: '2026-12-04T19:00:00.000Z' },
      }),
    );
    expect(decision).toMatchObject({ outcome: 'closed', stage: 'closed', actions: {}, promisesToClose: [{ promiseId: 'p-1', status: 'kept' }] });
  });

  it('a partial promise paid by the deadline is kept and the rest escalates again', () => {
    const now = at(checkAt);
    const decision = evaluateEscalation(
      input({
        now,
        invoices: [invoice('F-1', 27, 1_000_000, now)],
        record: record('early'),
        promises: [{ ...promised, amount: 1_000_000 }],
        payments: { applied90Days: 1_000_000, partialPayments90Days: 1, reversals90Days: 0, lastPaymentAt: '2026-12-05T16:00:00.000Z' },
      }),
    );
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'early', promisesToClose: [{ promiseId: 'p-1', status: 'kept' }] });
    expect(decision.score.contributions.keptPromises).toBe(0.5);
    expect(decision.actions.alerts).toBeUndefined();
  });

  it('promises then breaks: closed as broken, alert, task, a lower score, and the cadence resumes', () => {
    const now = at(checkAt);
    const base = input({ now, invoices: [invoice('F-1', 27, 2_000_000, now)], record: record('early', { since: '2026-11-10T15:00:00.000Z' }), promises: [promised] });
    const decision = evaluateEscalation(base);
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'early', promisesToClose: [{ promiseId: 'p-1', status: 'broken' }] });
    expect(decision.actions.alerts).toEqual([
      { kind: 'broken-promise', message: 'Comercial Norte SA (A-1): promise p-1 to pay MXN 20000.00 by 2026-12-05: broken, no payment since it was made' },
    ]);
    expect(decision.actions.createTask).toMatchObject({ type: 'broken-promise', deadlineHours: 24 });
    expect(decision.score.contributions.brokenPromises).toBe(-0.8);
    const unbroken = evaluateEscalation({ ...base, promises: [] });
    expect(decision.score.value).toBeLessThan(unbroken.score.value);
    // The next evaluation is the stage date again: the day F-1 is 31 days late, 09:00 local.
    expect(decision.nextEvaluationAt).toBe('2026-12-12T15:00:00.000Z');
  });

  it('a payment too small for the promise breaks it', () => {
    const now = at(checkAt);
    const decision = evaluateEscalation(
      input({
        now,
        invoices: [invoice('F-1', 27, 1_500_000, now)],
        promises: [promised],
        payments: { applied90Days: 500_000, partialPayments90Days: 1, reversals90Days: 0, lastPaymentAt: '2026-12-05T16:00:00.000Z' },
      }),
    );
    expect(decision.promisesToClose).toEqual([{ promiseId: 'p-1', status: 'broken' }]);
    expect(decision.reasons).toContain('promise p-1 to pay MXN 20000.00 by 2026-12-05: broken, only MXN 5000.00 paid in the last 90 days');
  });

  it('a promise of "the balance" is kept when everything due by its date is paid', () => {
    const now = at(checkAt);
    const balancePromise = promise('p-2', '2026-12-05', { createdAt: '2026-11-28T17:00:00.000Z' });
    const paid = { applied90Days: 2_000_000, partialPayments90Days: 0, reversals90Days: 0, lastPaymentAt: '2026-12-04T16:00:00.000Z' };
    const kept = evaluateEscalation(input({ now, invoices: [invoice('F-1', 27, 0, now), invoice('F-2', -3, 500_000, now)], promises: [balancePromise], payments: paid }));
    expect(kept.promisesToClose).toEqual([{ promiseId: 'p-2', status: 'kept' }]);
    const broken = evaluateEscalation(input({ now, invoices: [invoice('F-1', 27, 10_000, now)], promises: [balancePromise], payments: paid }));
    expect(broken.promisesToClose).toEqual([{ promiseId: 'p-2', status: 'broken' }]);
  });
});

describe('evaluateEscalation: disputes', () => {
  const opened = '2026-11-30T15:00:00.000Z';

  it('pauses while a dispute holds every open invoice, until its SLA', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 40)], record: record('mid'), disputes: [dispute('d-1', 'F-1', opened)] }));
    expect(decision).toMatchObject({ outcome: 'paused', stage: 'mid', actions: {}, nextEvaluationAt: '2026-12-03T15:00:00.000Z' });
    expect(decision.reasons[0]).toBe('paused: an open dispute holds every open invoice (F-1)');
  });

  it('alerts once when the SLA runs out, and still holds', () => {
    const now = at('2026-12-03T15:00:00Z');
    const open = dispute('d-1', 'F-1', opened);
    const first = evaluateEscalation(input({ now, invoices: [invoice('F-1', 42, 2_000_000, now)], record: record('mid'), disputes: [open] }));
    expect(first).toMatchObject({ outcome: 'paused', disputesPastSla: ['d-1'] });
    expect(first.actions.alerts?.map((a) => a.kind)).toEqual(['dispute-past-sla']);
    expect(first.actions.createTask).toMatchObject({ type: 'dispute-sla', deadlineHours: 24 });
    const again = evaluateEscalation(input({ now, invoices: [invoice('F-1', 42, 2_000_000, now)], record: record('mid'), disputes: [{ ...open, slaAlertedAt: now.toISOString() }] }));
    expect(again).toMatchObject({ outcome: 'paused', disputesPastSla: [], actions: {} });
  });

  it('escalates the undisputed invoices; the disputed one does not count', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 70), invoice('F-2', 12)], disputes: [dispute('d-1', 'F-1', opened)] }));
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'early' });
    // The SLA is still a date to look at.
    expect(decision.nextEvaluationAt).toBe('2026-12-03T15:00:00.000Z');
    expect(decision.score.contributions.disputesOpen).toBe(-0.3);
  });

  it('disputes then resolves: rejected → the stage resumes; credit note → closed', () => {
    const resolved = dispute('d-1', 'F-1', opened, { status: 'resolved', resolution: 'rejected', resolvedAt: '2026-12-01T14:00:00.000Z' });
    const rejected = evaluateEscalation(input({ invoices: [invoice('F-1', 45)], record: record('mid'), disputes: [resolved] }));
    expect(rejected).toMatchObject({ outcome: 'staged', stage: 'mid', changed: false });
    const credited = evaluateEscalation(
      input({ invoices: [invoice('F-1', 45, 0, NOW, { status: 'cancelled' })], record: record('mid'), disputes: [{ ...resolved, resolution: 'credit-note' }] }),
    );
    expect(credited).toMatchObject({ outcome: 'closed', stage: 'closed', actions: {} });
  });
});

describe('evaluateEscalation: payment plans', () => {
  const plan: PaymentPlan = {
    planId: 'pl-1',
    accountId: 'A-1',
    currency: 'MXN',
    total: 2_000_000,
    installments: [
      { dueDate: '2026-11-20', amount: 600_000, status: 'paid' },
      { dueDate: '2026-12-20', amount: 700_000, status: 'due' },
      { dueDate: '2027-01-19', amount: 700_000, status: 'due' },
    ],
    discountPercent: 0,
    interestWaived: false,
    createdAt: '2026-11-20T15:00:00.000Z',
    status: 'active',
  };

  it('pauses while the plan is on track, until the next installment’s grace ends (capped by the weekly review)', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 50, 1_400_000)], record: record('mid'), plans: [plan] }));
    expect(decision.outcome).toBe('paused');
    expect(decision.reasons[0]).toBe('paused: payment plan pl-1 is on track: next installment MXN 7000.00 due 2026-12-20');
    expect(decision.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
  });

  it('a missed installment breaks the plan and the escalation resumes', () => {
    const now = at('2026-12-23T15:00:00Z');
    const decision = evaluateEscalation(input({ now, invoices: [invoice('F-1', 72, 1_400_000, now)], record: record('mid'), plans: [plan] }));
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'advanced', changed: true });
    expect(decision.reasons).toContain('payment plan pl-1 is broken: installment 1 (due 2026-12-20) missed → escalation resumes');
  });
});

describe('evaluateEscalation: pre-legal, hand-off and write-off', () => {
  const enteredPreLegal = '2026-11-10T15:00:00.000Z';
  const letter = '2026-11-10T16:30:00.000Z';
  const preLegal = record('pre-legal', { since: enteredPreLegal, preLegalLetterAt: letter, lastEvaluatedAt: '2026-11-17T15:00:00.000Z' });

  it('waits the grace period after the letter, then looks again at its end (09:00 local)', () => {
    const now = at('2026-11-17T15:00:00Z');
    const decision = evaluateEscalation(input({ now, invoices: [invoice('F-1', 100, 8_000_000, now)], record: preLegal }));
    expect(decision).toMatchObject({ outcome: 'staged', stage: 'pre-legal', changed: false, actions: {}, nextEvaluationAt: '2026-11-20T15:00:00.000Z' });
  });

  it('asks for the letter again when it has not gone out', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 100)], record: record('pre-legal', { since: enteredPreLegal }) }));
    expect(decision.actions).toEqual({ sendPreLegalLetter: true });
    expect(decision.reasons).toContain('the pre-legal letter has not gone out yet → send it');
  });

  it('reaches pre-legal then hands off to an agency, or to legal above the bigger amount', () => {
    const agency = evaluateEscalation(input({ invoices: [invoice('F-1', 112, 8_000_000)], record: preLegal, contactAttemptsWithoutReply: 4 }));
    expect(agency).toMatchObject({ outcome: 'staged', stage: 'hand-off', previousStage: 'pre-legal', changed: true, actions: { prepareHandOff: { to: 'agency' } } });
    expect(agency.reasons[1]).toBe(
      'pre-legal grace period over (2026-11-20T15:00:00.000Z): balance MXN 80000.00 ≥ MXN 50000.00 and score 0.32 ≤ 0.50 → hand-off to agency',
    );
    expect(agency.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
    const legal = evaluateEscalation(input({ invoices: [invoice('F-1', 112, 60_000_000)], record: preLegal, contactAttemptsWithoutReply: 4 }));
    expect(legal.actions.prepareHandOff).toEqual({ to: 'legal' });
  });

  it('writes off a small balance once old enough, and waits for that day before', () => {
    const small = evaluateEscalation(input({ invoices: [invoice('F-1', 125, 50_000)], record: preLegal }));
    expect(small).toMatchObject({ stage: 'write-off', changed: true, actions: { writeOff: true } });
    expect(small.nextEvaluationAt).toBeUndefined();
    const young = evaluateEscalation(input({ invoices: [invoice('F-1', 112, 50_000)], record: preLegal }));
    expect(young).toMatchObject({ stage: 'pre-legal', changed: false, actions: {} });
    // 120 days past due: 8 days from now, but the weekly review comes first.
    expect(young.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
    const almost = evaluateEscalation(input({ invoices: [invoice('F-1', 117, 50_000)], record: preLegal }));
    expect(almost.nextEvaluationAt).toBe('2026-12-04T15:00:00.000Z');
  });

  it('asks a person when no rule decides (once), and keeps the account likely to pay', () => {
    const middle = evaluateEscalation(input({ invoices: [invoice('F-1', 112, 2_000_000)], record: preLegal }));
    expect(middle).toMatchObject({ stage: 'pre-legal', changed: false });
    expect(middle.actions.createTask).toMatchObject({ type: 'hand-off-review', deadlineHours: 120 });
    const later = evaluateEscalation(input({ invoices: [invoice('F-1', 112, 2_000_000)], record: { ...preLegal, lastEvaluatedAt: '2026-11-20T15:00:00.000Z' } }));
    expect(later.actions).toEqual({});
    const likely = evaluateEscalation(
      input({ invoices: [invoice('F-1', 112, 8_000_000)], record: preLegal, promises: [promise('p-0', '2026-10-01', { status: 'kept' }), promise('p-9', '2026-10-15', { status: 'kept' })] }),
    );
    expect(likely.stage).toBe('pre-legal');
    expect(likely.reasons[1]).toContain('(likely to pay by itself)');
  });

  it('stays handed off until a recall; a recalled case with a low score is written off', () => {
    const handedOff = record('hand-off', { handOff: { at: '2026-11-20T15:00:00.000Z', to: 'agency', packageKey: 'hand-off/A-1.zip' } });
    const waiting = evaluateEscalation(input({ invoices: [invoice('F-1', 130, 8_000_000)], record: handedOff }));
    expect(waiting).toMatchObject({ stage: 'hand-off', changed: false, actions: {} });
    expect(waiting.reasons[0]).toBe('handed off to agency on 2026-11-20T15:00:00.000Z; waiting for the outcome or a recall');
    const recalled = { ...handedOff, handOff: { ...handedOff.handOff!, recalledAt: '2026-11-30T15:00:00.000Z' } };
    const low = evaluateEscalation(input({ invoices: [invoice('F-1', 300, 8_000_000)], record: recalled, promises: [promise('p-1', '2026-10-01', { status: 'broken' })], contactAttemptsWithoutReply: 8 }));
    expect(low).toMatchObject({ stage: 'write-off', actions: { writeOff: true } });
    const high = evaluateEscalation(input({ invoices: [invoice('F-1', 130, 8_000_000)], record: recalled }));
    expect(high).toMatchObject({ stage: 'hand-off', actions: { createTask: { type: 'hand-off-review' } } });
    // The review task goes out once: not again once the account was evaluated after the recall.
    const seen = evaluateEscalation(input({ invoices: [invoice('F-1', 130, 8_000_000)], record: { ...recalled, lastEvaluatedAt: '2026-11-30T15:00:01.000Z' } }));
    expect(seen).toMatchObject({ stage: 'hand-off', changed: false, actions: {} });
  });

  it('a written-off account stays written off until it is settled', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 200, 50_000)], record: record('write-off', { writtenOffAt: '2026-11-01T15:00:00.000Z' }) }));
    expect(decision).toMatchObject({ stage: 'write-off', changed: false, actions: {} });
    expect(decision.nextEvaluationAt).toBeUndefined();
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', 200, 0)], record: record('write-off') })).stage).toBe('closed');
  });
});

describe('evaluateEscalation: silence', () => {
  it('alerts after 3 messages without a reply, once per stage', () => {
    const since = '2026-11-20T15:00:00.000Z';
    const base = input({ invoices: [invoice('F-1', 40)], record: record('mid', { since }), contactAttemptsWithoutReply: 3 });
    const first = evaluateEscalation(base);
    expect(first.actions.alerts).toEqual([{ kind: 'silence', message: 'Comercial Norte SA (A-1): 3 messages without a reply (alert from 3); stage mid' }]);
    expect(evaluateEscalation({ ...base, silenceAlertedAt: '2026-11-25T15:00:00.000Z' }).actions.alerts).toBeUndefined();
    // A new stage alerts again.
    const advanced = evaluateEscalation({ ...base, invoices: [invoice('F-1', 61)], silenceAlertedAt: '2026-11-25T15:00:00.000Z' });
    expect(advanced.actions.alerts?.map((a) => a.kind)).toEqual(['silence']);
    expect(evaluateEscalation({ ...base, contactAttemptsWithoutReply: 2 }).actions.alerts).toBeUndefined();
  });

  it('does not alert before the account is late', () => {
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', -2)], contactAttemptsWithoutReply: 5 })).actions.alerts).toBeUndefined();
  });
});

describe('evaluateEscalation: next evaluation', () => {
  it('is the day the oldest invoice reaches the next stage, at 09:00 in the debtor’s zone', () => {
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', 28)], record: record('early') })).nextEvaluationAt).toBe('2026-12-04T15:00:00.000Z');
    const bogota = { ...input().account, timezone: 'America/Bogota' };
    expect(evaluateEscalation(input({ account: bogota, invoices: [invoice('F-1', 59)], record: record('mid') })).nextEvaluationAt).toBe('2026-12-03T14:00:00.000Z');
  });

  it('is capped by reviewEveryDays while late, not before it is due', () => {
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', 40)], record: record('mid') })).nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
    // Not yet due: only the day it turns 1 day late.
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', -20)] })).nextEvaluationAt).toBe('2026-12-22T15:00:00.000Z');
  });

  it('is tomorrow’s 09:00 when today’s has passed', () => {
    const now = at('2026-12-01T20:00:00Z');
    const decision = evaluateEscalation(input({ now, invoices: [invoice('F-1', 30, 1_000, now)], record: record('early') }));
    expect(decision.nextEvaluationAt).toBe('2026-12-02T15:00:00.000Z');
  });
});

describe('evaluateEscalation: reasons and score', () => {
  it('explains the score feature by feature', () => {
    const decision = evaluateEscalation(
      input({ invoices: [invoice('F-1', 67, 10_000_000)], record: record('mid'), promises: [promise('p-0', '2026-10-01', { status: 'broken' })], contactAttemptsWithoutReply: 2 }),
    );
    expect(decision.reasons[0]).toBe('oldest open invoice F-1 is 67 days past due → advanced');
    expect(decision.reasons.at(-1)).toBe('score 0.33: intercept +1.50, daysPastDue −0.89, brokenPromises −0.80, contactAttemptsWithoutReply −0.30, balance −0.21');
    const { intercept, ...features } = decision.score.contributions;
    const logit = Object.values(features).reduce((sum, value) => sum + value, intercept ?? 0);
    expect(decision.score.value).toBeCloseTo(1 / (1 + Math.exp(-logit)), 3);
  });

  it('mentions open agent tasks', () => {
    expect(evaluateEscalation(input({ invoices: [invoice('F-1', 40)], record: record('mid'), openTasks: 2 })).reasons).toContain('2 agent tasks open');
  });
});

describe('evaluateEscalation: the pre-legal stage is earned by the collection history', () => {
  // NOW is Tuesday 1 Dec 2026, 09:00 in Mexico City; the default ladder: 3 delivered messages, 21 days since the first.
  const fresh = { delivered: 0 };

  it('an old debt loaded fresh is never sent a letter first: advanced until the ladder is walked', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 120, 8_000_000)], collectionHistory: fresh }));
    expect(decision.stage).toBe('advanced');
    expect(decision.actions.sendPreLegalLetter).toBeUndefined();
    expect(decision.reasons).toContain('pre-legal not yet earned: 0 collection messages delivered (needs 3 and 21 days)');
    // Looked at again within the review period (7 days), never left waiting.
    expect(decision.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z');
  });

  it('with enough messages but too recent a first one, waits until the day the 21 days are over', () => {
    // First delivered Monday 23 Nov 2026 → letter possible from Monday 14 Dec at 09:00 local.
    const decision = evaluateEscalation(
      input({ invoices: [invoice('F-1', 120, 8_000_000)], record: record('advanced'), collectionHistory: { delivered: 3, firstDeliveredAt: '2026-11-23T15:05:00.000Z' } }),
    );
    expect(decision.stage).toBe('advanced');
    expect(decision.reasons).toContain('pre-legal not yet earned: first collection message delivered on 2026-11-23, 21 days needed before a letter (from 2026-12-14)');
    expect(decision.nextEvaluationAt).toBe('2026-12-08T15:00:00.000Z'); // the weekly review comes first
    const later = evaluateEscalation(
      input({ now: at('2026-12-10T15:00:00Z'), invoices: [invoice('F-1', 129, 8_000_000, at('2026-12-10T15:00:00Z'))], record: record('advanced'), collectionHistory: { delivered: 3, firstDeliveredAt: '2026-11-23T15:05:00.000Z' } }),
    );
    expect(later.nextEvaluationAt).toBe('2026-12-14T15:00:00.000Z');
  });

  it('sends the letter once the ladder is walked: 3 messages delivered, the first 21 days ago', () => {
    const decision = evaluateEscalation(
      input({ invoices: [invoice('F-1', 120, 8_000_000)], record: record('advanced'), collectionHistory: { delivered: 3, firstDeliveredAt: '2026-11-10T15:05:00.000Z' } }),
    );
    expect(decision).toMatchObject({ stage: 'pre-legal', changed: true, actions: { sendPreLegalLetter: true } });
  });

  it('two messages are not enough, however old the debt', () => {
    const decision = evaluateEscalation(
      input({ invoices: [invoice('F-1', 400, 8_000_000)], record: record('advanced'), collectionHistory: { delivered: 2, firstDeliveredAt: '2026-06-01T15:00:00.000Z' } }),
    );
    expect(decision.stage).toBe('advanced');
    expect(decision.reasons).toContain('pre-legal not yet earned: 2 collection messages delivered since 2026-06-01 (needs 3 and 21 days)');
  });

  it('a record already in pre-legal without its letter still waits for the ladder', () => {
    const decision = evaluateEscalation(input({ invoices: [invoice('F-1', 120, 8_000_000)], record: record('pre-legal'), collectionHistory: fresh }));
    expect(decision.stage).toBe('pre-legal');
    expect(decision.actions.sendPreLegalLetter).toBeUndefined();
    expect(decision.reasons).toContain('the pre-legal letter waits: 0 collection messages delivered (needs 3 and 21 days)');
  });
});

describe('evaluateEscalation: invoices with suspicious dates', () => {
  it('never acts on an invoice whose dates a person must check', () => {
    const odd = { ...invoice('OLD', 0, 5_000_000), dueDate: '1900-01-01', dateWarning: 'due date 1900-01-01 is before 2000-01-01' };
    const decision = evaluateEscalation(input({ invoices: [odd], record: record('current') }));
    expect(decision.outcome).toBe('paused');
    expect(decision.stage).toBe('current');
    expect(decision.actions).toEqual({});
    expect(decision.reasons[0]).toBe('paused: a person is to check the dates of OLD (no other open invoice)');
  });

  it('escalates on the sound invoices only', () => {
    const odd = { ...invoice('OLD', 0, 5_000_000), dueDate: '1900-01-01', dateWarning: 'due date 1900-01-01 is before 2000-01-01' };
    const decision = evaluateEscalation(input({ invoices: [odd, invoice('F-2', 40)], record: record('early') }));
    expect(decision.stage).toBe('mid');
    expect(decision.reasons[0]).toBe('oldest open invoice F-2 is 40 days past due → mid');
  });
});

describe('evaluateEscalation: days past due count from the business day', () => {
  it('an invoice due on a Saturday is not late on the Monday after', () => {
    // Due Saturday 28 Nov 2026; Monday 30 Nov is its business due date; on Tuesday 1 Dec it is 1 day late.
    const decision = evaluateEscalation(input({ invoices: [{ ...invoice('F-1', 0), dueDate: '2026-11-28' }] }));
    expect(decision.reasons[0]).toBe('oldest open invoice F-1 is 1 days past due → early');
  });
});
