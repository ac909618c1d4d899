import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SocialMessagingClient } from '@aws-sdk/client-socialmessaging';
import { EndUserMessagingWhatsAppSender } from '../../shared/adapters/aws/whatsapp-sender.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, dispatchQueue } from '../../shared/lambda/channel-deps.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { readEnv } from '../../shared/lambda/env.js';
import { ActiveContactPolicy } from '../../shared/usecases/active-contact-policy.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createSendWhatsAppHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'idempotencyTable', 'dispatchQueueUrl', 'whatsappPhoneNumberId']);

export const handler = createSendWhatsAppHandler({
  ...channelStores(env),
  policy: new ActiveContactPolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  dispatchQueue: dispatchQueue(env.dispatchQueueUrl),
  senders: {
    whatsapp: new EndUserMessagingWhatsAppSender({ client: new SocialMessagingClient({}), originationPhoneNumberId: env.whatsappPhoneNumberId }),
  },
  idempotencyStore: new DynamoDBPersistenceLayer({ tableName: env.idempotencyTable, awsSdkV3Client: dynamoClient() }),
  observability: lambdaObservability(),
});
