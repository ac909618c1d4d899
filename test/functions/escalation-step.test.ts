import { createHash } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvaluationFailedError, runEvaluation } from '../../infra/local/local-state-machine.js';
import type { EvaluationRequest, StepRequest } from '../../shared/config/escalation.js';
import type { EscalationRecord, PromiseToPay } from '../../shared/domain/escalation/types.js';
import type { EmailMessage, Invoice } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { completeTask } from '../../shared/usecases/escalation-requests.js';
import { scheduleName } from '../../shared/usecases/escalation-step.js';
import {
  acceptAll,
  context,
  debtor,
  escalationHarness,
  escalationStepHandler,
  fixedClock,
  ESCALATION_AWS,
  openInvoice,
  QUEUE_URLS,
  queued,
  type EscalationHarness,
} from './harness.js';

/**
 * escalation-step, the function behind every Task state of EvaluateEscalation, wired as deployed:
 * DynamoDB is dynalite (the lease and the versioned record need real conditions), S3, SQS, SNS and
 * EventBridge Scheduler are aws-sdk-client-mock mocks whose exact inputs are checked. Most tests run a
 * whole evaluation: the real ASL (aws-local-stepfunctions) with each Task calling the handler, as
 * Step Functions would invoke the Lambda.
 */
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const scheduler = mockClient(SchedulerClient);
let h: EscalationHarness;

const NOW = '2026-12-01T15:00:00.000Z'; // Tuesday 09:00 in Mexico City
const ZONE = 'America/Mexico_City';

/** Runs one evaluation of `accountId` through the handler at `now`; returns the states entered. */
async function evaluate(accountId: string, evaluationId: string, now = NOW, kind: EvaluationRequest['trigger']['kind'] = 'manual') {
  const handler = escalationStepHandler(h, now);
  const request: EvaluationRequest = { accountId, evaluationId, trigger: { kind, at: now } };
  return runEvaluation(request, (step) => handler(step, context));
}

/**
 * A debtor with open invoices. Seasoned by default: three reminders reached it in September and it
 * answered once after them, so the pre-legal stage is earned (the ladder) and no silence is counted.
 */
async function seed(accountId: string, invoices: Partial<Invoice>[], extra: Parameters<typeof debtor>[1] = {}, history: 'seasoned' | 'fresh' = 'seasoned') {
  await h.store.putAccounts([debtor(accountId, { name: `Cliente ${accountId}`, email: `pagos@${accountId.toLowerCase()}.example.com`, ...extra })]);
  await h.store.putInvoices(invoices.map((invoice, i) => openInvoice(accountId, invoice.invoiceNumber ?? `F-${i + 1}`, invoice)));
  if (history === 'seasoned') {
    const sent = ['2026-09-01', '2026-09-08', '2026-09-15'].map((day, i) => ({
      interactionId: `message.sent#m-seasoned-${i}`,
      accountId,
      at: `${day}T15:00:00.000Z`,
      type: 'message.sent' as const,
      reminderId: `m-seasoned-${i}`,
      channel: 'email' as const,
      detail: 'ses-seasoned',
      data: { kind: 'reminder' },
    }));
    await h.log.append([...sent, { interactionId: 'reply.received#seasoned', accountId, at: '2026-09-16T15:00:00.000Z', type: 'reply.received', channel: 'sms', detail: 'help: "llámenme"' }]);
  }
}

async function saveRecord(record: Omit<EscalationRecord, 'version'>) {
  expect(await h.escalation.saveEscalation({ ...record, version: 0 })).toBe(true);
}

async function logOf(accountId: string, type?: string) {
  return (await h.log.listForAccount(accountId)).filter((line) => type === undefined || line.type === type);
}

/** The deterministic schedule name, recomputed independently of the code under test. */
function expectedScheduleName(accountId: string, at: string): string {
  return `escalation-${createHash('sha256').update(`${accountId}\u0000${at}`, 'utf8').digest('hex').slice(0, 32)}`;
}

beforeAll(async () => {
  h = await escalationHarness();
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  for (const mock of [s3, sqs, sns, scheduler]) mock.reset();
  s3.on(PutObjectCommand).resolves({});
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:us-east-1:123456789012:schedule/x' });
  scheduler.on(DeleteScheduleCommand).resolves({});
});

