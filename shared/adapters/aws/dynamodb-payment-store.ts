import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CandidateQuery, MatchAccount, MatchCandidates, MatchInvoice } from '../../domain/payments/matching/types.js';
import type { InvoiceKey } from '../../domain/types.js';
import type { InvoiceApplyResult, PaymentRecord, PaymentStatus, PaymentStore, StoredInvoice } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import {
  accountFromItem,
  accountKey,
  accountPk,
  INVOICE_PREFIX,
  invoiceFromItem,
  invoiceKey,
  invoiceGsiSk,
  invoiceRefGsiPk,
  invoiceTailGsiPk,
  openAmountGsiPk,
  taxIdGsiPk,
  type Item,
} from './items.js';

const PAYMENT_SK = 'PAYMENT';
const EXCEPTION_GSI_PK = 'EXCEPTION';
/** Sparse: payments still `received` (being applied, or left half-way by a delivery that died). */
const PENDING_GSI_PK = 'PAYMENT_PENDING';
const CREDIT_PREFIX = 'CREDIT#';
const paymentKey = (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: PAYMENT_SK });

/** Same bounds as the in-memory MatchIndex (shared/domain/payments/matching/memory-index.ts). */
const MAX_HITS_PER_KEY = 20;
const MAX_ALONE_HITS = 10;
const MAX_INVOICES_PER_ACCOUNT = 1000;
/** What queryIndex answers for a key shared by more than its limit (an empty list, recognisable). */
const TOO_COMMON: Item[] = [];

/** An invoice whose balance moved between our read and our write is read again, this many times. */
const MAX_ATTEMPTS = 8;
/** A payer with more accounts than this under one tax id is not a payer we can match automatically. */
const MAX_ACCOUNTS = 20;

/**
 * PaymentStore on the Accounts table (key layout: shared/config/tables.ts). Money moves only through
 * single-item conditional writes — DynamoDB transactions are not used (and dynalite has none) — so
 * each step is idempotent on its own: an invoice lists the payments applied to it, a credit item is
 * keyed by its credit id, a payment record is created once.
 */
