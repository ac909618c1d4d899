import { DynamoDbConsentStore } from '../../shared/adapters/aws/dynamodb-consent-store.js';
import { DynamoDbInteractionLog } from '../../shared/adapters/aws/dynamodb-interaction-log.js';
import { secretsContactKey } from '../../shared/adapters/aws/secrets-contact-key.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { readEnv } from '../../shared/lambda/env.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createContactApiHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'contactSecretArn']);

export const handler = createContactApiHandler({
  consents: new DynamoDbConsentStore(dynamoClient(), env.accountsTable),
  log: new DynamoDbInteractionLog(dynamoClient(), env.interactionsTable),
  clock: systemClock,
  key: secretsContactKey(env.contactSecretArn),
  observability: lambdaObservability(),
});
