import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbTaskStore } from '../../../../shared/adapters/aws/dynamodb-task-store.js';
import { startDynalite, type DynaliteHandle } from '../../../../shared/adapters/local/dynalite-server.js';
import type { AgentTask } from '../../../../shared/ports.js';

/** DynamoDbTaskStore.closeTask on dynalite: a conditional close that never overwrites a person's outcome. */
let dynamo: DynaliteHandle;
let tasks: DynamoDbTaskStore;

const task = (taskId: string, extra: Partial<AgentTask> = {}): AgentTask => ({
  taskId,
  accountId: 'CL-1',
  type: 'dispute-sla',
  status: 'open',
  createdAt: '2026-12-04T15:00:00.000Z',
  deadline: '2026-12-05T15:00:00.000Z',
  text: 'Resolve dispute d-1 on invoice F-1 (damaged)',
  ...extra,
});
const closing = { outcome: 'dispute d-1 on F-1 resolved (rejected)', completedAt: '2026-12-04T18:00:00.000Z', owner: 'system' };

beforeAll(async () => {
  dynamo = await startDynalite();
  tasks = new DynamoDbTaskStore(dynamo.client, dynamo.tableNames.Accounts);
});

afterAll(async () => {
  await dynamo.close();
});

describe('DynamoDbTaskStore.closeTask', () => {
  it('marks an open task done with the outcome, keeps its owner, and takes it off the worklist', async () => {
    await tasks.createTask(task('t-1', { owner: 'ana', disputeId: 'd-1' }));
    expect((await tasks.listOpenTasks()).map((t) => t.taskId)).toEqual(['t-1']);
    const closed = await tasks.closeTask('CL-1', 't-1', closing);
    expect(closed).toEqual(task('t-1', { owner: 'ana', disputeId: 'd-1', status: 'done', outcome: closing.outcome, completedAt: closing.completedAt }));
    expect(await tasks.getTask('CL-1', 't-1')).toEqual(closed);
    expect(await tasks.listOpenTasks()).toEqual([]);
    expect(await tasks.listOpenTasks('CL-1')).toEqual([]);
  });

  it('an unclaimed task gets the closer as owner', async () => {
    await tasks.createTask(task('t-2'));
    expect(await tasks.closeTask('CL-1', 't-2', closing)).toMatchObject({ status: 'done', owner: 'system' });
  });

  it('a task a collector completed first keeps their outcome; an unknown task is nothing', async () => {
    await tasks.createTask(task('t-3'));
    await tasks.saveTask({ ...task('t-3'), status: 'done', owner: 'luis', outcome: 'nota de crédito emitida', completedAt: '2026-12-04T17:00:00.000Z' });
    expect(await tasks.closeTask('CL-1', 't-3', closing)).toBeUndefined();
    expect(await tasks.getTask('CL-1', 't-3')).toMatchObject({ status: 'done', owner: 'luis', outcome: 'nota de crédito emitida' });
    expect(await tasks.closeTask('CL-1', 't-nope', closing)).toBeUndefined();
    expect(await tasks.getTask('CL-1', 't-nope')).toBeUndefined();
  });
});
