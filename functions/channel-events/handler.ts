import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EmailMessage, SmsMessage, WhatsAppMessage } from '../../shared/domain/types.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, dispatchQueue, sqsClient } from '../../shared/lambda/channel-deps.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createChannelEventsHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'idempotencyTable', 'dispatchQueueUrl', 'emailQueueUrl', 'smsQueueUrl', 'whatsappQueueUrl', 'escalationQueueUrl']);

export const handler = createChannelEventsHandler({
  ...channelStores(env),
  tasks: new DynamoDbTaskStore(dynamoClient(), env.accountsTable),
  dispatchQueue: dispatchQueue(env.dispatchQueueUrl),
  queues: {
    email: new SqsQueue<EmailMessage>(sqsClient(), env.emailQueueUrl),
    sms: new SqsQueue<SmsMessage>(sqsClient(), env.smsQueueUrl),
    whatsapp: new SqsQueue<WhatsAppMessage>(sqsClient(), env.whatsappQueueUrl),
  },
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
  evaluations: new SqsQueue<EvaluationRequest>(sqsClient(), env.escalationQueueUrl),
  observability: lambdaObservability(),
});
