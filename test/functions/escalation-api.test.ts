import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEscalationApiHandler } from '../../functions/escalation-api/app.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import type { AgentTask } from '../../shared/ports.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, context, debtor, escalationApiEvent, escalationHarness, ESCALATION_AWS, fixedClock, observability, openInvoice, queued, reminderScheduler, SCHEDULER, type EscalationHarness } from './harness.js';

/**
 * escalation-api, the collectors' API behind IAM auth: the worklist by expected recovered value, task
 * claim / complete / notes, promises, disputes, plans and the account view. DynamoDB is dynalite; the
 * escalation queue (each request's evaluation) is a mocked SQS queue whose messages are checked.
 */
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
let h: EscalationHarness;

const NOW = '2026-12-01T15:00:00.000Z';
const ANA = 'arn:aws:iam::123456789012:user/ana.collector';
const LUIS = 'arn:aws:sts::123456789012:assumed-role/collectors/luis';

function api(now = NOW) {
  const clock = fixedClock(now);
  return createEscalationApiHandler({
    store: h.store,
    log: h.log,
    escalation: h.escalation,
    tasks: h.tasks,
    evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    scheduler: reminderScheduler(clock),
    observability,
  });
}

type Options = Parameters<typeof escalationApiEvent>[1];

async function call(routeKey: string, options: Options = {}): Promise<{ status: number; body: Record<string, unknown> & { error?: string } }> {
  const result = (await api()(escalationApiEvent(routeKey, options), context)) as APIGatewayProxyStructuredResultV2;
  expect(result.headers).toEqual({ 'content-type': 'application/json' });
  return { status: result.statusCode!, body: JSON.parse(String(result.body)) };
}

const evaluations = () => queued<EvaluationRequest>(sqs, ESCALATION_AWS.escalationQueueUrl);

function task(taskId: string, accountId: string, deadline: string, extra: Partial<AgentTask> = {}): AgentTask {
  return { taskId, accountId, type: 'personal-contact', status: 'open', createdAt: '2026-11-30T15:00:00.000Z', deadline, text: `call ${accountId}`, ...extra };
}

async function logOf(accountId: string, type: string) {
  return (await h.log.listForAccount(accountId)).filter((line) => line.type === type);
}

beforeAll(async () => {
  h = await escalationHarness();
  // Four accounts with open tasks: balances, last scores and deadlines chosen so that the worklist's
  // order (balance × recovery probability × urgency) differs from balance order and deadline order.
  await h.store.putAccounts(['WL-1', 'WL-2', 'WL-3', 'WL-4', 'API-1'].map((id) => debtor(id, { name: `Cliente ${id}` })));
  await h.store.putInvoices([
    openInvoice('WL-1', 'A-1', { balance: 1_000_000, amount: 1_000_000 }),
    openInvoice('WL-2', 'B-1', { balance: 2_000_000, amount: 2_000_000 }),
    openInvoice('WL-2', 'B-2', { balance: 1_000_000, amount: 1_000_000 }),
    openInvoice('WL-2', 'B-3', { balance: 0, amount: 700_000, status: 'paid' }),
    openInvoice('WL-3', 'C-1', { balance: 2_000_000, amount: 2_000_000 }),
    openInvoice('WL-4', 'D-1', { balance: 500_000, amount: 500_000 }),
    openInvoice('API-1', 'F-1', { balance: 3_500_000, amount: 3_500_000, dueDate: '2026-10-20' }),
    openInvoice('API-1', 'F-2', { balance: 1_500_000, amount: 1_500_000, dueDate: '2026-11-20' }),
  ]);
  const scored = (accountId: string, score: number, stage: 'early' | 'mid' | 'advanced') =>
    h.escalation.saveEscalation({ accountId, stage, since: '2026-11-20T15:00:00.000Z', history: [{ at: '2026-11-20T15:00:00.000Z', from: 'current', to: stage, reason: 'late', score }], version: 0 });
  await scored('WL-1', 0.8, 'early');
  await scored('WL-2', 0.2, 'advanced');
  await scored('WL-4', 0.9, 'early');
  await h.tasks.createTask(task('t-wl1', 'WL-1', '2026-12-04T15:00:00.000Z')); // 1 000 000 × 0.8 × 1
  await h.tasks.createTask(task('t-wl2', 'WL-2', '2026-11-30T15:00:00.000Z', { type: 'manager-review' })); // 3 000 000 × 0.2 × 2 (late)
  await h.tasks.createTask(task('t-wl3', 'WL-3', '2026-12-02T03:00:00.000Z', { type: 'call-back' })); // 2 000 000 × 0.5 × 1.5 (within a day)
  await h.tasks.createTask(task('t-wl4', 'WL-4', '2026-12-03T15:00:00.000Z')); // 500 000 × 0.9 × 1
  await h.tasks.createTask(task('t-done', 'WL-2', '2026-11-29T15:00:00.000Z', { status: 'done', outcome: 'paid' }));
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.reset();
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/x/y' });
});

