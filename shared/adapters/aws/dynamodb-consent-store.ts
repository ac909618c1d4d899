import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../domain/types.js';
import type { ConsentRecord, ConsentStore } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import { accountPk, emailGsiPk, phoneGsiPk } from './items.js';

const CONSENT_PREFIX = 'CONSENT#';
const FIELDS = ['accountId', 'channel', 'address', 'status', 'since', 'source', 'detail'] as const;

/** Email addresses compare case-insensitively; numbers are E.164 already. */
export function normaliseAddress(channel: Channel, address: string): string {
  return channel === 'email' ? address.trim().toLowerCase() : address.trim();
}

/**
 * The consent record: one item per account, channel and address (`CONSENT#<channel>#<address>`).
 * A change is written only when it is newer than the stored one (`since`), so a replayed opt-out
 * from last week cannot undo this morning's opt-in, and a redelivered event writes nothing new.
 *
 * @example
 * await consents.recordConsent({ accountId: 'MX-1', channel: 'sms', address: '+525512345678', status: 'opted-out', since, source: 'sms-keyword' });
 */
export class DynamoDbConsentStore implements ConsentStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async listConsents(accountId: string): Promise<ConsentRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': CONSENT_PREFIX },
    });
    return items.map((item) => Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as ConsentRecord);
  }

  async recordConsent(record: ConsentRecord): Promise<void> {
    const address = normaliseAddress(record.channel, record.address);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...Object.fromEntries(FIELDS.filter((f) => record[f] !== undefined).map((f) => [f, record[f]])),
            address,
            pk: accountPk(record.accountId),
            sk: `${CONSENT_PREFIX}${record.channel}#${address}`,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #since <= :since',
          ExpressionAttributeNames: { '#since': 'since' },
          ExpressionAttributeValues: { ':since': record.since },
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      // A newer change is already recorded: this one is history, and the newer one stands.
    }
  }

  async findAccountsByAddress(channel: Channel, address: string): Promise<string[]> {
    const email = channel === 'email';
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: email ? 'gsi3' : 'gsi2',
      KeyConditionExpression: `${email ? 'gsi3pk' : 'gsi2pk'} = :pk`,
      ExpressionAttributeValues: { ':pk': email ? emailGsiPk(address) : phoneGsiPk(normaliseAddress(channel, address)) },
    });
    return [...new Set(items.map((item) => String(item.accountId)))].sort();
  }
}
