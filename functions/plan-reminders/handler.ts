import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { EventBridgeReminderScheduler } from '../../shared/adapters/aws/eventbridge-scheduler.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createPlanRemindersHandler } from './app.js';

const env = readEnv([
  'accountsTable',
  'interactionsTable',
  'dispatchQueueArn',
  'planningQueueArn',
  'scheduleGroup',
  'schedulerRoleArn',
  'schedulerDlqArn',
  'escalationQueueUrl',
]);

export const handler = createPlanRemindersHandler({
  store: new DynamoDbAccountStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  scheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), {
    groupName: env.scheduleGroup,
    targetArn: env.dispatchQueueArn,
    planningTargetArn: env.planningQueueArn,
    roleArn: env.schedulerRoleArn,
    deadLetterArn: env.schedulerDlqArn,
  }),
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  clock: systemClock,
  evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({}), env.escalationQueueUrl),
  observability: lambdaObservability(),
});
