import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbEscalationStore } from '../../../../shared/adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbTaskStore } from '../../../../shared/adapters/aws/dynamodb-task-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { Dispute, EscalationRecord, PaymentPlan, PromiseToPay } from '../../../../shared/domain/escalation/types.js';

/**
 * The escalation store on dynalite (a real DynamoDB implementation: conditions and update expressions
 * are evaluated for real): the versioned record, the per-account evaluation lease, promises, disputes
 * and plans in the account's item collection, and the portfolio summary.
 */
let dynamo: DynaliteHandle;
let store: DynamoDbEscalationStore;

const T0 = '2026-12-01T15:00:00.000Z';
const T5 = '2026-12-01T15:05:00.000Z';
const T10 = '2026-12-01T15:10:00.000Z';

const record = (accountId: string, extra: Partial<EscalationRecord> = {}): EscalationRecord => ({
  accountId,
  stage: 'early',
  since: T0,
  history: [{ at: T0, from: 'current', to: 'early', reason: 'F-1 is 10 days past due → early', score: 0.79 }],
  version: 0,
  ...extra,
});

const promise = (accountId: string, promiseId: string, extra: Partial<PromiseToPay> = {}): PromiseToPay => ({
  promiseId,
  accountId,
  date: '2026-12-15',
  source: 'cli',
  createdAt: T0,
  status: 'open',
  ...extra,
});

const dispute = (accountId: string, disputeId: string, extra: Partial<Dispute> = {}): Dispute => ({
  disputeId,
  accountId,
  invoiceNumber: 'F-1',
  reason: 'damaged',
  openedAt: T0,
  slaDueAt: '2026-12-04T15:00:00.000Z',
  status: 'open',
  ...extra,
});

const plan = (accountId: string, planId: string, status: PaymentPlan['status'] = 'active'): PaymentPlan => ({
  planId,
  accountId,
  currency: 'MXN',
  total: 3_000_000,
  installments: [
    { dueDate: '2026-12-01', amount: 900_000, status: 'paid' },
    { dueDate: '2026-12-31', amount: 2_100_000, status: 'due' },
  ],
  discountPercent: 0,
  interestWaived: false,
  createdAt: T0,
  status,
});

/** The raw ESCALATION item (to see the lease the store hides). */
async function rawItem(accountId: string) {
  const out = await documentClient(dynamo.client).send(new GetCommand({ TableName: dynamo.tableNames.Accounts, Key: { pk: `ACCOUNT#${accountId}`, sk: 'ESCALATION' } }));
  return out.Item;
}

beforeAll(async () => {
  dynamo = await startDynalite({});
  store = new DynamoDbEscalationStore(dynamo.client, dynamo.tableNames.Accounts);
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbEscalationStore: the record', () => {
  it('an account never evaluated is current since the epoch, version 0', async () => {
    expect(await store.getEscalation('NEW-1')).toEqual({ accountId: 'NEW-1', stage: 'current', since: '1970-01-01T00:00:00.000Z', history: [], version: 0 });
  });

  it('saves version 0 once, then only on the version read (optimistic concurrency), bumping it each time', async () => {
    expect(await store.saveEscalation(record('REC-1'))).toBe(true);
    const saved = await store.getEscalation('REC-1');
    expect(saved).toEqual({ ...record('REC-1'), version: 1 });
    // A second writer that also read version 0 loses.
    expect(await store.saveEscalation(record('REC-1', { stage: 'mid' }))).toBe(false);
    expect(await store.saveEscalation({ ...saved, stage: 'mid', since: T5 })).toBe(true);
    // The first writer's stale copy cannot overwrite the newer record.
    expect(await store.saveEscalation({ ...saved, stage: 'closed' })).toBe(false);
    expect(await store.getEscalation('REC-1')).toMatchObject({ stage: 'mid', since: T5, version: 2 });
  });

  it('drops undefined fields (DynamoDB refuses them) and clears an optional field saved as undefined', async () => {
    expect(await store.saveEscalation(record('REC-2', { nextEvaluationAt: '2026-12-08T15:00:00.000Z', cadence: { tone: 'firm', channels: ['email', 'sms'] } }))).toBe(true);
    const saved = await store.getEscalation('REC-2');
    expect(saved).toMatchObject({ nextEvaluationAt: '2026-12-08T15:00:00.000Z', cadence: { tone: 'firm', channels: ['email', 'sms'] } });
    expect(await store.saveEscalation({ ...saved, nextEvaluationAt: undefined, handOff: undefined })).toBe(true);
    const cleared = await store.getEscalation('REC-2');
    expect(cleared).not.toHaveProperty('nextEvaluationAt');
    expect(cleared).not.toHaveProperty('handOff');
    expect(cleared.cadence).toEqual({ tone: 'firm', channels: ['email', 'sms'] });
  });
});

