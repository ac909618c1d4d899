import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Policy } from '../../domain/policy/schema.js';
import type { PolicyStore } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { CONFIG_PK, POLICY_SK } from './items.js';

/**
 * The active policy: one item (pk `CONFIG`, sk `POLICY#active`) in the Accounts table. The policy is
 * kept as its JSON text: it was validated before it got here, and a string round-trips any JSON
 * exactly (no number, empty-map or nesting surprises of the DynamoDB map type). `source`, `at` and
 * `version` sit beside it for people reading the table.
 *
 * @example
 * const policies = new DynamoDbPolicyStore(new DynamoDBClient({}), env.accountsTable);
 * await policies.setActive(policy, 'config/policy.json', new Date().toISOString());
 */
export class DynamoDbPolicyStore implements PolicyStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async getActive(): Promise<Policy | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: CONFIG_PK, sk: POLICY_SK }, ConsistentRead: true }),
    );
    const text = out.Item?.policy;
    return typeof text === 'string' ? (JSON.parse(text) as Policy) : undefined;
  }

  async setActive(policy: Policy, source: string, at: string): Promise<void> {
    const version = (policy as { version?: unknown }).version;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: CONFIG_PK,
          sk: POLICY_SK,
          policy: JSON.stringify(policy),
          source,
          at,
          ...(typeof version === 'number' || typeof version === 'string' ? { version } : {}),
        },
      }),
    );
  }
}