describe('escalation-api: the worklist', () => {
  it('GET /tasks lists open tasks by expected recovered value (balance × recovery probability × urgency)', async () => {
    const { status, body } = await call('GET /tasks');
    expect(status).toBe(200);
    const items = body.tasks as { task: AgentTask; balance: Record<string, number>; stage: string; recoveryProbability: number; urgency: number; expectedValue: number }[];
    // Balances count in units of the policy's MXN balance reference (10 000 000 minor units).
    expect(items.map((i) => [i.task.taskId, i.expectedValue])).toEqual([
      ['t-wl3', 0.15],
      ['t-wl2', 0.12],
      ['t-wl1', 0.08],
      ['t-wl4', 0.045],
    ]);
    expect(items[0]).toMatchObject({ balance: { MXN: 2_000_000 }, stage: 'current', recoveryProbability: 0.5, urgency: 1.5 });
    expect(items[1]).toMatchObject({ balance: { MXN: 3_000_000 }, stage: 'advanced', recoveryProbability: 0.2, urgency: 2 });
    expect(items[1]!.task).toMatchObject({ type: 'manager-review', accountId: 'WL-2' });
  });
});

describe('escalation-api: tasks', () => {
  it('claim records the IAM principal as the owner; another collector cannot take it (409)', async () => {
    const claimed = await call('POST /tasks/{taskId}/claim', { pathParameters: { taskId: 't-wl1' }, userArn: ANA });
    expect(claimed).toEqual({ status: 200, body: expect.objectContaining({ taskId: 't-wl1', owner: `api:${ANA}`, status: 'open' }) });
    const again = await call('POST /tasks/{taskId}/claim', { pathParameters: { taskId: 't-wl1' }, userArn: ANA });
    expect(again.status).toBe(200);
    const taken = await call('POST /tasks/{taskId}/claim', { pathParameters: { taskId: 't-wl1' }, userArn: LUIS });
    expect(taken).toEqual({ status: 409, body: { error: `task t-wl1 is already claimed by api:${ANA}` } });
    expect((await logOf('WL-1', 'task.claimed')).map((l) => l.detail)).toEqual([`personal-contact claimed by api:${ANA}`]);
  });

  it('notes carry who wrote them', async () => {
    const noted = await call('POST /tasks/{taskId}/notes', { pathParameters: { taskId: 't-wl1' }, body: { text: 'no contesta; buzón lleno' }, userArn: LUIS });
    expect(noted.status).toBe(200);
    expect(noted.body.notes).toEqual([{ at: NOW, by: `api:${LUIS}`, text: 'no contesta; buzón lleno' }]);
    expect((await h.tasks.getTask('WL-1', 't-wl1'))?.notes).toHaveLength(1);
  });

  it('complete with an outcome: done, by whom, logged, and an evaluation of the account is queued (once)', async () => {
    const done = await call('POST /tasks/{taskId}/complete', { pathParameters: { taskId: 't-wl4' }, body: { outcome: 'agreed to pay on Friday' }, userArn: LUIS });
    expect(done).toEqual({ status: 200, body: expect.objectContaining({ taskId: 't-wl4', status: 'done', owner: `api:${LUIS}`, outcome: 'agreed to pay on Friday', completedAt: NOW }) });
    expect(evaluations()).toEqual([{ accountId: 'WL-4', evaluationId: 'WL-4-task-t-wl4', trigger: { kind: 'task', at: NOW } }]);
    expect((await logOf('WL-4', 'task.completed')).map((l) => l.detail)).toEqual([`personal-contact done by api:${LUIS}: agreed to pay on Friday`]);
    expect((await call('GET /tasks')).body.tasks).not.toContainEqual(expect.objectContaining({ task: expect.objectContaining({ taskId: 't-wl4' }) }));

    sqs.resetHistory();
    const twice = await call('POST /tasks/{taskId}/complete', { pathParameters: { taskId: 't-wl4' }, body: { outcome: 'again' }, userArn: ANA });
    expect(twice.body).toMatchObject({ status: 'done', outcome: 'agreed to pay on Friday', owner: `api:${LUIS}` });
    expect(evaluations()).toEqual([]);
  });

  it('a note needs words', async () => {
    expect(await call('POST /tasks/{taskId}/notes', { pathParameters: { taskId: 't-wl2' }, body: { text: '   ' } })).toEqual({ status: 409, body: { error: 'a note needs some text' } });
    expect((await h.tasks.getTask('WL-2', 't-wl2'))?.notes).toBeUndefined();
  });

  it('an unknown task is a 404 on every task route', async () => {
    for (const [route, body] of [
      ['POST /tasks/{taskId}/claim', undefined],
      ['POST /tasks/{taskId}/complete', { outcome: 'done' }],
      ['POST /tasks/{taskId}/notes', { text: 'hola' }],
    ] as const) {
      expect(await call(route, { pathParameters: { taskId: 't-nope' }, ...(body ? { body } : {}) })).toEqual({ status: 404, body: { error: 'no task t-nope' } });
    }
    // A done task cannot be claimed.
    expect(await call('POST /tasks/{taskId}/claim', { pathParameters: { taskId: 't-done' } })).toEqual({ status: 409, body: { error: 'task t-done is already done' } });
    expect(evaluations()).toEqual([]);
  });
});

