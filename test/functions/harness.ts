import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSEvent } from 'aws-lambda';
import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { ObjectCreatedEvent } from '../../functions/ingest-file/app.js';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbConsentStore } from '../../shared/adapters/aws/dynamodb-consent-store.js';
import { DynamoDbContactLedger } from '../../shared/adapters/aws/dynamodb-contact-ledger.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { DynamoDbSentMessages } from '../../shared/adapters/aws/dynamodb-sent-messages.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import { startDynalite } from '../../shared/adapters/local/dynalite-server.js';
import { contentHash } from '../../shared/domain/content-hash.js';
import type { Account, CadenceStep, DispatchMessage, EmailMessage, Invoice, ReminderRecord, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { quietObservability } from '../../shared/lambda/observability.js';
import type { Clock, StoredAccount, StoredInvoice } from '../../shared/ports.js';
import type { ChannelQueues } from '../../shared/usecases/dispatch-reminder.js';
import { localContext } from '../../infra/local/lambda-context.js';
import { createEscalationStepHandler } from '../../functions/escalation-step/app.js';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';

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

/** sqsEvent whose records SQS received at `sentAt` (their SentTimestamp). */
export function sqsEventAt(sentAt: string, ...bodies: unknown[]): SQSEvent {
  const event = sqsEvent(...bodies);
  return { Records: event.Records.map((r) => ({ ...r, attributes: { ...r.attributes, SentTimestamp: String(Date.parse(sentAt)) } })) };
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

// ---------------------------------------------------------------------------------------------
// Channels (issue #4): SMS, WhatsApp, contact rules
// ---------------------------------------------------------------------------------------------

/**
 * dynamoHarness plus the stores of the channel functions (consent, contact ledger, sent messages,
 * tasks) and the Powertools idempotency store, all on the same dynalite.
 */
export async function channelHarness() {
  const base = await dynamoHarness();
  const { client, tableNames } = base.dynamo;
  return {
    ...base,
    consents: new DynamoDbConsentStore(client, tableNames.Accounts),
    ledger: new DynamoDbContactLedger(client, tableNames.Accounts),
    sent: new DynamoDbSentMessages(client, tableNames.Accounts),
    tasks: new DynamoDbTaskStore(client, tableNames.Accounts),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: tableNames.Idempotency, awsSdkV3Client: client }),
  };
}
export type ChannelHarness = Awaited<ReturnType<typeof channelHarness>>;

export const QUEUE_URLS = {
  email: 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-email',
  sms: 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-sms',
  whatsapp: 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-whatsapp',
  dispatch: 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-dispatch',
} as const;

/** The three channel queues on SQS (mock the SQSClient class to see what goes on them). */
export function channelQueues(client = new SQSClient({ region: 'us-east-1' })): ChannelQueues {
  return {
    email: new SqsQueue<EmailMessage>(client, QUEUE_URLS.email),
    sms: new SqsQueue<SmsMessage>(client, QUEUE_URLS.sms),
    whatsapp: new SqsQueue<WhatsAppMessage>(client, QUEUE_URLS.whatsapp),
  };
}

export function dispatchQueue(client = new SQSClient({ region: 'us-east-1' })): SqsQueue<DispatchMessage> {
  return new SqsQueue<DispatchMessage>(client, QUEUE_URLS.dispatch);
}

/** Every body sent to `queueUrl` with SendMessageBatch, parsed, in order. */
export function queued<T = Record<string, unknown>>(sqs: AwsClientStub<SQSClient>, queueUrl: string): T[] {
  return sqs
    .commandCalls(SendMessageBatchCommand)
    .filter((call) => call.args[0].input.QueueUrl === queueUrl)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => JSON.parse(entry.MessageBody ?? 'null') as T);
}

export const SCHEDULER = {
  groupName: 'cobranza-reminders',
  targetArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-dispatch',
  roleArn: 'arn:aws:iam::123456789012:role/cobranza-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-scheduler-dlq',
} as const;

/** The dispatcher's scheduler on EventBridge Scheduler (mock SchedulerClient), on the test clock. */
export function reminderScheduler(clock: Clock): EventBridgeReminderScheduler {
  return new EventBridgeReminderScheduler(new SchedulerClient({ region: 'us-east-1' }), { ...SCHEDULER, clock });
}

/** A Mexican debtor reachable by email and SMS (the number of the provider samples in test/fixtures/channel-events). */
export function debtor(accountId: string, extra: Partial<Account> = {}): StoredAccount {
  return stored({ ...account, accountId, phone: '+525512345678', ...extra });
}

