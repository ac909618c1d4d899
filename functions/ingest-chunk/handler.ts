import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { DynamoDbTaskStore } from '../../shared/adapters/aws/dynamodb-task-store.js';
import { S3ByteRanges } from '../../shared/adapters/aws/s3-byte-ranges.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import { DEFAULT_COLLECTABILITY } from '../../shared/domain/policy/collectability-section.js';
import type { PlanRequest } from '../../shared/domain/types.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createIngestChunkHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'bucketName', 'planningQueueUrl']);
const s3 = new S3Client({});
const policies = new DynamoDbPolicyStore(dynamoClient(), env.accountsTable);

// The same wiring as ingest-file: a chunk writes its rows exactly as a small file's rows are written.
export const handler = createIngestChunkHandler({
  store: new DynamoDbAccountStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  files: new S3ObjectStore(s3, env.bucketName),
  ranges: new S3ByteRanges(s3, env.bucketName),
  planning: new SqsQueue<PlanRequest>(new SQSClient({}), env.planningQueueUrl),
  collectability: async () => (await policies.getActive())?.collectability ?? DEFAULT_COLLECTABILITY,
  tasks: new DynamoDbTaskStore(dynamoClient(), env.accountsTable),
  clock: systemClock,
  observability: lambdaObservability(),
});
