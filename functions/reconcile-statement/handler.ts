import { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { applyPaymentDeps } from '../../shared/lambda/apply-payment-deps.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createReconcileStatementHandler } from './app.js';

const env = readEnv(['bucketName']);

export const handler = createReconcileStatementHandler({
  ...applyPaymentDeps(),
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  observability: lambdaObservability(),
});
