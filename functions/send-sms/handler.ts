import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { EndUserMessagingSmsSender } from '../../shared/adapters/aws/sms-sender.js';
import { dynamoClient, systemClock } from '../../shared/lambda/aws-clients.js';
import { channelStores, dispatchQueue } from '../../shared/lambda/channel-deps.js';
import { DynamoDbPolicyStore } from '../../shared/adapters/aws/dynamodb-policy-store.js';
import { readEnv } from '../../shared/lambda/env.js';
import { ActiveContactPolicy } from '../../shared/usecases/active-contact-policy.js';
import { lambdaObservability } from '../../shared/lambda/observability.js';
import { createSendSmsHandler } from './app.js';

const env = readEnv(['accountsTable', 'interactionsTable', 'idempotencyTable', 'dispatchQueueUrl', 'smsOriginationIdentities', 'smsConfigurationSet']);

export const handler = createSendSmsHandler({
  ...channelStores(env),
  policy: new ActiveContactPolicy(new DynamoDbPolicyStore(dynamoClient(), env.accountsTable), systemClock),
  dispatchQueue: dispatchQueue(env.dispatchQueueUrl),
  senders: {
    sms: new EndUserMessagingSmsSender({
      client: new PinpointSMSVoiceV2Client({}),
      originationIdentities: EndUserMessagingSmsSender.parseOriginationIdentities(env.smsOriginationIdentities),
      configurationSet: env.smsConfigurationSet,
    }),
  },
  idempotencyStore: new DynamoDBPersistenceLayer({ tableName: env.idempotencyTable, awsSdkV3Client: dynamoClient() }),
  observability: lambdaObservability(),
});
