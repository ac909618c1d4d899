import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createIngestPlanHandler } from './app.js';

const env = readEnv(['bucketName']);

export const handler = createIngestPlanHandler({
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  clock: systemClock,
  observability: lambdaObservability(),
});