/** An open invoice of `accountId`. */
export function openInvoice(accountId: string, invoiceNumber: string, extra: Partial<Invoice> = {}): StoredInvoice {
  return stored({ ...invoice, accountId, invoiceNumber, ...extra });
}

/** A scheduled reminder record of any account, due at `sendAt` (the schedule name is `s-<reminderId>`). */
export function scheduledReminder(
  accountId: string,
  invoiceNumber: string,
  reminderId: string,
  sendAt: string,
  step: CadenceStep = STEP_D5,
): ReminderRecord {
  return { ...reminderRecord(reminderId, invoiceNumber, step), accountId, sendAt, scheduleName: `s-${reminderId}` };
}

/** The dispatch message the reminder's schedule puts on the dispatch queue when it fires. */
export function firedMessage(record: ReminderRecord): DispatchMessage {
  return {
    accountId: record.accountId,
    invoiceNumber: record.invoiceNumber,
    reminderId: record.reminderId,
    stepId: record.step.id,
    channel: record.step.channel,
    template: record.step.template,
    tone: record.step.tone,
    scheduledFor: record.sendAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Escalation (issue #5): the escalation-step, start-escalation and escalation-api functions
// ---------------------------------------------------------------------------------------------

/** The escalation's AWS resources as the CDK app would name them (the mocks check exact inputs). */
export const ESCALATION_AWS = {
  bucket: 'cobranza-files',
  alertsTopicArn: 'arn:aws:sns:us-east-1:123456789012:cobranza-alerts',
  escalationQueueArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-escalation',
  escalationQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/cobranza-escalation',
  scheduleGroup: 'cobranza-escalation',
  schedulerRoleArn: 'arn:aws:iam::123456789012:role/cobranza-escalation-scheduler',
  schedulerDlqArn: 'arn:aws:sqs:us-east-1:123456789012:cobranza-escalation-scheduler-dlq',
} as const;

/** channelHarness plus the escalation store, on the same dynalite. */
export async function escalationHarness() {
  const base = await channelHarness();
  const { client, tableNames } = base.dynamo;
  return { ...base, escalation: new DynamoDbEscalationStore(client, tableNames.Accounts) };
}
export type EscalationHarness = Awaited<ReturnType<typeof escalationHarness>>;

/**
 * The escalation-step function wired as functions/escalation-step/handler.ts wires it (S3, SQS, SNS and
 * Scheduler clients to be mocked; DynamoDB from the harness), its clock at `now`.
 */
export function escalationStepHandler(h: EscalationHarness, now: string) {
  const clock = fixedClock(now);
  const region = 'us-east-1';
  return createEscalationStepHandler({
    store: h.store,
    log: h.log,
    escalation: h.escalation,
    tasks: h.tasks,
    ledger: h.ledger,
    consents: h.consents,
    files: new S3ObjectStore(new S3Client({ region }), ESCALATION_AWS.bucket),
    emailQueue: new SqsQueue<EmailMessage>(new SQSClient({ region }), QUEUE_URLS.email),
    alerts: new SnsAlertPublisher(new SNSClient({ region }), ESCALATION_AWS.alertsTopicArn),
    scheduler: new EventBridgeReminderScheduler(new SchedulerClient({ region }), {
      groupName: ESCALATION_AWS.scheduleGroup,
      targetArn: ESCALATION_AWS.escalationQueueArn,
      escalationTargetArn: ESCALATION_AWS.escalationQueueArn,
      roleArn: ESCALATION_AWS.schedulerRoleArn,
      deadLetterArn: ESCALATION_AWS.schedulerDlqArn,
      clock,
    }),
    policy: new ActivePolicy(h.policies, clock),
    clock,
    observability,
  });
}

/** An HTTP API v2 request to the collectors' API, signed (IAM) by `userArn`. */
export function escalationApiEvent(
  routeKey: string,
  options: { readonly pathParameters?: Record<string, string>; readonly body?: unknown; readonly userArn?: string } = {},
): APIGatewayProxyEventV2WithIAMAuthorizer {
  const [method, path] = routeKey.split(' ') as [string, string];
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.pathParameters?.[name] ?? name));
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      authorizer: {
        iam: {
          accessKey: 'AKIAEXAMPLE',
          accountId: '123456789012',
          callerId: 'AIDAEXAMPLE',
          cognitoIdentity: null as never,
          principalOrgId: 'o-example',
          userArn: options.userArn ?? 'arn:aws:iam::123456789012:user/ana.collector',
          userId: 'AIDAEXAMPLE',
        },
      },
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '01/Dec/2026:15:00:00 +0000',
      timeEpoch: Date.parse('2026-12-01T15:00:00Z'),
    },
  };
}
