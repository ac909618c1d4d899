import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { dynamoClient } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createIngestFinishHandler } from './app.js';

const env = readEnv(['interactionsTable', 'bucketName']);

export const handler = createIngestFinishHandler({
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  observability: lambdaObservability(),
});
