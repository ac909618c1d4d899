import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbEscalationStore } from '../../shared/adapters/aws/dynamodb-escalation-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createUpdatePolicyHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'bucketName', 'escalationQueueUrl']);

export const handler = createUpdatePolicyHandler({
  policies: new DynamoDbPolicyStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  clock: systemClock,
  escalation: new DynamoDbEscalationStore(dynamoClient(), env.accountsTable),
  evaluations: new SqsQueue<EvaluationRequest>(new SQSClient({}), env.escalationQueueUrl),
  observability: lambdaObservability(),
});
