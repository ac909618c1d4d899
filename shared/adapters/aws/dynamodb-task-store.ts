import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentTask, TaskStore } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import { accountPk } from './items.js';

const TASK_PREFIX = 'TASK#';
const OPEN_TASKS = 'OPENTASK';
const FIELDS = ['taskId', 'accountId', 'type', 'status', 'createdAt', 'deadline', 'text', 'channel', 'owner', 'outcome', 'completedAt', 'notes', 'disputeId'] as const;
const taskIdGsiPk = (taskId: string) => `TASKID#${taskId}`;

/**
 * Collector tasks in the account's collection (`TASK#<taskId>`); open ones are also in the sparse
 * GSI1 partition `OPENTASK`, ordered by deadline, so the worklist is one query; GSI2 finds a task by
 * its id alone (`TASKID#<taskId>`), as the CLI and the API name it.
 */
export class DynamoDbTaskStore implements TaskStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async createTask(task: AgentTask): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: taskItem(task),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error; // created before: a retry
    }
  }

  async getTask(accountId: string, taskId: string): Promise<AgentTask | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: accountPk(accountId), sk: `${TASK_PREFIX}${taskId}` }, ConsistentRead: true }));
    return out.Item ? pickTask(out.Item as unknown as AgentTask) : undefined;
  }

  async findTask(taskId: string): Promise<AgentTask | undefined> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': taskIdGsiPk(taskId) },
    });
    const found = items[0];
    // The index is eventually consistent: read the item itself for the current state.
    return found ? this.getTask(String(found.accountId), taskId) : undefined;
  }

  async saveTask(task: AgentTask): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: taskItem(task) }));
  }

  async closeTask(accountId: string, taskId: string, closing: { readonly outcome: string; readonly completedAt: string; readonly owner: string }): Promise<AgentTask | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: accountPk(accountId), sk: `${TASK_PREFIX}${taskId}` },
          // Leaving the sparse OPENTASK index is removing its keys; the condition keeps a collector's
          // own completion (and its outcome) if it landed first.
          UpdateExpression: 'SET #status = :done, outcome = :outcome, completedAt = :at, #owner = if_not_exists(#owner, :owner) REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':outcome': closing.outcome, ':at': closing.completedAt, ':owner': closing.owner },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? pickTask(out.Attributes as unknown as AgentTask) : undefined;
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error; // done already, or no such task
      return undefined;
    }
  }

  async listOpenTasks(accountId?: string): Promise<AgentTask[]> {
    const items = accountId
      ? await queryAll(this.doc, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': accountPk(accountId), ':prefix': TASK_PREFIX },
        })
      : await queryAll(this.doc, {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': OPEN_TASKS },
        });
    return items
      .map((item) => pickTask(item as unknown as AgentTask))
      .filter((task) => task.status === 'open')
      .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0));
  }
}

function taskItem(task: AgentTask): Record<string, unknown> {
  return {
    ...pickTask(task),
    pk: accountPk(task.accountId),
    sk: `${TASK_PREFIX}${task.taskId}`,
    gsi2pk: taskIdGsiPk(task.taskId),
    gsi2sk: accountPk(task.accountId),
    ...(task.status === 'open' ? { gsi1pk: OPEN_TASKS, gsi1sk: `${task.deadline}#${task.taskId}` } : {}),
  };
}

function pickTask(task: AgentTask): AgentTask {
  return Object.fromEntries(FIELDS.filter((f) => task[f] !== undefined).map((f) => [f, task[f]])) as unknown as AgentTask;
}