describe('escalation-step: a whole evaluation through the handler', () => {
  it('pre-legal: the letter on the email queue (kind letter), its evidence in S3, the next evaluation on the escalation target', async () => {
    await seed('LET-1', [
      { invoiceNumber: 'F-101', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 1_800_000, balance: 1_800_000 },
      { invoiceNumber: 'F-102', dueDate: '2026-09-10', issueDate: '2026-08-11', amount: 1_200_000, balance: 1_200_000 },
    ]);
    const { states } = await evaluate('LET-1', 'LET-1-invoice-F-101-aaaa', NOW, 'invoice');
    expect(states.filter((s) => !s.endsWith('?') && !s.startsWith('Skip'))).toEqual(['Load', 'Decide', 'Act', 'SendLetter', 'SwitchCadence', 'Record', 'ScheduleNext', 'Done']);

    // The letter: one message on the email queue, kind letter, to the account's address.
    const [letter, ...more] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(more).toEqual([]);
    expect(letter).toMatchObject({
      accountId: 'LET-1',
      invoiceNumber: 'F-101',
      kind: 'letter',
      to: 'pagos@let-1.example.com',
      locale: 'es-MX',
      reminderId: `letter-${createHash('sha256').update('LET-1-invoice-F-101-aaaa', 'utf8').digest('hex').slice(0, 32)}`,
    });
    expect(letter!.text).toContain('F-101');
    expect(letter!.text).toContain('F-102');
    expect(letter!.html).toContain('F-102');

    // Its evidence: the same text in the bucket.
    const key = 'escalation/letters/LET-1/LET-1-invoice-F-101-aaaa.txt';
    // The evidence: the text as sent and a printable PDF of it.
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 3);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: ESCALATION_AWS.bucket, Key: key, ContentType: 'text/plain; charset=utf-8', Body: letter!.text });
    // And the email exactly as queued, for a sender that has to hold it back after hours.
    const kept = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key.replace(/\.txt$/, '.email.json'))!.args[0].input;
    expect(kept.ContentType).toBe('application/json');
    expect(JSON.parse(String(kept.Body))).toEqual(letter);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: ESCALATION_AWS.bucket, Key: key.replace(/\.txt$/, '.pdf'), ContentType: 'application/pdf', Body: expect.stringMatching(/^%PDF-1\.4\n/) });
    // The debtor gets that very PDF attached to the email.
    const pdfBody = s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key.replace(/\.txt$/, '.pdf'))!.args[0].input.Body as string;
    expect(letter!.attachments).toEqual([{ filename: 'carta-de-cobranza-2026-12-01.pdf', contentType: 'application/pdf', contentBase64: expect.any(String) }]);
    expect(Buffer.from(letter!.attachments![0]!.contentBase64, 'base64').toString('latin1')).toBe(pdfBody);

    // The next evaluation: a one-time schedule on the escalation queue, named deterministically.
    const record = await h.escalation.getEscalation('LET-1');
    expect(record).toMatchObject({ stage: 'pre-legal', since: NOW, preLegalLetterAt: NOW, preLegalDeadline: '2026-12-11', nextEvaluationAt: '2026-12-08T15:00:00.000Z', lastEvaluatedAt: NOW, cadence: { tone: 'formal' } });
    expect(scheduler).toHaveReceivedCommandTimes(CreateScheduleCommand, 1);
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input).toEqual({
      Name: expectedScheduleName('LET-1', '2026-12-08T15:00:00.000Z'),
      GroupName: ESCALATION_AWS.scheduleGroup,
      ScheduleExpression: 'at(2026-12-08T09:00:00)',
      ScheduleExpressionTimezone: ZONE,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: ESCALATION_AWS.escalationQueueArn,
        RoleArn: ESCALATION_AWS.schedulerRoleArn,
        Input: expect.any(String),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        DeadLetterConfig: { Arn: ESCALATION_AWS.schedulerDlqArn },
      },
    });
    expect(input.Name).toBe(scheduleName('LET-1', '2026-12-08T15:00:00.000Z'));
    expect(input.Name!.length).toBeLessThanOrEqual(64);
    expect(JSON.parse(input.Target!.Input!)).toEqual({
      accountId: 'LET-1',
      evaluationId: 'LET-1-schedule-202612081500',
      trigger: { kind: 'schedule', at: '2026-12-08T15:00:00.000Z', detail: 'next evaluation' },
    });
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    expect((await logOf('LET-1', 'letter.queued')).map((l) => l.data?.letterKey)).toEqual([key]);
    expect((await logOf('LET-1', 'escalation.stage')).map((l) => l.detail)).toEqual([expect.stringMatching(/^current → pre-legal: oldest open invoice F-101 is 103 days past due/)]);
  });

  it('the letter demands only what is not in dispute; the hand-off package keeps the disputed invoice apart', async () => {
    await seed('LDS-1', [
      { invoiceNumber: 'L-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 4_000_000, balance: 4_000_000 },
      { invoiceNumber: 'L-2', dueDate: '2026-08-25', issueDate: '2026-07-26', amount: 2_500_000, balance: 2_500_000 },
    ]);
    await h.escalation.putDispute({ disputeId: 'd-l2', accountId: 'LDS-1', invoiceNumber: 'L-2', reason: 'duplicate-invoice', openedAt: '2026-11-30T15:00:00.000Z', slaDueAt: '2026-12-03T15:00:00.000Z', status: 'open' });
    await evaluate('LDS-1', 'LDS-1-dispute-d-l2', NOW, 'dispute');
    const [letter] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(letter!.kind).toBe('letter');
    expect(letter!.text).toContain('L-1');
    // L-2 is named only as under review, never in the demand (its lines start with "- Factura").
    expect(letter!.text).not.toMatch(/^- Factura L-2/m);
    expect(letter!.text).toContain('La factura L-2 está en revisión');
    expect(letter!.text).not.toMatch(/65[,.]?000/); // the disputed amount is not in the total

    s3.resetHistory();
    await saveRecord({ accountId: 'LDS-2', stage: 'pre-legal', since: '2026-11-20T15:00:00.000Z', preLegalLetterAt: '2026-11-20T15:00:00.000Z', history: [] });
    await seed('LDS-2', [
      { invoiceNumber: 'M-1', dueDate: '2026-08-18', issueDate: '2026-07-19', amount: 8_000_000, balance: 8_000_000 },
      { invoiceNumber: 'M-2', dueDate: '2026-08-25', issueDate: '2026-07-26', amount: 900_000, balance: 900_000 },
    ]);
    await h.escalation.putDispute({ disputeId: 'd-m2', accountId: 'LDS-2', invoiceNumber: 'M-2', reason: 'damaged', openedAt: '2026-11-30T15:00:00.000Z', slaDueAt: '2026-12-03T15:00:00.000Z', status: 'open' });
    await evaluate('LDS-2', 'LDS-2-schedule-202612011500', NOW, 'schedule');
    const pack = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));
    expect(pack.invoices.map((i: Invoice) => i.invoiceNumber)).toEqual(['M-1']);
    expect(pack.disputedInvoices.map((i: Invoice) => i.invoiceNumber)).toEqual(['M-2']);
    expect(pack.disputes).toEqual([expect.objectContaining({ disputeId: 'd-m2', status: 'open' })]);
  });

  it('the scheduled look a week later sends no second letter, and replaces its own schedule', async () => {
    const next = '2026-12-08T15:00:05.000Z';
    await evaluate('LET-1', 'LET-1-schedule-202612081500', next, 'schedule');
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    const record = await h.escalation.getEscalation('LET-1');
    // The letter says "no later than 11 December": nothing happens before that day is over.
    expect(record).toMatchObject({ stage: 'pre-legal', preLegalLetterAt: NOW, nextEvaluationAt: '2026-12-12T15:00:00.000Z' });
    // The new schedule first, then the one that just fired (already gone: DELETE after completion) is let go.
    const calls = scheduler.calls().map((call) => call.args[0]);
    expect(calls.map((command) => command.constructor)).toEqual([CreateScheduleCommand, DeleteScheduleCommand]);
    expect(calls[0]!.input).toMatchObject({ Name: expectedScheduleName('LET-1', '2026-12-12T15:00:00.000Z'), ScheduleExpression: 'at(2026-12-12T09:00:00)' });
    expect(calls[1]!.input).toEqual({ Name: expectedScheduleName('LET-1', '2026-12-08T15:00:00.000Z'), GroupName: ESCALATION_AWS.scheduleGroup });
  });

  it('hand-off after the grace period: the package in S3 under escalation/hand-off/, the record says where it went', async () => {
    await seed('HO-1', [
      { invoiceNumber: 'H-1', dueDate: '2026-08-18', issueDate: '2026-07-19', amount: 5_000_000, balance: 5_000_000 },
      { invoiceNumber: 'H-2', dueDate: '2026-09-01', issueDate: '2026-08-02', amount: 3_000_000, balance: 3_000_000 },
    ]);
    await saveRecord({
      accountId: 'HO-1',
      stage: 'pre-legal',
      since: '2026-11-20T15:00:00.000Z',
      preLegalLetterAt: '2026-11-20T15:00:00.000Z',
      lastEvaluatedAt: '2026-11-27T15:00:00.000Z',
      nextEvaluationAt: '2026-11-30T15:00:00.000Z',
      history: [{ at: '2026-11-20T15:00:00.000Z', from: 'advanced', to: 'pre-legal', reason: 'H-1 is 94 days past due' }],
    });
    await h.log.append([{ interactionId: 'letter.queued#x#letter', accountId: 'HO-1', at: '2026-11-20T15:00:00.000Z', type: 'letter.queued', detail: 'pre-legal letter' }]);

    const { states } = await evaluate('HO-1', 'HO-1-schedule-202612011500', NOW, 'schedule');
    expect(states).toContain('PrepareHandOff');
    const key = 'escalation/hand-off/HO-1/HO-1-schedule-202612011500.json';
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Bucket: ESCALATION_AWS.bucket, Key: key, ContentType: 'application/json' });
    const pack = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));
    expect(pack).toMatchObject({ preparedAt: NOW, to: 'agency', account: { accountId: 'HO-1', name: 'Cliente HO-1' }, escalation: { stage: 'pre-legal' }, promises: [], disputes: [], plans: [] });
    expect(pack.invoices.map((i: Invoice) => i.invoiceNumber)).toEqual(['H-1', 'H-2']);
    expect(pack.interactions.map((l: { type: string }) => l.type)).toContain('letter.queued');
    expect(pack.reasons.join(' ')).toContain('hand-off to agency');

    expect(await h.escalation.getEscalation('HO-1')).toMatchObject({ stage: 'hand-off', handOff: { at: NOW, to: 'agency', packageKey: key } });
    expect((await logOf('HO-1', 'handoff.prepared')).map((l) => l.data)).toEqual([{ packageKey: key, to: 'agency' }]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('a broken promise: SNS alert, a task, the promise closed as broken', async () => {
    await seed('BP-1', [{ invoiceNumber: 'B-1', dueDate: '2026-11-11', issueDate: '2026-10-12', amount: 2_000_000, balance: 2_000_000 }]);
    await saveRecord({ accountId: 'BP-1', stage: 'early', since: '2026-11-12T15:00:00.000Z', history: [{ at: '2026-11-12T15:00:00.000Z', from: 'current', to: 'early', reason: 'late' }] });
    const promise: PromiseToPay = { promiseId: 'p-1', accountId: 'BP-1', date: '2026-11-25', source: 'whatsapp', createdAt: '2026-11-20T18:00:00.000Z', status: 'open' };
    await h.escalation.putPromise(promise);

    await evaluate('BP-1', 'BP-1-schedule-202612011500', NOW, 'schedule');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const publish = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(publish).toEqual({
      TopicArn: ESCALATION_AWS.alertsTopicArn,
      Subject: 'Cobranza: broken-promise (BP-1)',
      Message: expect.stringContaining('promise p-1 to pay the balance by 2026-11-25: broken, no payment since it was made'),
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'broken-promise' } },
    });
    expect((await h.escalation.listPromises('BP-1'))[0]).toMatchObject({ status: 'broken', closedAt: NOW });
    expect(await h.tasks.listOpenTasks('BP-1')).toEqual([expect.objectContaining({ type: 'broken-promise', deadline: '2026-12-02T15:00:00.000Z' })]);
    expect((await logOf('BP-1', 'alert.sent')).map((l) => l.data)).toEqual([{ kind: 'broken-promise' }]);
    expect(await logOf('BP-1', 'promise.broken')).toHaveLength(1);
  });

  it('a dispute past its SLA on the only invoice: paused, yet the alert and the task go out, once', async () => {
    await seed('DS-1', [{ invoiceNumber: 'D-1', dueDate: '2026-11-21', issueDate: '2026-10-22', amount: 900_000, balance: 900_000 }]);
    await saveRecord({ accountId: 'DS-1', stage: 'early', since: '2026-11-22T15:00:00.000Z', nextEvaluationAt: '2026-11-29T15:00:00.000Z', history: [{ at: '2026-11-22T15:00:00.000Z', from: 'current', to: 'early', reason: 'late' }] });
    await h.escalation.putDispute({ disputeId: 'd-1', accountId: 'DS-1', invoiceNumber: 'D-1', reason: 'not-delivered', openedAt: '2026-11-27T15:00:00.000Z', slaDueAt: '2026-11-30T15:00:00.000Z', status: 'open' });

    const first = await evaluate('DS-1', 'DS-1-schedule-202612011500', NOW, 'schedule');
    expect(first.states).toEqual(expect.arrayContaining(['Decide', 'Alert', 'CreateTask', 'Record', 'ScheduleNext']));
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: 'Cobranza: dispute-past-sla (DS-1)', MessageAttributes: { kind: { DataType: 'String', StringValue: 'dispute-past-sla' } } });
    expect((await h.escalation.listDisputes('DS-1'))[0]).toMatchObject({ status: 'open', slaAlertedAt: NOW });
    expect((await h.tasks.listOpenTasks('DS-1')).map((t) => t.type)).toEqual(['dispute-sla']);
    expect(await h.escalation.getEscalation('DS-1')).toMatchObject({ stage: 'early', nextEvaluationAt: '2026-12-08T15:00:00.000Z' });

    sns.resetHistory();
    const second = await evaluate('DS-1', 'DS-1-schedule-202612081500', '2026-12-08T15:00:00.000Z', 'schedule');
    expect(second.states).toEqual(['Load', 'Settled?', 'ScheduleRecheck', 'Done']);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
    // The re-check is the record's pending evaluation (so closing can cancel it).
    expect(await h.escalation.getEscalation('DS-1')).toMatchObject({ stage: 'early', nextEvaluationAt: '2026-12-15T15:00:00.000Z' });
  });

  it('settled: Close cancels the pending evaluation, keeps open promises (logged), and nothing else runs', async () => {
    await seed('PAID-1', [{ invoiceNumber: 'P-1', dueDate: '2026-11-21', issueDate: '2026-10-22', amount: 500_000, balance: 0, status: 'paid' }]);
    await saveRecord({ accountId: 'PAID-1', stage: 'mid', since: '2026-11-25T15:00:00.000Z', nextEvaluationAt: '2026-12-02T15:00:00.000Z', history: [{ at: '2026-11-25T15:00:00.000Z', from: 'early', to: 'mid', reason: 'late' }] });
    await h.escalation.putPromise({ promiseId: 'p-9', accountId: 'PAID-1', date: '2026-12-05', source: 'cli', createdAt: '2026-11-28T15:00:00.000Z', status: 'open' });

    const { states, output } = await evaluate('PAID-1', 'PAID-1-payment-stmt_1', NOW, 'payment');
    expect(states).toEqual(['Load', 'Settled?', 'Close', 'Done']);
    expect(output).toMatchObject({ closed: { closed: true } });
    expect(scheduler).toHaveReceivedCommandTimes(DeleteScheduleCommand, 1);
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, { Name: expectedScheduleName('PAID-1', '2026-12-02T15:00:00.000Z'), GroupName: ESCALATION_AWS.scheduleGroup });
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
    const record = await h.escalation.getEscalation('PAID-1');
    expect(record).toMatchObject({ stage: 'closed', since: NOW });
    expect(record).not.toHaveProperty('nextEvaluationAt');
    expect((await h.escalation.listPromises('PAID-1'))[0]).toMatchObject({ status: 'kept', closedAt: NOW });
    expect((await logOf('PAID-1', 'promise.kept')).map((l) => l.data)).toEqual([{ promiseId: 'p-9' }]);
    for (const mock of [s3, sqs, sns]) expect(mock.calls()).toHaveLength(0);

    // Closing again (a second payment event): nothing changes; a schedule already gone is fine.
    scheduler.on(DeleteScheduleCommand).rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    const again = await evaluate('PAID-1', 'PAID-1-payment-stmt_2', NOW, 'payment');
    expect(again.output).toMatchObject({ closed: { closed: false } });
    expect((await h.escalation.getEscalation('PAID-1')).version).toBe(record.version);
  });

  it('a write-off needs no next evaluation: the pending one is cancelled', async () => {
    await seed('WO-1', [{ invoiceNumber: 'W-1', dueDate: '2026-07-25', issueDate: '2026-06-25', amount: 80_000, balance: 80_000 }]);
    await saveRecord({ accountId: 'WO-1', stage: 'pre-legal', since: '2026-11-15T15:00:00.000Z', preLegalLetterAt: '2026-11-15T15:00:00.000Z', nextEvaluationAt: '2026-12-06T15:00:00.000Z', history: [{ at: '2026-11-15T15:00:00.000Z', from: 'advanced', to: 'pre-legal', reason: 'late' }] });
    const { states } = await evaluate('WO-1', 'WO-1-task-t-1', NOW, 'task');
    expect(states).toContain('WriteOff');
    const record = await h.escalation.getEscalation('WO-1');
    expect(record).toMatchObject({ stage: 'write-off', writtenOffAt: NOW });
    expect(record).not.toHaveProperty('nextEvaluationAt');
    expect(scheduler).not.toHaveReceivedCommand(CreateScheduleCommand);
    expect(scheduler).toHaveReceivedCommandWith(DeleteScheduleCommand, { Name: expectedScheduleName('WO-1', '2026-12-06T15:00:00.000Z') });
    expect(await logOf('WO-1', 'account.written-off')).toHaveLength(1);
  });

  it('a failing side effect fails the evaluation after its retries and records nothing: the next trigger does it all again', async () => {
    await seed('FAIL-1', [{ invoiceNumber: 'X-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 2_000_000, balance: 2_000_000 }]);
    s3.on(PutObjectCommand).rejects(new Error('S3 is down'));
    const failed = await evaluate('FAIL-1', 'FAIL-1-invoice-X-1', NOW, 'invoice').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(EvaluationFailedError);
    expect(failed).toMatchObject({ failedState: 'SendLetter', stepError: { cause: 'S3 is down' }, executionError: { error: 'Escalation.StepFailed' } });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 4); // the try and 3 retries
    expect(await h.escalation.getEscalation('FAIL-1')).toMatchObject({ stage: 'current', version: 0 });
  });
});

