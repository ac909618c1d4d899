import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dispute, EscalationRecord, PaymentPlan, PromiseToPay, Stage } from '../../domain/escalation/types.js';
import type { EscalationStore, EscalationSummary } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import { accountPk } from './items.js';

const ESCALATION_SK = 'ESCALATION';
const PROMISE_PREFIX = 'PROMISE#';
const DISPUTE_PREFIX = 'DISPUTE#';
const PLAN_PREFIX = 'PLAN#';

/**
 * Escalation state in the account's item collection: `ESCALATION` (stage, history, versioned),
 * `PROMISE#<id>`, `DISPUTE#<id>`, `PLAN#<id>`. One item per thing and single-item writes: the
 * record with optimistic concurrency (two evaluations of one account cannot both move it), the rest
 * last-writer-wins by id (each is written by the one use case that owns its change).
 */
export class DynamoDbEscalationStore implements EscalationStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async getEscalation(accountId: string): Promise<EscalationRecord> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: accountPk(accountId), sk: ESCALATION_SK }, ConsistentRead: true }));
    if (!out.Item) return { accountId, stage: 'current', since: '1970-01-01T00:00:00.000Z', history: [], version: 0 };
    const { pk: _pk, sk: _sk, lease: _lease, ...record } = out.Item;
    return record as unknown as EscalationRecord;
  }

  async saveEscalation(record: EscalationRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...clean(record), version: record.version + 1, pk: accountPk(record.accountId), sk: ESCALATION_SK },
          // Version 0 may already exist as the stub a lease created (no record saved yet).
          ConditionExpression: record.version === 0 ? 'attribute_not_exists(pk) OR version = :v' : 'version = :v',
          ExpressionAttributeValues: { ':v': record.version },
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async acquireLease(accountId: string, evaluationId: string, now: string, until: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountPk(accountId), sk: ESCALATION_SK },
          // A first evaluation creates the stub of a `current` record (version 0) along with the lease.
          UpdateExpression:
            'SET lease = :lease, accountId = :a, stage = if_not_exists(stage, :current), since = if_not_exists(since, :epoch), history = if_not_exists(history, :empty), version = if_not_exists(version, :zero)',
          ConditionExpression: 'attribute_not_exists(lease) OR lease.#until < :now OR lease.evaluationId = :id',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: {
            ':lease': { evaluationId, until },
            ':a': accountId,
            ':current': 'current',
            ':epoch': '1970-01-01T00:00:00.000Z',
            ':empty': [],
            ':zero': 0,
            ':now': now,
            ':id': evaluationId,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isAwsError(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  async releaseLease(accountId: string, evaluationId: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountPk(accountId), sk: ESCALATION_SK },
          UpdateExpression: 'REMOVE lease',
          ConditionExpression: 'lease.evaluationId = :id',
          ExpressionAttributeValues: { ':id': evaluationId },
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error; // someone else's, or none
    }
  }

  listPromises(accountId: string): Promise<PromiseToPay[]> {
    return this.list<PromiseToPay>(accountId, PROMISE_PREFIX);
  }

  putPromise(promise: PromiseToPay): Promise<void> {
    return this.put(promise.accountId, `${PROMISE_PREFIX}${promise.promiseId}`, promise);
  }

  listDisputes(accountId: string): Promise<Dispute[]> {
    return this.list<Dispute>(accountId, DISPUTE_PREFIX);
  }

  putDispute(dispute: Dispute): Promise<void> {
    return this.put(dispute.accountId, `${DISPUTE_PREFIX}${dispute.disputeId}`, dispute);
  }

  listPlans(accountId: string): Promise<PaymentPlan[]> {
    return this.list<PaymentPlan>(accountId, PLAN_PREFIX);
  }

  putPlan(plan: PaymentPlan): Promise<void> {
    return this.put(plan.accountId, `${PLAN_PREFIX}${plan.planId}`, plan);
  }

  async listEscalatedAccounts(): Promise<string[]> {
    const ids: string[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :sk AND stage <> :closed',
          ProjectionExpression: 'accountId',
          ExpressionAttributeValues: { ':sk': ESCALATION_SK, ':closed': 'closed' },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.accountId));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return ids.sort();
  }

  async escalationSummary(): Promise<EscalationSummary> {
    const stages: Partial<Record<Stage, number>> = {};
    const promises = { open: 0, kept: 0, broken: 0 };
    const disputes = { open: 0, resolved: 0 };
    const plans = { active: 0, completed: 0, broken: 0 };
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({ TableName: this.tableName, ProjectionExpression: 'sk, stage, #status', ExpressionAttributeNames: { '#status': 'status' }, ExclusiveStartKey }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        const status = String(item.status);
        if (sk === ESCALATION_SK) stages[item.stage as Stage] = (stages[item.stage as Stage] ?? 0) + 1;
        else if (sk.startsWith(PROMISE_PREFIX) && status in promises) promises[status as keyof typeof promises] += 1;
        else if (sk.startsWith(DISPUTE_PREFIX) && status in disputes) disputes[status as keyof typeof disputes] += 1;
        else if (sk.startsWith(PLAN_PREFIX) && status in plans) plans[status as keyof typeof plans] += 1;
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return { stages, promises, disputes, plans };
  }

  private async list<T>(accountId: string, prefix: string): Promise<T[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': prefix },
    });
    return items.map(({ pk: _pk, sk: _sk, ...rest }) => rest as T);
  }

  private async put(accountId: string, sk: string, value: object): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...clean(value), pk: accountPk(accountId), sk } }));
  }
}

/** DynamoDB refuses `undefined` attributes: drop them (JSON round trip keeps nested shapes). */
function clean(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
