import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AgentTask, TaskStore } from '../../ports.js';
import { documentClient } from './dynamodb-account-store.js';
import { queryAll } from './dynamodb-query.js';
import { isAwsError } from './errors.js';
import { accountPk } from './items.js';

const TASK_PREFIX = 'TASK#';
const OPEN_TASKS = 'OPENTASK';
const FIELDS = ['taskId', 'accountId', 'type', 'status', 'createdAt', 'deadline', 'text', 'channel'] as const;

/**
 * Collector tasks in the account's collection (`TASK#<taskId>`); open ones are also in the sparse
 * GSI1 partition `OPENTASK`, ordered by deadline, so the worklist is one query.
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
          Item: {
            ...pickTask(task),
            pk: accountPk(task.accountId),
            sk: `${TASK_PREFIX}${task.taskId}`,
            ...(task.status === 'open' ? { gsi1pk: OPEN_TASKS, gsi1sk: `${task.deadline}#${task.taskId}` } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isAwsError(error, 'ConditionalCheckFailedException')) throw error; // created before: a retry
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

function pickTask(task: AgentTask): AgentTask {
  return Object.fromEntries(FIELDS.filter((f) => task[f] !== undefined).map((f) => [f, task[f]])) as unknown as AgentTask;
}
