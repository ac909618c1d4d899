import type { Context, SQSEvent } from 'aws-lambda';
import type { ObjectCreatedEvent } from '../../functions/ingest-file/app.js';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import { contentHash } from '../../shared/domain/content-hash.js';
import type { Account, CadenceStep, Invoice, ReminderRecord } from '../../shared/domain/types.js';
import { quietObservability } from '../../shared/lambda/observability.js';
import type { StoredAccount, StoredInvoice } from '../../shared/ports.js';
import { localContext } from '../../infra/local/lambda-context.js';

/**
 * Handler tests run the real handler factories with the real AWS adapters. DynamoDB is a real
 * in-memory dynalite (its semantics matter: conditions, batches); the side-effecting services
 * (S3, SQS, Scheduler, SES) are aws-sdk-client-mock mocks whose exact inputs the tests check.
 */
export async function dynamoHarness() {
  const dynamo = await startDynalite({});
  return {
    dynamo,
    store: new DynamoDbAccountStore(dynamo.client, dynamo.tableNames.Accounts),
    log: new DynamoDbInteractionLog(dynamo.client, dynamo.tableNames.Interactions),
    policies: new DynamoDbPolicyStore(dynamo.client, dynamo.tableNames.Accounts),
  };
}

export const observability = quietObservability();
export const context: Context = localContext('test');

export function fixedClock(iso: string) {
  return { now: () => new Date(iso) };
}

export function sqsEvent(...bodies: unknown[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `m-${i}`,
      receiptHandle: `r-${i}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '0',
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: '0',
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:test',
      awsRegion: 'us-east-1',
    })),
  };
}

export const account: Account = {
  accountId: 'MX-100',
  name: 'Ferretería del Norte, S.A. de C.V.',
  taxId: 'FNO010101AB1',
  email: 'pagos@ferreteria.example.com',
  country: 'MX',
  timezone: 'America/Mexico_City',
  locale: 'es-MX',
};

export const invoice: Invoice = {
  accountId: 'MX-100',
  invoiceNumber: 'F-1',
  currency: 'MXN',
  amount: 1_234_567,
  balance: 1_234_567,
  issueDate: '2026-11-01',
  dueDate: '2026-12-01',
  status: 'open',
};

export function stored<T extends Account | Invoice>(item: T): T extends Invoice ? StoredInvoice : StoredAccount {
  return { ...item, contentHash: contentHash(item), updatedAt: '2026-11-20T00:00:00.000Z' } as never;
}

/** A scheduled reminder record of F-1 (or another invoice of MX-100) at `step`. */
export function reminderRecord(reminderId: string, invoiceNumber = 'F-1', step: CadenceStep = STEP_D5): ReminderRecord {
  return {
    accountId: 'MX-100',
    invoiceNumber,
    reminderId,
    segmentId: 'current',
    step,
    sendAt: '2026-11-26T15:00:00.000Z',
    timezone: 'America/Mexico_City',
    catchUp: false,
    scheduleName: `cobranza-${reminderId}`,
    status: 'scheduled',
    updatedAt: '2026-11-23T14:00:00.000Z',
  };
}

export const STEP_D5: CadenceStep = { id: 'd-5', offsetDays: -5, channel: 'email', template: 'upcoming', tone: 'friendly' };

/** SendMessageBatch answer accepting every entry (for an aws-sdk-client-mock `callsFake`). */
export function acceptAll(input: { Entries: { Id: string }[] }) {
  return { Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] };
}

/** S3 "Object Created" as EventBridge delivers it (the key as S3 writes it: URL-encoded, `+` for a space). */
export function objectCreated(key: string, time = '2026-11-23T14:00:00Z'): ObjectCreatedEvent {
  return {
    version: '0',
    id: 'e1',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time,
    region: 'us-east-1',
    resources: [],
    detail: { bucket: { name: 'files' }, object: { key } },
  };
}
