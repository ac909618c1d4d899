import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../domain/types.js';
import type { SentMessageIndex, SentMessageRef } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { accountPk } from './items.js';

const sentKey = (channel: Channel, providerMessageId: string) => ({ pk: `SENT#${channel}#${providerMessageId}`, sk: 'SENT' });
const messageKey = (messageId: string) => ({ pk: `SENTMSG#${messageId}`, sk: 'SENT' });
const latestKey = (accountId: string, channel: Channel) => ({ pk: accountPk(accountId), sk: `LASTSENT#${channel}` });

/**
 * Sent messages by the provider's message id: delivery events (SES, SMS, WhatsApp) name only that id,
 * and this finds the account, our message and its reminders again. The latest message per account
 * and channel is kept too (an inbound reply answers it), and each send by our message id (a retried
 * send finishes recording it instead of calling the provider again).
 */
export class DynamoDbSentMessages implements SentMessageIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async putSent(ref: SentMessageRef): Promise<void> {
    const item = JSON.parse(JSON.stringify(ref)) as Record<string, unknown>; // drops undefined fields
    // By our message id first: a retry of the send looks there before calling the provider again.
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...item, ...messageKey(ref.messageId) } }));
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...item, ...sentKey(ref.channel, ref.providerMessageId) } }));
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...item, ...latestKey(ref.accountId, ref.channel) } }));
  }

  async getSent(channel: Channel, providerMessageId: string): Promise<SentMessageRef | undefined> {
    return this.get(sentKey(channel, providerMessageId));
  }

  async getSentByMessageId(messageId: string): Promise<SentMessageRef | undefined> {
    return this.get(messageKey(messageId));
  }

  async latestSent(accountId: string, channel: Channel): Promise<SentMessageRef | undefined> {
    return this.get(latestKey(accountId, channel));
  }

  private async get(key: { pk: string; sk: string }): Promise<SentMessageRef | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...ref } = out.Item;
    return ref as unknown as SentMessageRef;
  }
}
