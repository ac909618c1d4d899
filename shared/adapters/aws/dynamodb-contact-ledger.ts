import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContactLedger, ContactState } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { isAwsError } from './errors.js';
import { accountPk } from './items.js';

const LEDGER_SK = 'CONTACTS';

/**
 * The contact ledger: one item per account (`CONTACTS`) with its recent contacts and pause, written
 * with optimistic concurrency on `version`. Two dispatchers deciding for one account at once cannot
 * both pass a frequency cap: the second write fails its condition, re-reads and decides again.
 * (One item, not a transaction: dynalite has none, and one item is all the decision needs.)
 *
 * @example
 * const state = await ledger.getContactState('MX-1');
 * const saved = await ledger.saveContactState({ ...state, entries: [...state.entries, entry] });
 */
export class DynamoDbContactLedger implements ContactLedger {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async getContactState(accountId: string): Promise<ContactState> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: accountPk(accountId), sk: LEDGER_SK }, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return { accountId, version: 0, entries: [] };
    return {
      accountId,
      version: Number(item.version ?? 0),
      entries: (item.entries as ContactState['entries'] | undefined) ?? [],
      ...(typeof item.pausedUntil === 'string' ? { pausedUntil: item.pausedUntil } : {}),
      ...(typeof item.pauseReason === 'string' ? { pauseReason: item.pauseReason } : {}),
    };
  }

  async saveContactState(state: ContactState): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: accountPk(state.accountId),
            sk: LEDGER_SK,
            accountId: state.accountId,
            version: state.version + 1,
            entries: state.entries,
            ...(state.pausedUntil ? { pausedUntil: state.pausedUntil } : {}),
            ...(state.pauseReason ? { pauseReason: state.pauseReason } : {}),
          },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(state.version === 0 ? {} : { ExpressionAttributeValues: { ':v': state.version } }),
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
