import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Interaction } from '../../domain/types.js';
import type { InteractionLog } from '../../ports.js';
import { mapLimit } from './batching.js';
import { documentClient } from './dynamodb-account-store.js';
import { isAwsError } from './errors.js';
import { accountPk, interactionFromItem, interactionToItem } from './items.js';

export interface DynamoDbInteractionLogOptions {
  /** Conditional puts in flight at once. @default 10 */
  readonly concurrency?: number;
}

/**
 * The append-only interaction log on the Interactions table: pk `ACCOUNT#<id>`, sk `<at>#<interactionId>`,
 * so an account's story reads back in time order with one Query.
 *
 * Why conditional PutItem and not BatchWriteItem: a batch put cannot carry a condition, so a retried
 * step would silently overwrite (and re-emit on the table's stream, which feeds the lake) a line that
 * is already there. Each line is instead written with `attribute_not_exists(pk)`, at most `concurrency`
 * at a time, and a failed condition means "already logged" and is ignored. The key includes `at`, so
 * this is idempotent for a retried step that logs the same `interactionId` with the same `at` (use
 * cases derive both from the step); a retry that logs a different `at` is a new line by design.
 *
 * @example
 * const log = new DynamoDbInteractionLog(new DynamoDBClient({}), env.interactionsTable);
 * await log.append([{ interactionId: 'sent#r1', accountId: 'MX-100', at, type: 'message.sent' }]);
 */
export class DynamoDbInteractionLog implements InteractionLog {
  private readonly doc: DynamoDBDocumentClient;
  private readonly concurrency: number;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    options: DynamoDbInteractionLogOptions = {},
  ) {
    this.doc = documentClient(client);
    this.concurrency = options.concurrency ?? 10;
  }

  async append(interactions: readonly Interaction[]): Promise<void> {
    await mapLimit(interactions, this.concurrency, async (interaction) => {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: interactionToItem(interaction),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      }
    });
  }

  async listForAccount(accountId: string): Promise<Interaction[]> {
    const lines: Interaction[] = [];
    let ExclusiveStartKey: QueryCommandOutput['LastEvaluatedKey'];
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': accountPk(accountId) },
          ScanIndexForward: true,
          ExclusiveStartKey,
        }),
      );
      lines.push(...(page.Items ?? []).map(interactionFromItem));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return lines;
  }
}