describe('DynamoDbEscalationStore: the evaluation lease', () => {
  it('one evaluation holds an account at a time; another gets it only once the lease ran out', async () => {
    expect(await store.acquireLease('LEASE-1', 'eval-a', T0, T5)).toBe(true);
    expect(await store.acquireLease('LEASE-1', 'eval-b', T0, T5)).toBe(false);
    expect(await store.acquireLease('LEASE-1', 'eval-b', '2026-12-01T15:04:59.999Z', T10)).toBe(false);
    // Re-entrant: a retried step of the same evaluation.
    expect(await store.acquireLease('LEASE-1', 'eval-a', T0, T5)).toBe(true);
    // Expired (a crashed evaluation): the next one takes over.
    expect(await store.acquireLease('LEASE-1', 'eval-b', '2026-12-01T15:05:00.001Z', T10)).toBe(true);
    expect(await store.acquireLease('LEASE-1', 'eval-a', '2026-12-01T15:06:00.000Z', T10)).toBe(false);
  });

  it('the first lease creates a current stub (version 0) that the first save may replace; the lease never shows in the record', async () => {
    expect(await store.acquireLease('LEASE-2', 'eval-a', T0, T5)).toBe(true);
    expect(await rawItem('LEASE-2')).toMatchObject({ lease: { evaluationId: 'eval-a', until: T5 }, stage: 'current', version: 0 });
    expect(await store.getEscalation('LEASE-2')).toEqual({ accountId: 'LEASE-2', stage: 'current', since: '1970-01-01T00:00:00.000Z', history: [], version: 0 });
    expect(await store.saveEscalation(record('LEASE-2'))).toBe(true);
    expect(await store.getEscalation('LEASE-2')).toMatchObject({ stage: 'early', version: 1 });
  });

  it('a lease on an existing record keeps it as it was', async () => {
    expect(await store.saveEscalation(record('LEASE-3', { stage: 'pre-legal', preLegalLetterAt: T0 }))).toBe(true);
    expect(await store.acquireLease('LEASE-3', 'eval-a', T5, T10)).toBe(true);
    expect(await store.getEscalation('LEASE-3')).toEqual({ ...record('LEASE-3', { stage: 'pre-legal', preLegalLetterAt: T0 }), version: 1 });
  });

  it('saving the record frees the lease; releasing frees it only for its holder', async () => {
    expect(await store.acquireLease('LEASE-4', 'eval-a', T0, T10)).toBe(true);
    const current = await store.getEscalation('LEASE-4');
    expect(await store.saveEscalation({ ...current, stage: 'early', since: T0 })).toBe(true);
    expect((await rawItem('LEASE-4'))?.lease).toBeUndefined();
    expect(await store.acquireLease('LEASE-4', 'eval-b', T5, T10)).toBe(true);

    await store.releaseLease('LEASE-4', 'eval-other'); // not the holder: nothing happens, no error
    expect((await rawItem('LEASE-4'))?.lease).toEqual({ evaluationId: 'eval-b', until: T10 });
    expect(await store.acquireLease('LEASE-4', 'eval-c', T5, T10)).toBe(false);
    await store.releaseLease('LEASE-4', 'eval-b');
    expect(await store.acquireLease('LEASE-4', 'eval-c', T5, T10)).toBe(true);
    await store.releaseLease('LEASE-4', 'eval-c');
    await store.releaseLease('LEASE-4', 'eval-c'); // twice: fine
    await store.releaseLease('NO-RECORD', 'eval-x'); // no item at all: fine
  });

  it('of many evaluations racing for one account, exactly one gets the lease', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `race-${i}`);
    const won = await Promise.all(ids.map((id) => store.acquireLease('LEASE-5', id, T0, T5)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await rawItem('LEASE-5'))?.lease?.evaluationId).toBe(ids[won.indexOf(true)]);
  });
});

