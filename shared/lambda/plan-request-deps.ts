import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoDbEscalationStore } from '../adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbPolicyStore } from '../adapters/aws/dynamodb-policy-store.js';
import { DynamoDbTaskStore } from '../adapters/aws/dynamodb-task-store.js';
import { EventBridgeReminderScheduler } from '../adapters/aws/eventbridge-scheduler.js';
import { SqsQueue } from '../adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { ActivePolicy } from '../usecases/active-policy.js';
import type { PlanRequestDeps } from '../usecases/escalation-requests.js';
import { dynamoClient, systemClock } from './aws-clients.js';
import { channelStores, sqsClient } from './channel-deps.js';
import { readEnv } from './env.js';

/**
 * The adapters of the functions that take promises, disputes and plans from people (escalation-api
 * for collectors, debtor-portal for debtors): one composition, so the two cannot drift apart. A
 * plan's installment reminders go on the dispatch queue through the reminders' schedule group.
 */
export function planRequestDeps(): PlanRequestDeps {
  const env = readEnv(['accountsTable', 'interactionsTable', 'escalationQueueUrl', 'scheduleGroup', 'schedulerRoleArn', 'dispatchQueueArn', 'schedulerDlqArn']);
  const { store, log } = channelStores(env);
  return {
    store,
    log,
    escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
    tasks: new DynamoDbTaskStore(dynamoClient(), env.accountsTable),
    evaluations: new SqsQueue<EvaluationRequest>(sqsClient(), env.escalationQueueUrl),
    scheduler: new EventBridgeReminderScheduler(new SchedulerClient({}), {
      groupName: env.scheduleGroup,
      targetArn: env.dispatchQueueArn,
      roleArn: env.schedulerRoleArn,
      deadLetterArn: env.schedulerDlqArn,
    }),
    policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
    clock: systemClock,
  };
}
