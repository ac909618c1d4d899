import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { secretsContactKey } from '../../shared/adapters/aws/secrets-contact-key.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, sqsClient } from '../../shared/lambda/channel-deps.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createDebtorPortalHandler } from './app.js';

const env = readEnv([
  'accountsTable',
  'interactionsTable',
  'escalationQueueUrl',
  'contactSecretArn',
  'scheduleGroup',
  'schedulerRoleArn',
  'dispatchQueueArn',
  'schedulerDlqArn',
]);
const { store, log } = channelStores(env);

export const handler = createDebtorPortalHandler({
  store,
  log,
  escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
  tasks: new DynamoDbTaskStore(dynamoClient(), env.accountsTable),
  evaluations: new SqsQueue<EvaluationRequest>(sqsClient(), env.escalationQueueUrl),
  // An accepted plan's installment reminders go on the dispatch queue through the reminders' group.
  scheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), {
    groupName: env.scheduleGroup,
    targetArn: env.dispatchQueueArn,
    roleArn: env.schedulerRoleArn,
    deadLetterArn: env.schedulerDlqArn,
  }),
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  clock: systemClock,
  key: secretsContactKey(env.contactSecretArn),
  observability: lambdaObservability(),
});
