import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { invoiceKeyString } from '../../domain/keys.js';
import type { InvoiceKey, ReminderRecord, ReminderStatus } from '../../domain/types.js';
import type { AccountStore, PortfolioSummary, StoredAccount, StoredInvoice } from '../../ports.js';
import { defaultRetry } from './batching.js';
import { batchGetAll, batchPutAll, lastPerKey, type BatchOptions } from './dynamodb-batch.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import {
  accountFromItem,
  accountKey,
  accountPk,
  accountToItem,
  INVOICE_PREFIX,
  invoiceFromItem,
  invoiceKey,
  invoiceToItem,
  PROFILE_SK,
  REMINDER_PREFIX,
  reminderFromItem,
  reminderKey,
  reminderPrefix,
  reminderToItem,
  type Item,
} from './items.js';

export interface DynamoDbStoreOptions {
  /** Attempts for a batch whose items come back unprocessed, the first included. @default 8 */
  readonly maxAttempts?: number;
  /** Base of the jittered exponential backoff between those attempts. @default 50 */
  readonly baseDelayMs?: number;
  /** Batch calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Injected for tests. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The document client every DynamoDB adapter uses: plain JS values, `undefined` fields left out. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function batchOptions(options: DynamoDbStoreOptions = {}): BatchOptions {
  return {
    ...defaultRetry,
    concurrency: options.concurrency ?? 4,
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    ...(options.baseDelayMs !== undefined && { baseDelayMs: options.baseDelayMs }),
    ...(options.sleep !== undefined && { sleep: options.sleep }),
  };
}

/**
 * AccountStore on the Accounts table (one item collection per debtor; key layout in
 * shared/config/tables.ts, item mapping in items.ts). Reads are strongly consistent: the planner,
 * dispatcher and sender decide on what they read, and a stale read would resend or re-plan.
 *
 * @example
 * const store = new DynamoDbAccountStore(new DynamoDBClient({}), env.accountsTable);
 * const planned = await store.markPlanned({ accountId: 'MX-100', invoiceNumber: 'F-1' }, hash);
 */
export class DynamoDbAccountStore implements AccountStore {
  private readonly doc: DynamoDBDocumentClient;
  private readonly batch: BatchOptions;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    options: DynamoDbStoreOptions = {},
  ) {
    this.doc = documentClient(client);
    this.batch = batchOptions(options);
  }

  async getAccounts(accountIds: readonly string[]): Promise<Map<string, StoredAccount>> {
    const keys = [...new Set(accountIds)].map(accountKey);
    const items = await batchGetAll(this.doc, this.tableName, keys, this.batch);
    return new Map(items.map((item) => {
      const account = accountFromItem(item);
      return [account.accountId, account];
    }));
  }

  async getInvoices(keys: readonly InvoiceKey[]): Promise<Map<string, StoredInvoice>> {
    const unique = lastPerKey(keys, invoiceKeyString).map(invoiceKey);
    const items = await batchGetAll(this.doc, this.tableName, unique, this.batch);
    return new Map(items.map((item) => {
      const invoice = invoiceFromItem(item);
      return [invoiceKeyString(invoice), invoice];
    }));
  }

  async putAccounts(accounts: readonly StoredAccount[]): Promise<void> {
    const items = lastPerKey(accounts, (a) => a.accountId).map(accountToItem);
    await batchPutAll(this.doc, this.tableName, items, this.batch);
  }

  async putInvoices(invoices: readonly StoredInvoice[]): Promise<void> {
    const items = lastPerKey(invoices, invoiceKeyString).map(invoiceToItem);
    await batchPutAll(this.doc, this.tableName, items, this.batch);
  }

  async putAccountsAndInvoices(accounts: readonly StoredAccount[], invoices: readonly StoredInvoice[]): Promise<void> {
    const items = lastPerKey(accounts, (a) => a.accountId)
      .map(accountToItem)
      .concat(lastPerKey(invoices, invoiceKeyString).map(invoiceToItem));
    await batchPutAll(this.doc, this.tableName, items, this.batch);
  }