describe('escalation-api: promises, disputes, plans, the account', () => {
  it('POST promises: 201, recorded as the agent with the caller, and an evaluation queued', async () => {
    const created = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-10', amount: 1_000_000, currency: 'MXN' }, userArn: ANA });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accountId: 'API-1', date: '2026-12-10', amount: 1_000_000, currency: 'MXN', source: 'agent', status: 'open', createdAt: NOW, note: `api:${ANA}`, recordedBy: `api:${ANA}` });
    const promiseId = String(created.body.promiseId);
    expect(evaluations()).toEqual([{ accountId: 'API-1', evaluationId: `API-1-promise-${promiseId}`, trigger: { kind: 'promise', at: NOW } }]);
    expect((await logOf('API-1', 'promise.recorded')).map((l) => l.detail)).toEqual(['promise to pay on 2026-12-10 (MXN 10000.00) by agent']);
  });

  it('a new promise replaces the open one (superseded: neither kept nor broken); an amount takes the currency owed', async () => {
    const first = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-20' }, userArn: ANA });
    const second = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-18', amount: 500_000 }, userArn: ANA });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ date: '2026-12-18', amount: 500_000, currency: 'MXN', status: 'open' });
    const stored = await h.escalation.listPromises('API-1');
    expect(stored.find((p) => p.promiseId === first.body.promiseId)).toMatchObject({ status: 'superseded', closedAt: NOW });
    expect(stored.filter((p) => p.status === 'open').map((p) => p.promiseId)).toEqual([second.body.promiseId]);
    expect((await logOf('API-1', 'promise.recorded')).find((l) => l.data?.promiseId === second.body.promiseId)?.detail).toContain('replaces the promise of 2026-12-20');
    // A currency the account owes nothing in is refused, naming the field.
    const wrong = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-18', amount: 500_000, currency: 'USD' }, userArn: ANA });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ field: 'currency' });
  });

  it('a promise with the collector\'s own note still says who recorded it', async () => {
    const created = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-12', note: 'dice que el viernes' }, userArn: LUIS });
    expect(created.status).toBe(201);
    expect(created.body.note).toBe(`api:${LUIS}: dice que el viernes`);
    // A note at the limit loses its end, never the caller.
    const long = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-14', note: 'x'.repeat(500) }, userArn: LUIS });
    expect(String(long.body.note).startsWith(`api:${LUIS}: xxx`)).toBe(true);
    expect(String(long.body.note)).toHaveLength(500);
  });

  it('a promise dated before today (in the debtor\'s zone) is refused: it could only be "broken" at once', async () => {
    const refused = await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-11-30' }, userArn: ANA });
    expect(refused).toEqual({ status: 422, body: { error: 'promise date 2026-11-30 is before today (2026-12-01 in America/Mexico_City)', field: 'date' } });
    expect(evaluations()).toEqual([]);
    // Today is fine: pays today.
    expect((await call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date: '2026-12-01' }, userArn: ANA })).status).toBe(201);
  });

  it('a promise must name a real day within promises.maxDaysAhead (45): 9999-12-31 and 2027-02-31 are a 422 on date', async () => {
    const promise = (date: string) => call('POST /accounts/{accountId}/promises', { pathParameters: { accountId: 'API-1' }, body: { date }, userArn: ANA });
    const before = await h.escalation.listPromises('API-1');
    // 1 December + 45 days = 15 January (30 days to the end of December, then 15).
    expect(await promise('9999-12-31')).toEqual({
      status: 422,
      body: {
        error: 'promise date 9999-12-31 is after the last day a promise may name: from 2026-12-01 to 2027-01-15 (45 days ahead, policy promises.maxDaysAhead, in America/Mexico_City)',
        field: 'date',
      },
    });
    expect((await promise('2027-01-16')).status).toBe(422);
    expect(await promise('2027-02-31')).toEqual({ status: 422, body: { error: 'promise date 2027-02-31 is not a day of the calendar', field: 'date' } });
    expect(await h.escalation.listPromises('API-1')).toEqual(before);
    expect(evaluations()).toEqual([]);
    // The window's last day is a promise like any other.
    expect(await promise('2027-01-15')).toMatchObject({ status: 201, body: { date: '2027-01-15', status: 'open' } });
  });

  it('POST disputes and resolve: 201 / 200, the caller in the log, an evaluation each; unknown invoice or dispute is a 404', async () => {
    const opened = await call('POST /invoices/{accountId}/{invoiceNumber}/disputes', { pathParameters: { accountId: 'API-1', invoiceNumber: 'F-2' }, body: { reason: 'price-difference', note: 'precio pactado 10% menor' }, userArn: ANA });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ invoiceNumber: 'F-2', reason: 'price-difference', status: 'open', openedAt: NOW, slaDueAt: '2026-12-04T15:00:00.000Z' });
    const disputeId = String(opened.body.disputeId);
    expect((await logOf('API-1', 'dispute.opened'))[0]).toMatchObject({ invoiceNumber: 'F-2', detail: expect.stringContaining(`(by api:${ANA})`) });
    // The same invoice again: the open dispute, not a second one.
    const same = await call('POST /invoices/{accountId}/{invoiceNumber}/disputes', { pathParameters: { accountId: 'API-1', invoiceNumber: 'F-2' }, body: { reason: 'other' } });
    expect(same.body.disputeId).toBe(disputeId);

    const resolved = await call('POST /disputes/{accountId}/{disputeId}/resolve', { pathParameters: { accountId: 'API-1', disputeId }, body: { resolution: 'corrected-amount' }, userArn: LUIS });
    expect(resolved).toEqual({ status: 200, body: expect.objectContaining({ disputeId, status: 'resolved', resolution: 'corrected-amount', resolvedAt: NOW }) });
    expect((await logOf('API-1', 'dispute.resolved'))[0]!.detail).toBe(`corrected-amount (by api:${LUIS})`);
    expect(evaluations().map((e) => e.evaluationId)).toEqual([`API-1-dispute-${disputeId}`, `API-1-dispute-${disputeId}-resolved`]);

    expect(await call('POST /invoices/{accountId}/{invoiceNumber}/disputes', { pathParameters: { accountId: 'API-1', invoiceNumber: 'F-404' }, body: { reason: 'damaged' } })).toEqual({
      status: 404,
      body: { error: 'no invoice F-404 of account API-1' },
    });
    expect(await call('POST /disputes/{accountId}/{disputeId}/resolve', { pathParameters: { accountId: 'API-1', disputeId: 'd-nope' }, body: { resolution: 'rejected' } })).toEqual({
      status: 404,
      body: { error: 'no dispute d-nope on account API-1' },
    });
  });

  it('POST plans: 201 with the down payment and installments; an account that owes nothing is a 409', async () => {
    const created = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'API-1' }, body: { downPaymentPercent: 40, installments: 2 }, userArn: ANA });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accountId: 'API-1', currency: 'MXN', total: 5_000_000, status: 'active', invoiceNumbers: ['F-1', 'F-2'] });
    const installments = created.body.installments as { dueDate: string; amount: number }[];
    expect(installments.map((i) => i.amount)).toEqual([2_000_000, 1_500_000, 1_500_000]);
    expect(installments.reduce((sum, i) => sum + i.amount, 0)).toBe(5_000_000);
    expect((await logOf('API-1', 'plan.created'))[0]!.detail).toContain(`(by api:${ANA})`);
    expect(evaluations()).toEqual([expect.objectContaining({ accountId: 'API-1', trigger: { kind: 'plan', at: NOW } })]);
    // Each installment's own reminders: one-time schedules in the reminders' group onto the dispatch queue
    // (down payment due today: soon; 31 Dec: 3 days before and on the day; 30 Jan is a Saturday: 3 days before only).
    const schedules = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(schedules.map((i) => [i.GroupName, i.Target!.Arn, i.ScheduleExpression, i.ScheduleExpressionTimezone])).toEqual([
      [SCHEDULER.groupName, SCHEDULER.targetArn, 'at(2026-12-01T09:05:00)', 'America/Mexico_City'],
      [SCHEDULER.groupName, SCHEDULER.targetArn, 'at(2026-12-28T09:00:00)', 'America/Mexico_City'],
      [SCHEDULER.groupName, SCHEDULER.targetArn, 'at(2026-12-31T09:00:00)', 'America/Mexico_City'],
      [SCHEDULER.groupName, SCHEDULER.targetArn, 'at(2027-01-27T09:00:00)', 'America/Mexico_City'],
    ]);
    const planId = created.body.planId as string;
    expect(schedules.map((i) => JSON.parse(i.Target!.Input!))).toEqual([
      expect.objectContaining({ kind: 'installment', accountId: 'API-1', planId, index: 0, dueDate: '2026-12-01', scheduledFor: '2026-12-01T15:05:00.000Z' }),
      expect.objectContaining({ kind: 'installment', planId, index: 1, dueDate: '2026-12-31' }),
      expect.objectContaining({ kind: 'installment', planId, index: 1, dueDate: '2026-12-31' }),
      expect.objectContaining({ kind: 'installment', planId, index: 2, dueDate: '2027-01-30' }),
    ]);
    expect(await logOf('API-1', 'installment.scheduled')).toHaveLength(4);

    await h.store.putAccounts([debtor('PAID-9')]);
    await h.store.putInvoices([openInvoice('PAID-9', 'Z-1', { balance: 0, status: 'paid' })]);
    expect(await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'PAID-9' }, body: {} })).toEqual({ status: 409, body: { error: 'account PAID-9 owes nothing: no plan needed' } });
  });

  it('GET /accounts/{accountId}: stage, invoices, promises, disputes, plans, open tasks and the history', async () => {
    const { status, body } = await call('GET /accounts/{accountId}', { pathParameters: { accountId: 'WL-2' } });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['account', 'disputes', 'history', 'invoices', 'nextEvaluationAt', 'openTasks', 'plans', 'promises', 'since', 'stage', 'stages'].sort());
    expect(body).toMatchObject({ stage: 'advanced', nextEvaluationAt: null, account: { accountId: 'WL-2', name: 'Cliente WL-2' } });
    expect(body.account).not.toHaveProperty('contentHash');
    expect((body.invoices as { invoiceNumber: string }[]).map((i) => i.invoiceNumber).sort()).toEqual(['B-1', 'B-2', 'B-3']);
    expect(body.invoices).not.toContainEqual(expect.objectContaining({ contentHash: expect.anything() }));
    expect((body.openTasks as AgentTask[]).map((t) => t.taskId)).toEqual(['t-wl2']);
    expect(await call('GET /accounts/{accountId}', { pathParameters: { accountId: 'NOPE' } })).toEqual({ status: 404, body: { error: 'no account NOPE' } });
  });
});

