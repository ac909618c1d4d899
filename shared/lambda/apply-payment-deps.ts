import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAccountStore } from '../adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPaymentStore } from '../adapters/aws/dynamodb-payment-store.js';
import { DynamoDbPolicyStore } from '../adapters/aws/dynamodb-policy-store.js';
import { SnsAlertPublisher } from '../adapters/aws/sns-alert-publisher.js';
import { SqsQueue } from '../adapters/aws/sqs-queue.js';
import type { EmailMessage, PlanRequest } from '../domain/types.js';
import type { EvaluationRequest } from '../config/escalation.js';
import { ActivePolicy } from '../usecases/active-policy.js';
import type { ApplyPaymentDeps } from '../usecases/apply-payment.js';
import { dynamoClient, systemClock } from './aws-clients.js';
import { readEnv } from './env.js';

/**
 * The adapters every function that applies payments needs (the queue consumer, the statement
 * reconciler, the exceptions API): one composition, so the three cannot drift apart.
 */
export function applyPaymentDeps(): ApplyPaymentDeps {
  const env = readEnv(['accountsTable', 'interactionsTable', 'planningQueueUrl', 'emailQueueUrl', 'alertsTopicArn', 'escalationQueueUrl']);
  const sqs = new SQSClient({});
  return {
    store: new DynamoDbAccountStore(dynamoClient(), env.accountsTable),
    payments: new DynamoDbPaymentStore(dynamoClient(), env.accountsTable),
    log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
    planning: new SqsQueue<PlanRequest>(sqs, env.planningQueueUrl),
    emailQueue: new SqsQueue<EmailMessage>(sqs, env.emailQueueUrl),
    alerts: new SnsAlertPublisher(new SNSClient({}), env.alertsTopicArn),
    policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
    clock: systemClock,
    evaluations: new SqsQueue<EvaluationRequest>(sqs, env.escalationQueueUrl),
  };
}