  async getAccount(accountId: string): Promise<StoredAccount | undefined> {
    const item = await this.get(accountKey(accountId));
    return item && accountFromItem(item);
  }

  async getInvoice(key: InvoiceKey): Promise<StoredInvoice | undefined> {
    const item = await this.get(invoiceKey(key));
    return item && invoiceFromItem(item);
  }

  async markPlanned(key: InvoiceKey, contentHash: string): Promise<boolean> {
    // Only while the invoice still has the planned version: a newer upload (another contentHash)
    // keeps plannedHash ≠ contentHash, so its own planning request is still owed.
    return this.conditionalUpdate({
      Key: invoiceKey(key),
      UpdateExpression: 'SET plannedHash = :h',
      ConditionExpression: 'contentHash = :h',
      ExpressionAttributeValues: { ':h': contentHash },
    });
  }

  async listReminders(key: InvoiceKey): Promise<ReminderRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(key.accountId), ':prefix': reminderPrefix(key.invoiceNumber) },
    });
    // `REMINDER#A#` is also a prefix of invoice `A#B`'s reminders: keep this invoice's only.
    return items.map(reminderFromItem).filter((r) => r.invoiceNumber === key.invoiceNumber);
  }

  async listAccountInvoices(accountId: string): Promise<StoredInvoice[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': INVOICE_PREFIX },
    });
    return items.map(invoiceFromItem);
  }

  async listAccountReminders(accountId: string): Promise<ReminderRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': REMINDER_PREFIX },
    });
    return items.map(reminderFromItem);
  }

  async getReminder(key: InvoiceKey, reminderId: string): Promise<ReminderRecord | undefined> {
    const item = await this.get(reminderKey(key, reminderId));
    return item && reminderFromItem(item);
  }

  async putReminder(record: ReminderRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: reminderToItem(record) }));
  }

  async transitionReminder(
    key: InvoiceKey,
    reminderId: string,
    from: readonly ReminderStatus[],
    to: ReminderStatus,
    at: string,
  ): Promise<boolean> {
    if (from.length === 0) return false;
    const placeholders = from.map((_, i) => `:from${i}`);
    return this.conditionalUpdate({
      Key: reminderKey(key, reminderId),
      UpdateExpression: 'SET #status = :to, updatedAt = :at',
      // Also false for a missing item: a missing attribute is IN nothing.
      ConditionExpression: `#status IN (${placeholders.join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': to,
        ':at': at,
        ...Object.fromEntries(from.map((status, i) => [placeholders[i], status])),
      },
    });
  }

  async portfolioSummary(): Promise<PortfolioSummary> {
    let accounts = 0;
    const invoices = { open: 0, paid: 0, cancelled: 0 };
    const openBalance: Record<string, number> = {};
    const remindersByStatus: Partial<Record<ReminderStatus, number>> = {};
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          ProjectionExpression: 'sk, #status, currency, balance',
          ExpressionAttributeNames: { '#status': 'status' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        if (sk === PROFILE_SK) {
          accounts += 1;
        } else if (sk.startsWith(INVOICE_PREFIX)) {
          const status = item.status as keyof typeof invoices;
          if (status in invoices) invoices[status] += 1;
          if (status === 'open') {
            const currency = String(item.currency);
            openBalance[currency] = (openBalance[currency] ?? 0) + Number(item.balance ?? 0);
          }
        } else if (sk.startsWith(REMINDER_PREFIX)) {
          const status = item.status as ReminderStatus;
          remindersByStatus[status] = (remindersByStatus[status] ?? 0) + 1;
        }
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { accounts, invoices, openBalance, remindersByStatus };
  }

  private async get(key: Item): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }

  private async queryAll(input: {
    KeyConditionExpression: string;
    ExpressionAttributeValues: Record<string, unknown>;
  }): Promise<Item[]> {
    return queryAll(this.doc, { TableName: this.tableName, ...input });
  }

  /** An UpdateItem whose failed condition means `false`; any other error propagates. */
  private async conditionalUpdate(input: {
    Key: Item;
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  }): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