describe('escalation-api: bad requests', () => {
  it('a body that breaks the route\'s schema is a 422 naming the field; nothing is stored or queued', async () => {
    const cases: [string, Record<string, string>, unknown, RegExp][] = [
      ['POST /tasks/{taskId}/complete', { taskId: 't-wl2' }, {}, /^outcome: /],
      ['POST /tasks/{taskId}/complete', { taskId: 't-wl2' }, { outcome: '' }, /^outcome: /],
      ['POST /tasks/{taskId}/notes', { taskId: 't-wl2' }, { text: 'x', by: 'someone else' }, /by|Unrecognized/i],
      ['POST /accounts/{accountId}/promises', { accountId: 'API-1' }, { date: '15/12/2026' }, /^date: expected a date YYYY-MM-DD/],
      ['POST /accounts/{accountId}/promises', { accountId: 'API-1' }, { date: '2026-12-15', amount: -5 }, /^amount: /],
      ['POST /accounts/{accountId}/promises', { accountId: 'API-1' }, { date: '2026-12-15', amount: 12.5 }, /^amount: /],
      ['POST /accounts/{accountId}/promises', { accountId: 'API-1' }, { date: '2026-12-15', currency: 'pesos' }, /^currency: /],
      ['POST /invoices/{accountId}/{invoiceNumber}/disputes', { accountId: 'API-1', invoiceNumber: 'F-1' }, { reason: 'because' }, /^reason: /],
      ['POST /disputes/{accountId}/{disputeId}/resolve', { accountId: 'API-1', disputeId: 'd-1' }, { resolution: 'maybe' }, /^resolution: /],
      ['POST /accounts/{accountId}/plans', { accountId: 'API-1' }, { installments: 2.5 }, /^installments: /],
      ['POST /accounts/{accountId}/plans', { accountId: 'API-1' }, { downPaymentPercent: '40' }, /^downPaymentPercent: /],
      ['POST /accounts/{accountId}/promises', { accountId: 'API-1' }, [], /^body: /],
    ];
    for (const [route, pathParameters, body, error] of cases) {
      const answer = await call(route, { pathParameters, body });
      expect({ route, body, status: answer.status }).toEqual({ route, body, status: 422 });
      expect(answer.body.error).toMatch(error);
      expect(answer.body.field).toBe(/^(\w+): /.exec(String(answer.body.error))?.[1]);
    }
    expect(evaluations()).toEqual([]);
    expect((await h.tasks.getTask('WL-2', 't-wl2'))?.status).toBe('open');
  });

  it('a body that is not JSON is a 400; base64 bodies (as API Gateway may send them) are decoded', async () => {
    expect(await call('POST /tasks/{taskId}/notes', { pathParameters: { taskId: 't-wl2' }, body: '{"text": ' })).toEqual({ status: 400, body: { error: 'body must be JSON' } });
    const event = escalationApiEvent('POST /tasks/{taskId}/notes', { pathParameters: { taskId: 't-wl2' }, userArn: ANA });
    const encoded = { ...event, isBase64Encoded: true, body: Buffer.from(JSON.stringify({ text: 'llamar el lunes' }), 'utf8').toString('base64') };
    const result = (await api()(encoded, context)) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(String(result.body)).notes).toEqual([{ at: NOW, by: `api:${ANA}`, text: 'llamar el lunes' }]);
  });

  it('an unknown route is a 404', async () => {
    expect(await call('DELETE /tasks/{taskId}', { pathParameters: { taskId: 't-wl2' } })).toEqual({ status: 404, body: { error: 'no route DELETE /tasks/{taskId}' } });
  });

  it('a store failure is a 500 that says nothing about the inside', async () => {
    const broken = createEscalationApiHandler({
      store: h.store,
      log: h.log,
      escalation: h.escalation,
      tasks: { ...h.tasks, listOpenTasks: () => Promise.reject(new Error('ProvisionedThroughputExceededException: table cobranza-accounts')) } as unknown as typeof h.tasks,
      evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({ region: 'us-east-1' }), ESCALATION_AWS.escalationQueueUrl),
      policy: new ActivePolicy(h.policies, fixedClock(NOW)),
      clock: fixedClock(NOW),
      scheduler: reminderScheduler(fixedClock(NOW)),
      observability,
    });
    const result = (await broken(escalationApiEvent('GET /tasks'), context)) as APIGatewayProxyStructuredResultV2;
    expect(result).toEqual({ statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'internal error' }) });
  });
});