export class DynamoDbPaymentStore implements PaymentStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async createPayment(record: PaymentRecord): Promise<{ created: true } | { created: false; existing: PaymentRecord }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: paymentToItem(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      const existing = await this.getPayment(record.payment.paymentId);
      if (!existing) throw new Error(`payment ${record.payment.paymentId} exists but could not be read`, { cause: error });
      return { created: false, existing };
    }
  }

  async getPayment(paymentId: string): Promise<PaymentRecord | undefined> {
    const item = await this.get(paymentKey(paymentId));
    return item ? paymentFromItem(item) : undefined;
  }

  async replacePayment(record: PaymentRecord): Promise<PaymentRecord | undefined> {
    const expected = record.version ?? 0;
    const next: PaymentRecord = { ...record, version: expected + 1 };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: paymentToItem(next),
          // Records written before versions existed have none: they count as version 0.
          ConditionExpression: expected === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#v)' : '#v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ...(expected === 0 ? {} : { ExpressionAttributeValues: { ':v': expected } }),
        }),
      );
      return next;
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      return undefined;
    }
  }

  async listExceptions(): Promise<PaymentRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': EXCEPTION_GSI_PK },
    });
    return items.map(paymentFromItem);
  }

  async listPending(limit: number): Promise<PaymentRecord[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_GSI_PK },
        Limit: limit,
      }),
    );
    // The index is eventually consistent: read each record itself before anyone acts on it.
    const records = await Promise.all((out.Items ?? []).map((item) => this.getPayment(paymentFromItem(item).payment.paymentId)));
    return records.filter((r): r is PaymentRecord => r?.status === 'received');
  }

  /**
   * The same lookups as the in-memory MatchIndex the matcher is benchmarked with: a full reference
   * or a tax id brings the whole account (its other open invoices matter for sets and credits); a
   * bare number matching an invoice's number without series, or an exact open balance, brings that
   * invoice alone — and only when few invoices share it (a common number says nothing).
   */
  async findCandidates(query: CandidateQuery): Promise<MatchCandidates> {
    const [refHits, taxHits, tailHits, amountHits] = await Promise.all([
      Promise.all(query.invoiceRefs.map((ref) => this.queryIndex('gsi1', invoiceRefGsiPk(ref), MAX_HITS_PER_KEY))),
      Promise.all(query.taxIds.map((taxId) => this.queryIndex('gsi1', taxIdGsiPk(taxId), MAX_ACCOUNTS))),
      Promise.all(query.invoiceRefs.map((ref) => this.queryIndex('gsi2', invoiceTailGsiPk(ref), MAX_ALONE_HITS))),
      query.exactAmount
        ? this.queryIndex('gsi3', openAmountGsiPk(query.exactAmount.currency, query.exactAmount.amount), MAX_ALONE_HITS).then((h) => [h])
        : Promise.resolve([] as Item[][]),
    ]);
    // The amount lookup came back empty because too many invoices share it: the list is not complete.
    const amountComplete = amountHits.every((hits) => hits !== TOO_COMMON);
    const accountIds = new Set<string>(query.accountIds);
    for (const item of [...refHits.flat(), ...taxHits.flat()]) accountIds.add(String(item.accountId));
    // Fiscal UUIDs are not indexed (invoices do not carry them yet): CFDI complements also carry
    // serie + folio, which the candidate query turns into references.
    const ids = [...accountIds].slice(0, MAX_ACCOUNTS);
    const collections = await Promise.all(ids.map((id) => this.accountCollection(id)));
    const invoices = new Map<string, MatchInvoice>();
    for (const invoice of collections.flatMap((c) => c.invoices)) invoices.set(`${invoice.accountId}\u0000${invoice.invoiceNumber}`, invoice);
    const alone = [...tailHits.flat(), ...amountHits.flat()].filter((item) => !accountIds.has(String(item.accountId)));
    const accounts = new Map(collections.flatMap((c) => (c.account ? [[c.account.accountId, c.account] as const] : [])));
    for (const item of alone) {
      const invoice = invoiceFromItem(item);
      if (invoice.status !== 'open' || invoice.balance <= 0) continue;
      invoices.set(`${invoice.accountId}\u0000${invoice.invoiceNumber}`, matchInvoice(invoice));
      if (!accounts.has(invoice.accountId)) {
        const profile = await this.get(accountKey(invoice.accountId));
        if (profile) accounts.set(invoice.accountId, matchAccount(accountFromItem(profile)));
      }
    }
    const truncated = ids.filter((_, i) => collections[i]!.truncated);
    return {
      accounts: [...accounts.values()],
      invoices: [...invoices.values()],
      ...(truncated.length > 0 ? { truncatedAccounts: truncated } : {}),
      ...(query.exactAmount ? { exactAmountComplete: amountComplete } : {}),
    };
  }

  async applyToInvoice(key: InvoiceKey, paymentId: string, amount: number, settle: boolean, at: string): Promise<InvoiceApplyResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const item = await this.get(invoiceKey(key));
      if (!item) return { result: 'closed' };
      const invoice = invoiceFromItem(item);
      if ((invoice.appliedPaymentIds ?? []).includes(paymentId)) {
        const earlier = invoice.appliedAmounts?.find((a) => a.paymentId === paymentId);
        return earlier ? { result: 'already', amount: earlier.amount, writtenOff: earlier.writtenOff } : { result: 'already' };
      }
      if (invoice.status !== 'open' || invoice.balance <= 0) return { result: 'closed' };
      const applied = Math.min(amount, invoice.balance);
      const writtenOff = settle ? invoice.balance - applied : 0;
      const balanceAfter = invoice.balance - applied - writtenOff;
      const paid = balanceAfter === 0;
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: invoiceKey(key),
            // The open-amount index entry follows the balance (and leaves with a paid invoice).
            UpdateExpression: paid
              ? 'SET balance = :after, #status = :status, updatedAt = :at, appliedPaymentIds = list_append(if_not_exists(appliedPaymentIds, :empty), :ids), appliedAmounts = list_append(if_not_exists(appliedAmounts, :empty), :amounts) REMOVE gsi3pk, gsi3sk'
              : 'SET balance = :after, #status = :status, updatedAt = :at, appliedPaymentIds = list_append(if_not_exists(appliedPaymentIds, :empty), :ids), appliedAmounts = list_append(if_not_exists(appliedAmounts, :empty), :amounts), gsi3pk = :amountKey, gsi3sk = :sk',
            // The balance we computed from must still be there, and this payment not yet applied:
            // a concurrent payment makes us re-read; a redelivery of this one finds its id.
            ConditionExpression: 'balance = :before AND #status = :open AND NOT contains(appliedPaymentIds, :id)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':after': balanceAfter,
              ':before': invoice.balance,
              ':status': paid ? 'paid' : 'open',
              ':open': 'open',
              ':at': at,
              ':empty': [],
              ':ids': [paymentId],
              ':amounts': [{ paymentId, amount: applied, writtenOff }],
              ':id': paymentId,
              ...(paid ? {} : { ':amountKey': openAmountGsiPk(invoice.currency, balanceAfter), ':sk': invoiceGsiSk(key) }),
            },
          }),
        );
        return { result: 'applied', amount: applied, writtenOff, balanceAfter, paid };
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      }
    }
    throw new Error(`invoice ${key.accountId}/${key.invoiceNumber} kept changing: ${MAX_ATTEMPTS} attempts to apply ${paymentId}`);
  }

  async reopenInvoice(
    key: InvoiceKey,
    reversalId: string,
    amount: number,
    at: string,
  ): Promise<{ result: 'reopened'; restored: number; balanceAfter: number } | { result: 'already' | 'missing' }> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const item = await this.get(invoiceKey(key));
      if (!item) return { result: 'missing' };
      const invoice: StoredInvoice = invoiceFromItem(item);
      if ((invoice.reversalIds ?? []).includes(reversalId)) return { result: 'already' };
      const balanceAfter = Math.min(invoice.amount, invoice.balance + amount);
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: invoiceKey(key),
            UpdateExpression:
              'SET balance = :after, #status = :open, updatedAt = :at, reversalIds = list_append(if_not_exists(reversalIds, :empty), :ids), gsi3pk = :amountKey, gsi3sk = :sk',
            ConditionExpression: 'balance = :before AND NOT contains(reversalIds, :id)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':after': balanceAfter,
              ':before': invoice.balance,
              ':open': 'open',
              ':at': at,
              ':empty': [],
              ':ids': [reversalId],
              ':id': reversalId,
              ':amountKey': openAmountGsiPk(invoice.currency, balanceAfter),
              ':sk': invoiceGsiSk(key),
            },
          }),
        );
        return { result: 'reopened', restored: balanceAfter - invoice.balance, balanceAfter };
      } catch (error) {
        if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
      }
    }
    throw new Error(`invoice ${key.accountId}/${key.invoiceNumber} kept changing: ${MAX_ATTEMPTS} attempts to reverse ${reversalId}`);
  }

  async addCredit(accountId: string, creditId: string, currency: string, amount: number, at: string): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: accountPk(accountId), sk: `${CREDIT_PREFIX}${creditId}`, accountId, creditId, currency, amount, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error;
    }
  }

  async creditBalance(accountId: string): Promise<Readonly<Record<string, number>>> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': CREDIT_PREFIX },
    });
    const totals: Record<string, number> = {};
    for (const item of items) totals[String(item.currency)] = (totals[String(item.currency)] ?? 0) + Number(item.amount);
    return totals;
  }

  async paymentCounts(): Promise<Partial<Record<PaymentStatus, number>>> {
    const counts: Partial<Record<PaymentStatus, number>> = {};
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk',
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sk': PAYMENT_SK },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const status = item.status as PaymentStatus;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return counts;
  }

  private async accountCollection(accountId: string): Promise<{ account?: MatchAccount; invoices: MatchInvoice[]; truncated: boolean }> {
    const [profile, invoiceItems] = await Promise.all([
      this.get(accountKey(accountId)),
      queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :invoice)',
        ExpressionAttributeValues: { ':pk': accountPk(accountId), ':invoice': INVOICE_PREFIX },
      }),
    ]);
    const open = invoiceItems.map(invoiceFromItem).filter((invoice) => invoice.status === 'open' && invoice.balance > 0);
    // A customer with more open invoices than this: the oldest due are kept, and the matcher is told.
    const kept = open.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0)).slice(0, MAX_INVOICES_PER_ACCOUNT);
    return {
      ...(profile ? { account: matchAccount(accountFromItem(profile)) } : {}),
      invoices: kept.map(matchInvoice),
      truncated: open.length > kept.length,
    };
  }

  /** Items under one index key; none when more than `limit` share it (too common to mean anything). */
  private async queryIndex(index: 'gsi1' | 'gsi2' | 'gsi3', pk: string, limit: number): Promise<Item[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        Limit: limit + 1,
      }),
    );
    const items = out.Items ?? [];
    return items.length > limit ? TOO_COMMON : items;
  }

  private async get(key: Item): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return out.Item;
  }
}

