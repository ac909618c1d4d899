import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3ObjectStore } from '../../shared/adapters/aws/s3-object-store.js';
import { secretsManagerWebhookConfigs } from '../../shared/adapters/aws/secrets-webhook-configs.js';
import { SqsQueue } from '../../shared/adapters/aws/sqs-queue.js';
import { systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import type { PaymentMessage } from '../../shared/schemas/payments.js';
import { createPaymentWebhookHandler } from './app.js';

const env = readEnv(['bucketName', 'paymentsQueueUrl', 'webhookSecretArn']);

export const handler = createPaymentWebhookHandler({
  files: new S3ObjectStore(new S3Client({}), env.bucketName),
  paymentsQueue: new SqsQueue<PaymentMessage>(new SQSClient({}), env.paymentsQueueUrl),
  configs: secretsManagerWebhookConfigs(env.webhookSecretArn),
  clock: systemClock,
  observability: lambdaObservability(),
});
