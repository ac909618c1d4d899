import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { secretsContactKey } from '../../shared/adapters/aws/secrets-contact-key.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import { signUnsubscribe } from '../../shared/domain/channels/unsubscribe-token.js';
import { signPortalToken } from '../../shared/domain/portal/portal-token.js';
import type { EmailMessage, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, sqsClient } from '../../shared/lambda/channel-deps.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createDispatchReminderHandler } from './app.js';

const env = readEnv([
  'accountsTable',
  'interactionsTable',
  'emailQueueUrl',
  'smsQueueUrl',
  'whatsappQueueUrl',
  'unsubscribeUrl',
  'portalUrl',
  'contactSecretArn',
  'scheduleGroup',
  'schedulerRoleArn',
  'dispatchQueueArn',
  'schedulerDlqArn',
  'bucketName',
]);
const contactKey = secretsContactKey(env.contactSecretArn);
const { store, log, consents, ledger } = channelStores(env);

export const handler = createDispatchReminderHandler({
  store,
  log,
  consents,
  ledger,
  queues: {
    email: new SqsQueue<EmailMessage>(sqsClient(), env.emailQueueUrl),
    sms: new SqsQueue<SmsMessage>(sqsClient(), env.smsQueueUrl),
    whatsapp: new SqsQueue<WhatsAppMessage>(sqsClient(), env.whatsappQueueUrl),
  },
  scheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), {
    groupName: env.scheduleGroup,
    targetArn: env.dispatchQueueArn,
    roleArn: env.schedulerRoleArn,
    deadLetterArn: env.schedulerDlqArn,
  }),
  unsubscribeLink: async (accountId, address) =>
    `${env.unsubscribeUrl}?t=${signUnsubscribe({ accountId, channel: 'email', address }, await contactKey())}`,
  selfServiceLink: async (accountId, issuedAt) => `${env.portalUrl}?t=${signPortalToken(accountId, issuedAt, await contactKey())}`,
  escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
  // Only for letters a sender held back: their composed email, read from escalation/letters/.
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  clock: systemClock,
  observability: lambdaObservability(),
});
