import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createReconcileStatementHandler } from '../../functions/reconcile-statement/app.js';
import { DynamoDbPaymentStore } from '../../shared/adapters/aws/dynamodb-payment-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EmailMessage, PlanRequest } from '../../shared/domain/types.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { acceptAll, context, dynamoHarness, fixedClock, observability, stored, objectCreated } from './harness.js';

const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
let h: Awaited<ReturnType<typeof dynamoHarness>>;
let handler: ReturnType<typeof createReconcileStatementHandler>;
const STATEMENT = readFileSync(new URL('../../examples/statements/estado-cuenta-2026-11.csv', import.meta.url));


beforeAll(async () => {
  h = await dynamoHarness();
  const clock = fixedClock('2026-11-27T15:00:00Z');
  const client = new SQSClient({ region: 'us-east-1' });
  handler = createReconcileStatementHandler({
    store: h.store,
    payments: new DynamoDbPaymentStore(h.dynamo.client, h.dynamo.tableNames.Accounts),
    log: h.log,
    planning: new SqsQueue<PlanRequest>(client, 'https://sqs/planning'),
    emailQueue: new SqsQueue<EmailMessage>(client, 'https://sqs/email'),
    alerts: new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), 'arn:aws:sns:us-east-1:123456789012:finance'),
    policy: new ActivePolicy(h.policies, clock),
    files: new S3ObjectStore(new S3Client({ region: 'us-east-1' }), 'files'),
    clock,
    observability,
  });
  await h.store.putAccounts([
    stored({ accountId: 'C-1001', name: 'Abarrotes La Esperanza SA de CV', taxId: 'ALE950314AB1', email: 'cobranza@abarroteslaesperanza.example.com', country: 'MX', timezone: 'America/Mexico_City', locale: 'es-MX' }),
  ]);
  await h.store.putInvoices([
    stored({ accountId: 'C-1001', invoiceNumber: 'F-2026-0934', currency: 'MXN', amount: 928_000, balance: 928_000, dueDate: '2026-09-17', status: 'open' as const }),
  ]);
});

afterAll(async () => {
  await h.dynamo.close();
});

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([STATEMENT]) }));
  s3.on(PutObjectCommand).resolves({});
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
  sns.reset();
  sns.on(PublishCommand).resolves({});
});

describe('reconcile-statement handler', () => {
  it('reads the statement (currency from its folder), applies the clear payment, reports the rest, writes the report beside it', async () => {
    const report = await handler(objectCreated('statements/MXN/estado+cuenta.csv'), context);

    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'files', Key: 'statements/MXN/estado cuenta.csv' });
    expect(report).toMatchObject({ format: 'csv', lines: 7, payments: 5, duplicates: 0 });
    expect(report.applied + report.partial + report.exceptions).toBe(5);
    expect(report.rejected).toEqual([{ line: 11, reason: expect.stringContaining('1O,OOO.00') as string }]);
    expect(await h.store.getInvoice({ accountId: 'C-1001', invoiceNumber: 'F-2026-0934' })).toMatchObject({ balance: 0, status: 'paid' });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/statements/MXN/estado cuenta.csv.json', ContentType: 'application/json' });
    // Unplaceable credits alert finance.
    expect(sns).toHaveReceivedCommand(PublishCommand);
  });

  it('reports every payment as a duplicate the second time', async () => {
    const report = await handler(objectCreated('statements/MXN/estado+cuenta.csv'), context);
    expect(report).toMatchObject({ payments: 5, duplicates: 5, applied: 0, exceptions: 0 });
  });

  it('without a currency for a CSV export, rejects the credit lines with the reason instead of guessing', async () => {
    const report = await handler(objectCreated('statements/estado.csv'), context);
    expect(report.payments).toBe(0);
    expect(report.rejected.filter((r) => /currency/.test(r.reason))).toHaveLength(5);
  });
});
