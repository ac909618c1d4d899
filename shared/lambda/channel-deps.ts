import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAccountStore } from '../adapters/aws/dynamodb-account-store.js';
import { DynamoDbConsentStore } from '../adapters/aws/dynamodb-consent-store.js';
import { DynamoDbContactLedger } from '../adapters/aws/dynamodb-contact-ledger.js';
import { DynamoDbInteractionLog } from '../adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbSentMessages } from '../adapters/aws/dynamodb-sent-messages.js';
import { SqsQueue } from '../adapters/aws/sqs-queue.js';
import type { DispatchQueueMessage } from '../domain/types.js';
import { dynamoClient, systemClock } from './aws-clients.js';

let sqs: SQSClient | undefined;
export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({});
  return sqs;
}

/** The stores every channel function shares (composition roots call this once at cold start). */
export function channelStores(env: { readonly accountsTable: string; readonly interactionsTable: string }) {
  const client = dynamoClient();
  return {
    store: new DynamoDbAccountStore(client, env.accountsTable),
    log: new DynamoDbInteractionLog(client, env.interactionsTable),
    consents: new DynamoDbConsentStore(client, env.accountsTable),
    ledger: new DynamoDbContactLedger(client, env.accountsTable),
    sent: new DynamoDbSentMessages(client, env.accountsTable),
    clock: systemClock,
  };
}

export function dispatchQueue(url: string): SqsQueue<DispatchQueueMessage> {
  return new SqsQueue<DispatchQueueMessage>(sqsClient(), url);
}