describe('escalation-step: single steps, as Step Functions invokes them', () => {
  const request = (step: StepRequest['step'], extra: Partial<StepRequest> = {}): StepRequest => ({
    accountId: 'ONE-1',
    evaluationId: 'ONE-1-manual-1',
    trigger: { kind: 'manual', at: NOW },
    step,
    ...extra,
  });

  beforeAll(async () => {
    await seed('ONE-1', [{ invoiceNumber: 'O-1', dueDate: '2026-10-25', issueDate: '2026-09-25', amount: 4_000_000, balance: 4_000_000 }]);
  });

  it('refuses an input that is not a step request', async () => {
    const handler = escalationStepHandler(h, NOW);
    await expect(handler({ step: 'fly', accountId: 'ONE-1' }, context)).rejects.toThrow(/invalid step input: .*step/);
    await expect(handler({ ...request('load'), evaluationId: 'has spaces' }, context)).rejects.toThrow(/invalid step input: evaluationId/);
    await expect(handler(request('record'), context)).rejects.toThrow('step record needs the decision at $.decision');
  });

  it('load holds the account: a concurrent evaluation is told to look again in two minutes, and its re-check leaves the lease alone', async () => {
    const handler = escalationStepHandler(h, NOW);
    const mine = await handler(request('load'), context);
    expect(mine).toMatchObject({ settled: false, paused: false, stage: 'current', version: 0 });
    const other = { ...request('load'), evaluationId: 'ONE-1-payment-x' };
    const busy = await handler(other, context);
    expect(busy).toEqual({
      settled: false,
      paused: true,
      busy: true,
      pausedUntil: '2026-12-01T15:02:00.000Z',
      pauseReason: 'another evaluation of this account is running; looking again shortly',
      stage: 'current',
      version: 0,
    });
    expect(await handler({ ...other, step: 'schedule', load: busy as StepRequest['load'] }, context)).toEqual({ at: '2026-12-01T15:02:00.000Z' });
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, { Name: expectedScheduleName('ONE-1', '2026-12-01T15:02:00.000Z'), ScheduleExpression: 'at(2026-12-01T09:02:00)' });
    expect(JSON.parse(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target!.Input!)).toMatchObject({
      evaluationId: 'ONE-1-schedule-202612011502',
      trigger: { kind: 'schedule', detail: 'another evaluation of this account is running; looking again shortly' },
    });
    // Still ours: the busy one did not release it.
    expect(await h.escalation.acquireLease('ONE-1', 'ONE-1-payment-x', NOW, '2026-12-01T15:05:00.000Z')).toBe(false);
    expect(await h.escalation.acquireLease('ONE-1', 'ONE-1-manual-1', NOW, '2026-12-01T15:05:00.000Z')).toBe(true);
  });

  it('retried steps do not act twice: one task per evaluation, one letter id per evaluation', async () => {
    const handler = escalationStepHandler(h, NOW);
    const decision = await handler(request('decide', { load: { settled: false, paused: false, stage: 'current', version: 0 } }), context);
    expect(decision).toMatchObject({ stage: 'mid', run: { createTask: true, switchCadence: true, sendLetter: false } });
    const step = request('create-task', { decision: decision as StepRequest['decision'] });
    const first = await handler(step, context);
    const second = await handler(step, context);
    expect(second).toEqual(first);
    expect(await h.tasks.listOpenTasks('ONE-1')).toEqual([expect.objectContaining({ taskId: (first as { taskId: string }).taskId, type: 'personal-contact' })]);

    const letter = request('send-letter', { decision: decision as StepRequest['decision'] });
    await handler(letter, context);
    await handler(letter, context);
    const ids = queued<EmailMessage>(sqs, QUEUE_URLS.email).map((m) => m.reminderId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1); // the sender's idempotency key: sent once
  });

  it('record refuses to write over a record another evaluation changed (the version load read)', async () => {
    const handler = escalationStepHandler(h, NOW);
    const decision = await handler(request('decide', { load: { settled: false, paused: false, stage: 'current', version: 0 } }), context);
    await saveRecord({ accountId: 'ONE-1', stage: 'early', since: NOW, history: [] });
    await expect(handler(request('record', { load: { settled: false, paused: false, stage: 'current', version: 0 }, decision: decision as StepRequest['decision'] }), context)).rejects.toThrow(
      /changed during the evaluation \(version 0 → 1\)/,
    );
    expect(await h.escalation.getEscalation('ONE-1')).toMatchObject({ stage: 'early', version: 1 });
  });
});

