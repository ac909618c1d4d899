import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SnsAlertPublisher } from '../../shared/adapters/aws/sns-alert-publisher.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EmailMessage } from '../../shared/domain/types.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, sqsClient } from '../../shared/lambda/channel-deps.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createEscalationStepHandler } from './app.js';

const env = readEnv([
  'accountsTable',
  'interactionsTable',
  'bucketName',
  'emailQueueUrl',
  'alertsTopicArn',
  'scheduleGroup',
  'schedulerRoleArn',
  'escalationQueueArn',
  'schedulerDlqArn',
]);
const { store, log, ledger, consents } = channelStores(env);

export const handler = createEscalationStepHandler({
  store,
  log,
  ledger,
  consents,
  escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
  tasks: new DynamoDbTaskStore(dynamoClient(), env.accountsTable),
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  emailQueue: new SqsQueue<EmailMessage>(sqsClient(), env.emailQueueUrl),
  alerts: new SnsAlertPublisher(new SNSClient({}), env.alertsTopicArn),
  scheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), {
    groupName: env.scheduleGroup,
    targetArn: env.escalationQueueArn,
    escalationTargetArn: env.escalationQueueArn,
    roleArn: env.schedulerRoleArn,
    deadLetterArn: env.schedulerDlqArn,
  }),
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  clock: systemClock,
  observability: lambdaObservability(),
});
