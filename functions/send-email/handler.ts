import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDbAccountStore } from '../../shared/adapters/aws/dynamodb-account-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createSendEmailHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'idempotencyTable', 'sesFromAddress', 'sesConfigurationSet']);

export const handler = createSendEmailHandler({
  store: new DynamoDbAccountStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  email: new SesEmailSender(new SESv2Client({}), { from: env.sesFromAddress, configurationSetName: env.sesConfigurationSet }),
  idempotencyStore: new DynamoDBPersistenceLayer({ tableName: env.idempotencyTable, awsSdkV3Client: dynamoClient() }),
  clock: systemClock,
  observability: lambdaObservability(),
});