describe('escalation-step: the letter earns its place and passes the contact rules', () => {
  it('waits until tomorrow when a reminder already reached the debtor today, then goes out', async () => {
    await seed('GATE-1', [{ invoiceNumber: 'G-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 1_800_000, balance: 1_800_000 }]);
    // An SMS about G-1 went out at 08:30 this Tuesday in Mexico City.
    await h.ledger.saveContactState({ accountId: 'GATE-1', version: 0, entries: [{ messageId: 'm-today', at: '2026-12-01T14:30:00.000Z', channel: 'sms', invoiceNumbers: ['G-1'] }] });
    const { states } = await evaluate('GATE-1', 'GATE-1-manual-1', NOW);
    expect(states).toContain('SendLetter');
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    const held = await h.escalation.getEscalation('GATE-1');
    expect(held.stage).toBe('pre-legal');
    expect(held.preLegalLetterAt).toBeUndefined();
    // Wednesday 2 Dec, 08:00 in Mexico City: the first moment of the next day inside business hours.
    expect(held.nextEvaluationAt).toBe('2026-12-02T14:00:00.000Z');
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, { Name: expectedScheduleName('GATE-1', '2026-12-02T14:00:00.000Z') });
    expect(await logOf('GATE-1', 'letter.deferred')).toHaveLength(1);

    sqs.resetHistory();
    await evaluate('GATE-1', 'GATE-1-schedule-202612021400', '2026-12-02T14:00:05.000Z', 'schedule');
    expect(queued<EmailMessage>(sqs, QUEUE_URLS.email).map((m) => m.kind)).toEqual(['letter']);
    expect(await h.escalation.getEscalation('GATE-1')).toMatchObject({ stage: 'pre-legal', preLegalLetterAt: '2026-12-02T14:00:05.000Z' });
  });

  it('an old debt loaded fresh gets no letter: its first contacts are the reminders of the ladder', async () => {
    await seed('OLD-1', [{ invoiceNumber: 'O-1', dueDate: '2026-05-04', issueDate: '2026-04-04', amount: 5_000_000, balance: 5_000_000 }], {}, 'fresh');
    const { states } = await evaluate('OLD-1', 'OLD-1-invoice-O-1', NOW, 'invoice');
    expect(states).not.toContain('SendLetter');
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    const record = await h.escalation.getEscalation('OLD-1');
    expect(record.stage).toBe('advanced');
    expect(record.history.at(-1)?.reason).toContain('pre-legal not yet earned: 0 collection messages delivered');
  });

  it('counts only reminders that reached the debtor: a bounced one does not earn the letter', async () => {
    await seed('BNC-1', [{ invoiceNumber: 'B-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 1_800_000, balance: 1_800_000 }]);
    await h.log.append([{ interactionId: 'message.bounced#seasoned-2', accountId: 'BNC-1', at: '2026-09-15T15:05:00.000Z', type: 'message.bounced', reminderId: 'm-seasoned-2', channel: 'email', detail: 'hard bounce' }]);
    const { states } = await evaluate('BNC-1', 'BNC-1-manual-1', NOW);
    expect(states).not.toContain('SendLetter');
    expect((await h.escalation.getEscalation('BNC-1')).stage).toBe('advanced');
  });

  it('the hand-off package gives the agency only what is overdue and undisputed; the rest is listed apart', async () => {
    await seed('HO-2', [
      { invoiceNumber: 'H-1', dueDate: '2026-08-18', issueDate: '2026-07-19', amount: 5_000_000, balance: 5_000_000 },
      // Due a week from now: never the agency's to collect.
      { invoiceNumber: 'H-9', dueDate: '2026-12-08', issueDate: '2026-11-08', amount: 3_000_000, balance: 3_000_000 },
    ]);
    await saveRecord({ accountId: 'HO-2', stage: 'pre-legal', since: '2026-11-20T15:00:00.000Z', preLegalLetterAt: '2026-11-20T15:00:00.000Z', preLegalDeadline: '2026-11-30', history: [] });
    const { states } = await evaluate('HO-2', 'HO-2-schedule-202612011500', NOW, 'schedule');
    expect(states).toContain('PrepareHandOff');
    const pack = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]!.args[0].input.Body));
    expect(pack.invoices.map((i: Invoice & { daysLate: number }) => [i.invoiceNumber, i.daysLate])).toEqual([['H-1', 105]]);
    expect(pack.notYetDueInvoices.map((i: Invoice) => i.invoiceNumber)).toEqual(['H-9']);
  });
});

describe('escalation-step: a letter counts only once it reached the debtor', () => {
  it('by post when email cannot be used (opted out): a task for a person, no email, no grace period until it is posted', async () => {
    await seed('POST-1', [{ invoiceNumber: 'P-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 6_000_000, balance: 6_000_000 }]);
    await h.consents.recordConsent({ accountId: 'POST-1', channel: 'email', address: 'pagos@post-1.example.com', status: 'opted-out', since: '2026-11-20T15:00:00.000Z', source: 'sms-keyword' });
    await evaluate('POST-1', 'POST-1-manual-1', NOW);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    const [post] = (await h.tasks.listOpenTasks('POST-1')).filter((t) => t.type === 'post-letter');
    expect(post?.text).toContain('It cannot go by email: opted out (2026-11-20)');
    const record = await h.escalation.getEscalation('POST-1');
    expect(record.stage).toBe('pre-legal');
    expect(record.preLegalLetterAt).toBeUndefined();

    // Weeks later, still not posted: no second letter, no hand-off.
    s3.resetHistory();
    const later = await evaluate('POST-1', 'POST-1-schedule-1', '2026-12-20T15:00:00.000Z', 'schedule');
    expect(later.states).not.toContain('SendLetter');
    expect(later.states).not.toContain('PrepareHandOff');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);

    // Posted on Monday 21 Dec: the grace runs from then (21 Dec + 10 days = 31 Dec, a Thursday).
    await completeTask({ ...h, clock: fixedClock('2026-12-21T18:00:00.000Z'), policy: new ActivePolicy(h.policies, fixedClock('2026-12-21T18:00:00.000Z')), evaluations: { send: async () => undefined } }, post!.taskId, 'ana', 'posted by registered mail');
    const before = await evaluate('POST-1', 'POST-1-schedule-2', '2026-12-31T15:00:00.000Z', 'schedule');
    expect(before.states).not.toContain('PrepareHandOff');
    const after = await evaluate('POST-1', 'POST-1-schedule-3', '2027-01-01T15:00:05.000Z', 'schedule');
    expect(after.states).toContain('PrepareHandOff');
  });

  it('never emails a letter to a Colombian debtor who authorised only SMS (Ley 2300 de 2023 art. 2): by post', async () => {
    await seed('COSMS-1', [{ invoiceNumber: 'C-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 6_000_000, balance: 6_000_000, currency: 'COP' }], { country: 'CO', timezone: 'America/Bogota', channels: ['sms'], phone: '+573001234567' });
    await evaluate('COSMS-1', 'COSMS-1-manual-1', NOW);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect((await h.tasks.listOpenTasks('COSMS-1')).map((t) => t.type)).toContain('post-letter');
  });

  it('a letter that bounced does not count: the next evaluation sends it again (by post, the address being invalid)', async () => {
    await seed('BNCL-1', [{ invoiceNumber: 'B-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 6_000_000, balance: 6_000_000 }]);
    await evaluate('BNCL-1', 'BNCL-1-manual-1', NOW);
    const [letter] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    await h.log.append([{ interactionId: `message.bounced#${letter!.reminderId}`, accountId: 'BNCL-1', at: '2026-12-01T15:10:00.000Z', type: 'message.bounced', reminderId: letter!.reminderId, channel: 'email', detail: 'hard bounce' }]);
    await h.consents.recordConsent({ accountId: 'BNCL-1', channel: 'email', address: 'pagos@bncl-1.example.com', status: 'invalid', since: '2026-12-01T15:10:00.000Z', source: 'email-provider' });
    const again = await evaluate('BNCL-1', 'BNCL-1-schedule-1', '2026-12-08T15:00:00.000Z', 'schedule');
    expect(again.states).toContain('SendLetter');
    expect((await h.tasks.listOpenTasks('BNCL-1')).map((t) => t.type)).toContain('post-letter');
    // …and the hand-off waits for that letter, long after the first one's deadline.
    const late = await evaluate('BNCL-1', 'BNCL-1-schedule-2', '2026-12-20T15:00:00.000Z', 'schedule');
    expect(late.states).not.toContain('PrepareHandOff');
  });

  it('a Record step that failed after the letter was queued sends no second letter: the log says it went', async () => {
    await seed('REC-1', [{ invoiceNumber: 'R-1', dueDate: '2026-08-20', issueDate: '2026-07-21', amount: 6_000_000, balance: 6_000_000 }]);
    await evaluate('REC-1', 'REC-1-manual-1', NOW);
    expect(queued(sqs, QUEUE_URLS.email)).toHaveLength(1);
    // As if Record had failed: the record never learnt about the letter.
    const record = await h.escalation.getEscalation('REC-1');
    const { preLegalLetterAt: _a, preLegalDeadline: _d, ...withoutLetter } = record;
    expect(await h.escalation.saveEscalation(withoutLetter)).toBe(true);
    sqs.resetHistory();
    const again = await evaluate('REC-1', 'REC-1-schedule-1', '2026-12-03T15:00:00.000Z', 'schedule');
    expect(again.states).not.toContain('SendLetter');
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
  });
});