function matchInvoice(invoice: StoredInvoice): MatchInvoice {
  return {
    accountId: invoice.accountId,
    invoiceNumber: invoice.invoiceNumber,
    currency: invoice.currency,
    balance: invoice.balance,
    dueDate: invoice.dueDate,
    ...(invoice.issueDate ? { issueDate: invoice.issueDate } : {}),
    ...(invoice.fiscalUuid ? { fiscalUuid: invoice.fiscalUuid } : {}),
  };
}

function matchAccount(account: { accountId: string; name: string; taxId?: string }): MatchAccount {
  return { accountId: account.accountId, name: account.name, ...(account.taxId ? { taxId: account.taxId } : {}) };
}

function paymentToItem(record: PaymentRecord): Item {
  const listed = record.status === 'exception' || record.status === 'lookup';
  const pending = record.status === 'received';
  return {
    ...paymentKey(record.payment.paymentId),
    ...JSON.parse(JSON.stringify(record)),
    // Sparse index entries: resolving the exception (any other status) drops it from the list; a
    // payment leaves the pending list when its outcome is written.
    ...(listed ? { gsi1pk: EXCEPTION_GSI_PK, gsi1sk: listSk(record) } : {}),
    ...(pending ? { gsi1pk: PENDING_GSI_PK, gsi1sk: listSk(record) } : {}),
  };
}

/** Oldest first; a payment id too long for a 1024-byte sort key is cut (the key only orders the list). */
function listSk(record: PaymentRecord): string {
  return `${record.receivedAt}#${Buffer.from(record.payment.paymentId, 'utf8').subarray(0, 900).toString('utf8')}`;
}

function paymentFromItem(item: Item): PaymentRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...record } = item;
  return record as unknown as PaymentRecord;
}