describe('escalation-api: recalling a hand-off', () => {
  it('POST /accounts/{accountId}/recall records the recall and asks for an evaluation; an account not handed off is refused', async () => {
    await h.escalation.saveEscalation({
      accountId: 'RC-1',
      stage: 'hand-off',
      since: '2026-11-20T15:00:00.000Z',
      history: [],
      handOff: { at: '2026-11-20T15:00:00.000Z', to: 'agency', packageKey: 'escalation/hand-off/RC-1/x.json' },
      version: 0,
    });
    const { status, body } = await call('POST /accounts/{accountId}/recall', { pathParameters: { accountId: 'RC-1' }, body: { note: 'la agencia lo devuelve' } });
    expect(status).toBe(200);
    expect((body.handOff as { recalledAt?: string }).recalledAt).toBeDefined();
    expect((await h.escalation.getEscalation('RC-1')).handOff?.recalledAt).toBeDefined();
    expect(evaluations()).toEqual([expect.objectContaining({ accountId: 'RC-1', trigger: expect.objectContaining({ kind: 'manual', detail: 'hand-off recalled' }) })]);

    const refused = await call('POST /accounts/{accountId}/recall', { pathParameters: { accountId: 'WL-1' }, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('is not handed off');
  });
});

describe('escalation-api: plan terms and a plan that replaces another', () => {
  beforeAll(async () => {
    await h.store.putAccounts([debtor('PLN-1', { name: 'Cliente PLN-1' }), debtor('PLN-2', { name: 'Cliente PLN-2' })]);
    await h.store.putInvoices([openInvoice('PLN-1', 'P-1', { balance: 4_200_000, amount: 4_200_000 }), openInvoice('PLN-2', 'Q-1', { balance: 4_200_000, amount: 4_200_000 })]);
  });

  it('terms out of range are a 422 naming the field and its allowed range; nothing is stored, scheduled or queued', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ downPaymentPercent: 150 }, 'downPaymentPercent', 'downPaymentPercent: Too big: expected number to be <100'],
      [{ downPaymentPercent: 100 }, 'downPaymentPercent', 'downPaymentPercent: Too big: expected number to be <100'],
      [{ downPaymentPercent: -1 }, 'downPaymentPercent', 'downPaymentPercent: Too small: expected number to be >=0'],
      [{ installments: 0 }, 'installments', 'installments: Too small: expected number to be >=1'],
      // The policy's limits (defaults: 12 installments, 10% off) are the use case's.
      [{ installments: 13 }, 'installments', 'installments must be a whole number from 1 to 12 (policy escalation.plans.maxInstallments), got 13'],
      [{ discountPercent: 100 }, 'discountPercent', 'discountPercent must be a percentage from 0 to 10 (policy escalation.plans.maxDiscountPercent), got 100'],
      [{ discountPercent: 10.5 }, 'discountPercent', 'discountPercent must be a percentage from 0 to 10 (policy escalation.plans.maxDiscountPercent), got 10.5'],
    ];
    for (const [body, field, error] of cases) {
      const answer = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'PLN-1' }, body, userArn: ANA });
      expect({ body, answer }).toEqual({ body, answer: { status: 422, body: { error, field } } });
    }
    expect(await h.escalation.listPlans('PLN-1')).toEqual([]);
    expect(await logOf('PLN-1', 'plan.created')).toEqual([]);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
    expect(evaluations()).toEqual([]);
    // The limits themselves are terms a collector may agree.
    const edge = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'PLN-1' }, body: { downPaymentPercent: 0, installments: 12, discountPercent: 10 }, userArn: ANA });
    expect(edge.status).toBe(201);
    expect((edge.body.installments as unknown[]).length).toBe(13);
    expect(edge.body.total).toBe(3_780_000);
  });

  it('a second plan at the same instant gets its own id and supersedes the first; both are logged and the account shows both', async () => {
    const first = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'PLN-2' }, body: { installments: 3 }, userArn: ANA });
    const second = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'PLN-2' }, body: { downPaymentPercent: 10, installments: 6 }, userArn: LUIS });
    expect([first.status, second.status]).toEqual([201, 201]);
    const [firstId, secondId] = [String(first.body.planId), String(second.body.planId)];
    expect(firstId).not.toBe(secondId);

    const stored = new Map((await h.escalation.listPlans('PLN-2')).map((p) => [p.planId, p]));
    expect(stored.get(firstId)).toMatchObject({ status: 'superseded', supersededBy: secondId, supersededAt: NOW });
    expect(stored.get(firstId)!.installments).toHaveLength(4);
    expect(stored.get(secondId)).toMatchObject({ status: 'active' });
    expect(stored.get(secondId)!.installments).toHaveLength(7);

    expect((await logOf('PLN-2', 'plan.created')).map((l) => l.detail).sort()).toEqual(
      [`payment plan of 4200000 MXN in 4 payments (by api:${ANA})`, `payment plan of 4200000 MXN in 7 payments (by api:${LUIS}); supersedes ${firstId}`].sort(),
    );
    expect((await logOf('PLN-2', 'plan.superseded')).map((l) => l.detail)).toEqual([
      `payment plan ${firstId} (MXN 42000.00 in 4 payments from 2026-12-01) superseded by ${secondId} (by api:${LUIS}): its installment reminders are skipped`,
    ]);
    // Each plan asked for its own evaluation.
    expect(evaluations().map((e) => e.evaluationId)).toEqual([`PLN-2-plan-${firstId}`, `PLN-2-plan-${secondId}`]);

    const view = await call('GET /accounts/{accountId}', { pathParameters: { accountId: 'PLN-2' } });
    expect((view.body.plans as { planId: string; status: string }[]).map((p) => [p.planId, p.status])).toEqual([
      [firstId, 'superseded'],
      [secondId, 'active'],
    ]);
  });
});

