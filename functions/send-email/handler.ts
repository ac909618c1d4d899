import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesEmailSender } from '../../shared/adapters/aws/ses-email-sender.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, dispatchQueue } from '../../shared/lambda/channel-deps.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { readEnv } from '../../shared/lambda/env.js';
import { ActiveContactPolicy } from '../../shared/usecases/active-contact-policy.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createSendEmailHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'idempotencyTable', 'sesFromAddress', 'sesConfigurationSet', 'dispatchQueueUrl']);

export const handler = createSendEmailHandler({
  ...channelStores(env),
  policy: new ActiveContactPolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  dispatchQueue: dispatchQueue(env.dispatchQueueUrl),
  senders: { email: new SesEmailSender(new SESv2Client({}), { from: env.sesFromAddress, configurationSetName: env.sesConfigurationSet }) },
  idempotencyStore: new DynamoDBPersistenceLayer({ tableName: env.idempotencyTable, awsSdkV3Client: dynamoClient() }),
  observability: lambdaObservability(),
});