describe('DynamoDbEscalationStore: promises, disputes, plans', () => {
  it('keeps each in the account collection, replaced by id, never mixing accounts or kinds', async () => {
    await store.putPromise(promise('COL-1', 'p-1'));
    await store.putPromise(promise('COL-1', 'p-2', { amount: 500_000, currency: 'MXN', note: undefined }));
    await store.putPromise({ ...promise('COL-1', 'p-1'), status: 'kept', closedAt: T5 });
    await store.putPromise(promise('COL-2', 'p-9'));
    await store.putDispute(dispute('COL-1', 'd-1'));
    await store.putPlan(plan('COL-1', 'plan-1'));
    await store.saveEscalation(record('COL-1'));

    const promises = (await store.listPromises('COL-1')).sort((a, b) => (a.promiseId < b.promiseId ? -1 : 1));
    expect(promises).toEqual([
      { ...promise('COL-1', 'p-1'), status: 'kept', closedAt: T5 },
      { ...promise('COL-1', 'p-2'), amount: 500_000, currency: 'MXN' },
    ]);
    expect(promises[1]).not.toHaveProperty('note');
    expect(await store.listDisputes('COL-1')).toEqual([dispute('COL-1', 'd-1')]);
    expect(await store.listPlans('COL-1')).toEqual([plan('COL-1', 'plan-1')]);
    expect(await store.listPromises('COL-2')).toEqual([promise('COL-2', 'p-9')]);
    expect(await store.listDisputes('COL-2')).toEqual([]);
    expect(await store.listPlans('NOBODY')).toEqual([]);
  });

  it('a resolved dispute replaces the open one', async () => {
    await store.putDispute(dispute('COL-3', 'd-3'));
    await store.putDispute({ ...dispute('COL-3', 'd-3'), status: 'resolved', resolution: 'credit-note', resolvedAt: T10, slaAlertedAt: T5 });
    expect(await store.listDisputes('COL-3')).toEqual([{ ...dispute('COL-3', 'd-3'), status: 'resolved', resolution: 'credit-note', resolvedAt: T10, slaAlertedAt: T5 }]);
  });

  it('lists every item of a large collection (paged queries)', async () => {
    const many = Array.from({ length: 120 }, (_, i) => promise('BIG-1', `p-${String(i).padStart(3, '0')}`, { note: 'x'.repeat(9_000) }));
    for (const p of many) await store.putPromise(p);
    expect((await store.listPromises('BIG-1')).map((p) => p.promiseId).sort()).toEqual(many.map((p) => p.promiseId));
  });
});

describe('DynamoDbEscalationStore: the portfolio summary', () => {
  it('counts stages, promises, disputes and plans across accounts, and nothing else in the table', async () => {
    const d = await startDynalite({});
    try {
      const s = new DynamoDbEscalationStore(d.client, d.tableNames.Accounts);
      const tasks = new DynamoDbTaskStore(d.client, d.tableNames.Accounts);
      await s.saveEscalation(record('SUM-1', { stage: 'early' }));
      await s.saveEscalation(record('SUM-2', { stage: 'early' }));
      await s.saveEscalation(record('SUM-3', { stage: 'hand-off' }));
      await s.acquireLease('SUM-4', 'eval', T0, T5); // a stub: current
      await s.putPromise(promise('SUM-1', 'p-1'));
      await s.putPromise(promise('SUM-1', 'p-2', { status: 'kept' }));
      await s.putPromise(promise('SUM-2', 'p-3', { status: 'broken' }));
      await s.putPromise(promise('SUM-2', 'p-4', { status: 'broken' }));
      await s.putDispute(dispute('SUM-3', 'd-1'));
      await s.putDispute(dispute('SUM-3', 'd-2', { status: 'resolved' }));
      await s.putPlan(plan('SUM-1', 'plan-1'));
      await s.putPlan(plan('SUM-2', 'plan-2', 'broken'));
      // An open task has a `status` too: it must not be counted as anything.
      await tasks.createTask({ taskId: 't-1', accountId: 'SUM-1', type: 'personal-contact', status: 'open', createdAt: T0, deadline: T10, text: 'call' });

      expect(await s.escalationSummary()).toEqual({
        stages: { early: 2, 'hand-off': 1, current: 1 },
        promises: { open: 1, kept: 1, broken: 2 },
        disputes: { open: 1, resolved: 1 },
        plans: { active: 1, completed: 0, broken: 1 },
      });
    } finally {
      await d.close();
    }
  });
});
