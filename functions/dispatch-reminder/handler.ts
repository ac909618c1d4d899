import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EmailMessage } from '../../shared/domain/types.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { ActivePolicy } from '../../shared/usecases/active-policy.js';
import { createDispatchReminderHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'emailQueueUrl']);

export const handler = createDispatchReminderHandler({
  store: new DynamoDbAccountStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  emailQueue: new SqsQueue<EmailMessage>(new SQSClient({}), env.emailQueueUrl),
  policy: new ActivePolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  clock: systemClock,
  observability: lambdaObservability(),
});
