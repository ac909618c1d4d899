import { S3Client } from '@aws-sdk/client-s3';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createCurateLakeHandler } from './app.js';

const env = readEnv(['bucketName']);

export const handler = createCurateLakeHandler({
  s3: new S3Client({}),
  bucketName: env.bucketName,
  observability: lambdaObservability(),
});
