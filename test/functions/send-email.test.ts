import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSendEmailHandler } from '../../functions/send-email/app.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import type { EmailMessage } from '../../shared/domain/types.js';
import { account, context, dynamoHarness, fixedClock, invoice, observability, reminderRecord, sqsEvent, stored } from './harness.js';

const ses = mockClient(SESv2Client);
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createSendEmailHandler>;

const reminder = (reminderId: string, invoiceNumber = 'F-1') => reminderRecord(reminderId, invoiceNumber);

const message = (reminderId: string, invoiceNumber = 'F-1'): EmailMessage => ({
  accountId: 'MX-100',
  invoiceNumber,
  reminderId,
  to: 'pagos@ferreteria.example.com',
  subject: 'Recordatorio: factura F-1',
  text: 'Hola',
  html: '<p>Hola</p>',
  locale: 'es-MX',
});

beforeAll(async () => {
  h = await dynamoHarness();
  handler = createSendEmailHandler({
    store: h.store,
    log: h.log,
    email: new SesEmailSender(new SESv2Client({ region: 'us-east-1' }), { from: 'cobranza@example.com', configurationSetName: 'cobranza' }),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: h.dynamo.tableNames.Idempotency, awsSdkV3Client: h.dynamo.client }),
    clock: fixedClock('2026-11-26T15:00:00Z'),
    observability,
  });
  await h.store.putAccounts([stored(account)]);
  await h.store.putInvoices([stored(invoice), stored({ ...invoice, invoiceNumber: 'F-9', status: 'paid' as const, balance: 0 })]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
});

describe('send-email handler', () => {
  it('sends through SES v2 with text and HTML, the configuration set and tags, then records it', async () => {
    await h.store.putReminder(reminder('r1'));
    const result = await handler(sqsEvent(message('r1')), context);

    expect(result.batchItemFailures).toEqual([]);
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'cobranza@example.com',
      Destination: { ToAddresses: ['pagos@ferreteria.example.com'] },
      ConfigurationSetName: 'cobranza',
      Content: {
        Simple: {
          Subject: { Data: 'Recordatorio: factura F-1', Charset: 'UTF-8' },
          Body: { Text: { Data: 'Hola', Charset: 'UTF-8' }, Html: { Data: '<p>Hola</p>', Charset: 'UTF-8' } },
        },
      },
      EmailTags: expect.arrayContaining([{ Name: 'reminder', Value: 'r1' }]),
    });
    expect((await h.store.getReminder(invoice, 'r1'))?.status).toBe('sent');
    const sent = (await h.log.listForAccount('MX-100')).filter((i) => i.type === 'message.sent');
    expect(sent).toMatchObject([{ reminderId: 'r1', detail: 'ses-0001' }]);
  });

  it('never sends twice when SQS delivers the same message again', async () => {
    await h.store.putReminder(reminder('r2'));
    await handler(sqsEvent(message('r2')), context);
    await handler(sqsEvent(message('r2')), context);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
  });

  it('does not send for an invoice paid since the reminder was dispatched', async () => {
    await h.store.putReminder(reminder('r3', 'F-9'));
    const result = await handler(sqsEvent(message('r3', 'F-9')), context);
    expect(result.batchItemFailures).toEqual([]);
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('reports only the failed send for retry, logs why, and leaves the reminder to be retried', async () => {
    ses.on(SendEmailCommand).callsFake((input: { Destination: { ToAddresses: string[] } }) => {
      if (input.Destination.ToAddresses[0]?.startsWith('quota')) {
        throw Object.assign(new Error('Daily sending quota exceeded'), { name: 'LimitExceededException' });
      }
      return { MessageId: 'ses-0002' };
    });
    await h.store.putReminder(reminder('r4'));
    await h.store.putReminder(reminder('r5'));
    const result = await handler(sqsEvent({ ...message('r4'), to: 'quota@ferreteria.example.com' }, message('r5')), context);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-0' }]);
    const failed = (await h.log.listForAccount('MX-100')).filter((i) => i.type === 'message.failed');
    expect(failed[0]).toMatchObject({ reminderId: 'r4', detail: expect.stringMatching(/quota/) });
    expect((await h.store.getReminder(invoice, 'r4'))?.status).toBe('scheduled');
    expect((await h.store.getReminder(invoice, 'r5'))?.status).toBe('sent');
  });
});
