import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatchReminderHandler } from '../../functions/dispatch-reminder/app.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { DispatchMessage, EmailMessage } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, account, context, dynamoHarness, fixedClock, invoice, observability, reminderRecord, sqsEvent, stored } from './harness.js';

const sqs = mockClient(SQSClient);
const EMAIL_QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/email';
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createDispatchReminderHandler>;

const record = (reminderId: string, invoiceNumber: string) => ({
  ...reminderRecord(reminderId, invoiceNumber, { id: 'd+3', offsetDays: 3, channel: 'email', template: 'overdue', tone: 'friendly' }),
  sendAt: '2026-12-04T15:00:00.000Z',
});

const fired = (reminderId: string, invoiceNumber: string): DispatchMessage => ({
  accountId: 'MX-100',
  invoiceNumber,
  reminderId,
  stepId: 'd+3',
  channel: 'email',
  template: 'overdue',
  tone: 'friendly',
  scheduledFor: '2026-12-04T15:00:00.000Z',
});

beforeAll(async () => {
  h = await dynamoHarness();
  const clock = fixedClock('2026-12-04T15:00:05Z');
  handler = createDispatchReminderHandler({
    store: h.store,
    log: h.log,
    emailQueue: new SqsQueue<EmailMessage>(new SQSClient({ region: 'us-east-1' }), EMAIL_QUEUE),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    observability,
  });
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice), stored({ ...invoice, invoiceNumber: 'F-2', status: 'paid' as const, balance: 0 })]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
});

describe('dispatch-reminder handler', () => {
  it('renders a personalised Spanish email for an open invoice and queues it for sending', async () => {
    await h.store.putReminder(record('r1', 'F-1'));
    const result = await handler(sqsEvent(fired('r1', 'F-1')), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: EMAIL_QUEUE });
    const body = JSON.parse(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries![0]!.MessageBody!);
    expect(body).toMatchObject({ reminderId: 'r1', to: 'pagos@ferreteria.example.com', locale: 'es-MX' });
    expect(body.text).toContain('Ferretería del Norte');
    expect(body.text).toContain('F-1');
    expect(body.text).toMatch(/12,345\.67/);
    expect(body.html).toContain('F-1');
  });

  it('skips an invoice that was paid meanwhile, with the reason in the log', async () => {
    await h.store.putReminder(record('r2', 'F-2'));
    await handler(sqsEvent(fired('r2', 'F-2')), context);

    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    expect((await h.store.getReminder({ accountId: 'MX-100', invoiceNumber: 'F-2' }, 'r2'))?.status).toBe('skipped');
    const skipped = (await h.log.listForAccount('MX-100')).find((i) => i.reminderId === 'r2');
    expect(skipped).toMatchObject({ type: 'reminder.skipped', detail: 'invoice paid' });
  });

  it('skips a reminder that was cancelled before its schedule fired', async () => {
    await h.store.putReminder({ ...record('r3', 'F-1'), status: 'cancelled' });
    await handler(sqsEvent(fired('r3', 'F-1')), context);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('skips a reminder that arrives days late instead of sending a stale message', async () => {
    await h.store.putReminder(record('r4', 'F-1'));
    await handler(sqsEvent({ ...fired('r4', 'F-1'), scheduledFor: '2026-11-30T15:00:00.000Z' }), context);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
    const skipped = (await h.log.listForAccount('MX-100')).find((i) => i.reminderId === 'r4');
    expect(skipped?.detail).toMatch(/late/);
  });
});
