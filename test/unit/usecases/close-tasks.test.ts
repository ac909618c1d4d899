import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbInteractionLog } from '../../../shared/adapters/aws/dynamodb-interaction-log.js';
import { DynamoDbTaskStore } from '../../../shared/adapters/aws/dynamodb-task-store.js';
import { startDynalite, type DynaliteHandle } from '../../../shared/adapters/local/dynalite-server.js';
import type { AgentTask } from '../../../shared/ports.js';
import { closeTasksOf } from '../../../shared/usecases/close-tasks.js';

/**
 * closeTasksOf on dynalite, as the escalation's close step calls it when an account settles: every
 * open task of that account is done, with the reason, logged as done by system; nobody else's.
 */
let dynamo: DynaliteHandle;
let tasks: DynamoDbTaskStore;
let log: DynamoDbInteractionLog;
const NOW = '2026-12-09T15:00:00.000Z';
const deps = () => ({ tasks, log, clock: { now: () => new Date(NOW) } });

const task = (taskId: string, accountId: string, extra: Partial<AgentTask> = {}): AgentTask => ({
  taskId,
  accountId,
  type: 'personal-contact',
  status: 'open',
  createdAt: '2026-12-01T15:00:00.000Z',
  deadline: '2026-12-03T15:00:00.000Z',
  text: `Call ${accountId}`,
  ...extra,
});

beforeAll(async () => {
  dynamo = await startDynalite();
  tasks = new DynamoDbTaskStore(dynamo.client, dynamo.tableNames.Accounts);
  log = new DynamoDbInteractionLog(dynamo.client, dynamo.tableNames.Interactions);
  await tasks.createTask(task('t-a1', 'SET-1'));
  await tasks.createTask(task('t-a2', 'SET-1', { type: 'broken-promise', owner: 'ana' }));
  await tasks.createTask(task('t-a3', 'SET-1', { status: 'done', outcome: 'pagó', owner: 'luis', completedAt: '2026-12-05T15:00:00.000Z' }));
  await tasks.createTask(task('t-b1', 'OTHER-1'));
});

afterAll(async () => {
  await dynamo.close();
});

describe('closeTasksOf an account that settled', () => {
  it('closes every open task of the account with the reason, logs each as done by system, and leaves other accounts alone', async () => {
    const closed = await closeTasksOf(deps(), 'SET-1', { reason: 'account settled: nothing left to pay' });
    expect(closed.map((t) => [t.taskId, t.status, t.owner, t.outcome, t.completedAt]).sort()).toEqual([
      ['t-a1', 'done', 'system', 'account settled: nothing left to pay', NOW],
      ['t-a2', 'done', 'ana', 'account settled: nothing left to pay', NOW],
    ]);
    expect(await tasks.listOpenTasks('SET-1')).toEqual([]);
    expect((await tasks.listOpenTasks()).map((t) => t.taskId)).toEqual(['t-b1']);
    // The task a collector had done keeps their outcome.
    expect(await tasks.getTask('SET-1', 't-a3')).toMatchObject({ outcome: 'pagó', owner: 'luis' });
    const lines = (await log.listForAccount('SET-1')).filter((l) => l.type === 'task.completed');
    expect(lines.map((l) => l.detail).sort()).toEqual(['broken-promise done by system: account settled: nothing left to pay', 'personal-contact done by system: account settled: nothing left to pay']);
  });

  it('a second call finds nothing to close and logs nothing', async () => {
    expect(await closeTasksOf(deps(), 'SET-1', { reason: 'account settled: nothing left to pay' })).toEqual([]);
    expect((await log.listForAccount('SET-1')).filter((l) => l.type === 'task.completed')).toHaveLength(2);
  });
});