describe('escalation-api: a plan settles only what may be asked for', () => {
  beforeAll(async () => {
    await h.store.putAccounts(['DSP-1', 'DSP-2', 'DSP-3'].map((id) => debtor(id, { name: `Cliente ${id}` })));
    await h.store.putInvoices([
      // DSP-1: MXN 12,000.00 + 8,000.00 it may be asked for; MXN 50,000.00 in dispute; MXN 3,000.00 with dates to check;
      // a USD invoice in dispute (another currency: no --currency needed); a paid one.
      openInvoice('DSP-1', 'G-1', { balance: 1_200_000, amount: 1_200_000, dueDate: '2026-10-20' }),
      openInvoice('DSP-1', 'G-2', { balance: 800_000, amount: 1_000_000, dueDate: '2026-11-10' }),
      openInvoice('DSP-1', 'G-3', { balance: 5_000_000, amount: 5_000_000, dueDate: '2026-11-15' }),
      openInvoice('DSP-1', 'G-4', { balance: 300_000, amount: 300_000, dueDate: '2031-01-01', dateWarning: 'due more than 2 years ahead' }),
      openInvoice('DSP-1', 'G-5', { balance: 40_000, amount: 40_000, currency: 'USD', dueDate: '2026-11-01' }),
      openInvoice('DSP-1', 'G-6', { balance: 0, amount: 900_000, status: 'paid' }),
      // DSP-2: its only open invoice is in dispute. DSP-3: a dispute that was resolved holds nothing.
      openInvoice('DSP-2', 'H-1', { balance: 2_500_000, amount: 2_500_000 }),
      openInvoice('DSP-3', 'K-1', { balance: 700_000, amount: 700_000 }),
    ]);
    const dispute = (accountId: string, invoiceNumber: string, status: 'open' | 'resolved') =>
      h.escalation.putDispute({ disputeId: `d-${invoiceNumber}`, accountId, invoiceNumber, reason: 'price-difference', openedAt: '2026-11-25T15:00:00.000Z', slaDueAt: '2026-11-28T15:00:00.000Z', status });
    await dispute('DSP-1', 'G-3', 'open');
    await dispute('DSP-1', 'G-5', 'open');
    await dispute('DSP-2', 'H-1', 'open');
    await dispute('DSP-3', 'K-1', 'resolved');
  });

  it('POST plans: over the undisputed invoices with sound dates only, the rest named in the reply and the log', async () => {
    const created = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'DSP-1' }, body: { downPaymentPercent: 50, installments: 2, discountPercent: 10 }, userArn: ANA });
    expect(created.status).toBe(201);
    // MXN 20,000.00 (G-1 12,000.00 + G-2 8,000.00) less 10% = 18,000.00: 9,000.00 now, then 4,500.00 twice.
    expect(created.body).toMatchObject({
      currency: 'MXN',
      total: 1_800_000,
      discountPercent: 10,
      invoiceNumbers: ['G-1', 'G-2'],
      leftOut: [
        { invoiceNumber: 'G-3', reason: 'disputed' },
        { invoiceNumber: 'G-4', reason: 'dates-to-check' },
      ],
    });
    expect((created.body.installments as { amount: number }[]).map((i) => i.amount)).toEqual([900_000, 450_000, 450_000]);
    expect((await logOf('DSP-1', 'plan.created')).map((l) => l.detail)).toEqual([
      `payment plan of 1800000 MXN in 3 payments (by api:${ANA}); settles G-1, G-2, leaves out G-3 (open dispute), G-4 (dates to check)`,
    ]);
  });

  it('an account whose only open invoice is in dispute gets no plan (409, saying why); a resolved dispute holds nothing', async () => {
    expect(await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'DSP-2' }, body: {}, userArn: ANA })).toEqual({
      status: 409,
      body: { error: 'account DSP-2 owes nothing a plan may settle: H-1 (open dispute) left out' },
    });
    expect(await h.escalation.listPlans('DSP-2')).toEqual([]);
    const resolved = await call('POST /accounts/{accountId}/plans', { pathParameters: { accountId: 'DSP-3' }, body: {}, userArn: ANA });
    expect(resolved.status).toBe(201);
    expect(resolved.body).toMatchObject({ total: 700_000, invoiceNumbers: ['K-1'] });
    expect(resolved.body).not.toHaveProperty('leftOut');
  });
});

