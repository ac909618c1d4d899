import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import type { EmailMessage, LetterDispatchMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, channelHarness, channelQueues, context, debtor, fixedClock, observability, openInvoice, QUEUE_URLS, queued, reminderScheduler, sqsEvent, type ChannelHarness } from './harness.js';

/**
 * A pre-legal letter a sender held back (an SQS retry after hours) comes back through dispatch-reminder:
 * the email exactly as the escalation composed and kept it, once the contact rules allow it.
 */
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const scheduler = mockClient(SchedulerClient);
let h: ChannelHarness;
let escalation: DynamoDbEscalationStore;

const KEY = 'escalation/letters/LT-1/LT-1-manual-1.email.json';
const email: EmailMessage = {
  accountId: 'LT-1',
  invoiceNumber: 'F-1',
  reminderId: 'letter-abc',
  locale: 'es-MX',
  kind: 'letter',
  to: 'pagos@lt-1.example.com',
  subject: 'Aviso',
  text: 'Texto de la carta',
  html: '<p>Texto de la carta</p>',
  dispatch: { kind: 'letter', accountId: 'LT-1', reminderId: 'letter-abc', emailKey: KEY, scheduledFor: '2026-12-01T15:00:00.000Z' },
};
const held: LetterDispatchMessage = { kind: 'letter', accountId: 'LT-1', reminderId: 'letter-abc', emailKey: KEY, scheduledFor: '2026-12-02T01:30:00.000Z', held: 1 };

function dispatcher(now: string) {
  const clock = fixedClock(now);
  return createDispatchReminderHandler({
    store: h.store,
    log: h.log,
    queues: channelQueues(),
    consents: h.consents,
    ledger: h.ledger,
    scheduler: reminderScheduler(clock),
    policy: new ActivePolicy(h.policies, clock),
    escalation,
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    clock,
    observability,
  });
}

beforeAll(async () => {
  h = await channelHarness();
  escalation = new DynamoDbEscalationStore(h.dynamo.client, h.dynamo.tableNames.Accounts);
  await h.store.putAccounts([debtor('LT-1', { email: 'pagos@lt-1.example.com' })]);
  await h.store.putInvoices([openInvoice('LT-1', 'F-1', { dueDate: '2026-08-20' })]);
  await escalation.saveEscalation({ accountId: 'LT-1', stage: 'pre-legal', since: '2026-12-01T15:00:00.000Z', history: [], version: 0 });
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  for (const mock of [s3, sqs, scheduler]) mock.reset();
  s3.on(GetObjectCommand, { Key: KEY }).resolves({ Body: { transformToString: async () => JSON.stringify(email) } as never });
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  scheduler.on(CreateScheduleCommand).resolves({});
});

describe('dispatch-reminder: a held pre-legal letter', () => {
  it('after hours: deferred to the next moment the rules allow, nothing queued', async () => {
    // Tuesday 1 Dec 2026, 19:30 in Mexico City → Wednesday 08:00.
    await dispatcher('2026-12-02T01:30:00.000Z')(sqsEvent(held), context);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect(scheduler).toHaveReceivedCommandWith(CreateScheduleCommand, { ScheduleExpression: 'at(2026-12-02T08:00:00)', ScheduleExpressionTimezone: 'America/Mexico_City' });
    const input = JSON.parse(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target!.Input!);
    expect(input).toEqual({ ...held, scheduledFor: '2026-12-02T14:00:00.000Z', deferrals: 1 });
  });

  it('inside the hours: the email as composed, under a new message id', async () => {
    await dispatcher('2026-12-02T14:00:05.000Z')(sqsEvent({ ...held, scheduledFor: '2026-12-02T14:00:00.000Z', deferrals: 1 }), context);
    const [letter, ...more] = queued<EmailMessage>(sqs, QUEUE_URLS.email);
    expect(more).toEqual([]);
    expect(letter).toEqual({ ...email, reminderId: 'letter-abc-h1', dispatch: { ...held, scheduledFor: '2026-12-02T14:00:00.000Z', deferrals: 1 } });
  });

  it('sends nothing for an account that settled meanwhile', async () => {
    await h.store.putInvoices([openInvoice('LT-1', 'F-1', { dueDate: '2026-08-20', balance: 0, status: 'paid' })]);
    await dispatcher('2026-12-02T14:00:05.000Z')(sqsEvent(held), context);
    expect(queued(sqs, QUEUE_URLS.email)).toEqual([]);
    expect((await h.log.listForAccount('LT-1')).filter((l) => l.type === 'letter.skipped').map((l) => l.detail)).toEqual(['nothing is owed any more']);
  });
});
