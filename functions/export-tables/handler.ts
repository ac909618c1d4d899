import { S3Client } from '@aws-sdk/client-s3';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createExportTablesHandler, EXPORT_FULL_MAX_BYTES_ENV } from './app.js';

const env = readEnv(['accountsTableArn', 'interactionsTableArn', 'bucketName']);

/** Optional: bytes from which a table is exported incrementally (default 5 GiB); a bad value fails the cold start. */
function fullMaxBytes(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${EXPORT_FULL_MAX_BYTES_ENV} must be a whole number of bytes, got "${raw}"`);
  return value;
}
const maxBytes = fullMaxBytes(process.env[EXPORT_FULL_MAX_BYTES_ENV]);

export const handler = createExportTablesHandler({
  dynamo: dynamoClient(),
  s3: new S3Client({}),
  bucketName: env.bucketName,
  tableArns: { accounts: env.accountsTableArn, interactions: env.interactionsTableArn },
  clock: systemClock,
  observability: lambdaObservability(),
  ...(maxBytes !== undefined ? { fullMaxBytes: maxBytes } : {}),
});