describe('escalation-api: tasks that need nobody any more', () => {
  const slaText = (disputeId: string) => `Resolve dispute ${disputeId} on invoice T-1 (damaged), opened 2026-11-25T15:00:00.000Z, is past its SLA (2026-11-28T15:00:00.000Z): credit note, corrected amount or rejected.`;
  const ids = (items: unknown) => (items as { task: AgentTask }[]).map((i) => i.task.taskId);

  it('the worklist leaves out tasks of closed and written-off accounts and of resolved disputes, even ones nothing closed', async () => {
    await h.store.putAccounts(['GONE-C', 'GONE-W', 'GONE-D', 'OPEN-D'].map((id) => debtor(id)));
    await h.store.putInvoices(['GONE-W', 'GONE-D', 'OPEN-D'].map((id) => openInvoice(id, 'T-1', { balance: 9_000_000, amount: 9_000_000 })));
    await h.escalation.saveEscalation({ accountId: 'GONE-C', stage: 'closed', since: '2026-11-30T15:00:00.000Z', history: [], version: 0 });
    await h.escalation.saveEscalation({ accountId: 'GONE-W', stage: 'write-off', since: '2026-11-30T15:00:00.000Z', history: [], writtenOffAt: '2026-11-30T15:00:00.000Z', version: 0 });
    const dispute = (accountId: string, disputeId: string, status: 'open' | 'resolved') => ({
      disputeId,
      accountId,
      invoiceNumber: 'T-1',
      reason: 'damaged' as const,
      openedAt: '2026-11-25T15:00:00.000Z',
      slaDueAt: '2026-11-28T15:00:00.000Z',
      status,
      ...(status === 'resolved' ? { resolution: 'rejected' as const, resolvedAt: '2026-11-30T15:00:00.000Z' } : {}),
    });
    await h.escalation.putDispute(dispute('GONE-D', 'd-gone', 'resolved'));
    await h.escalation.putDispute(dispute('OPEN-D', 'd-open', 'open'));
    // Overdue, large balances: they would head the list.
    await h.tasks.createTask(task('t-gone-c', 'GONE-C', '2026-11-28T15:00:00.000Z'));
    await h.tasks.createTask(task('t-gone-w', 'GONE-W', '2026-11-28T15:00:00.000Z', { type: 'hand-off-review' }));
    await h.tasks.createTask(task('t-gone-d', 'GONE-D', '2026-11-28T15:00:00.000Z', { type: 'dispute-sla', text: slaText('d-gone') }));
    await h.tasks.createTask(task('t-open-d', 'OPEN-D', '2026-11-28T15:00:00.000Z', { type: 'dispute-sla', text: slaText('d-open') }));
    await h.tasks.createTask(task('t-call-d', 'GONE-D', '2026-11-28T15:00:00.000Z'));

    const listed = ids((await call('GET /tasks')).body.tasks);
    expect(listed).toContain('t-open-d');
    expect(listed).toContain('t-call-d'); // a call about the account, not about the resolved dispute
    for (const hidden of ['t-gone-c', 't-gone-w', 't-gone-d']) expect(listed).not.toContain(hidden);
  });

  it('resolving a dispute closes its tasks (done by system, the resolution as outcome, logged) and only those', async () => {
    await h.store.putAccounts([debtor('RD-1')]);
    await h.store.putInvoices([openInvoice('RD-1', 'R-1', { balance: 2_000_000, amount: 2_000_000 }), openInvoice('RD-1', 'R-2', { balance: 1_000_000, amount: 1_000_000 })]);
    const opened = await call('POST /invoices/{accountId}/{invoiceNumber}/disputes', { pathParameters: { accountId: 'RD-1', invoiceNumber: 'R-1' }, body: { reason: 'damaged' } });
    const other = await call('POST /invoices/{accountId}/{invoiceNumber}/disputes', { pathParameters: { accountId: 'RD-1', invoiceNumber: 'R-2' }, body: { reason: 'price-difference' } });
    const disputeId = String(opened.body.disputeId);
    const otherId = String(other.body.disputeId);
    // What the evaluation writes once the SLA runs out (no disputeId on it), a task made for the dispute, and an unrelated call.
    await h.tasks.createTask(task('t-rd-sla', 'RD-1', '2026-12-05T15:00:00.000Z', { type: 'dispute-sla', text: slaText(disputeId).replace('T-1', 'R-1') }));
    await h.tasks.createTask(task('t-rd-for', 'RD-1', '2026-12-05T15:00:00.000Z', { type: 'review-reply', text: 'llegó roto', disputeId, owner: `api:${ANA}` }));
    await h.tasks.createTask(task('t-rd-other', 'RD-1', '2026-12-05T15:00:00.000Z', { type: 'dispute-sla', text: slaText(otherId).replace('T-1', 'R-2') }));
    await h.tasks.createTask(task('t-rd-call', 'RD-1', '2026-12-05T15:00:00.000Z'));

    const resolved = await call('POST /disputes/{accountId}/{disputeId}/resolve', { pathParameters: { accountId: 'RD-1', disputeId }, body: { resolution: 'rejected' }, userArn: LUIS });
    expect(resolved.status).toBe(200);

    const outcome = `dispute ${disputeId} on R-1 resolved (rejected)`;
    expect(await h.tasks.getTask('RD-1', 't-rd-sla')).toMatchObject({ status: 'done', outcome, owner: 'system', completedAt: NOW });
    expect(await h.tasks.getTask('RD-1', 't-rd-for')).toMatchObject({ status: 'done', outcome, owner: `api:${ANA}` });
    expect((await h.tasks.listOpenTasks('RD-1')).map((t) => t.taskId).sort()).toEqual(['t-rd-call', 't-rd-other']);
    expect((await logOf('RD-1', 'task.completed')).map((l) => l.detail).sort()).toEqual([`dispute-sla done by system: ${outcome}`, `review-reply done by system: ${outcome}`]);
    const listed = ids((await call('GET /tasks')).body.tasks);
    expect(listed).toEqual(expect.arrayContaining(['t-rd-call', 't-rd-other']));
    expect(listed).not.toContain('t-rd-sla');

    // Resolving again changes nothing and logs nothing more.
    await call('POST /disputes/{accountId}/{disputeId}/resolve', { pathParameters: { accountId: 'RD-1', disputeId }, body: { resolution: 'credit-note' } });
    expect(await h.tasks.getTask('RD-1', 't-rd-sla')).toMatchObject({ outcome });
    expect(await logOf('RD-1', 'task.completed')).toHaveLength(2);
  });
});
