import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createExportTablesHandler } from './app.js';

const env = readEnv(['accountsTableArn', 'interactionsTableArn', 'bucketName']);

export const handler = createExportTablesHandler({
  dynamo: dynamoClient(),
  bucketName: env.bucketName,
  tableArns: { accounts: env.accountsTableArn, interactions: env.interactionsTableArn },
  clock: systemClock,
  observability: lambdaObservability(),
});
