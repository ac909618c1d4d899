import { taskDisputeId } from '../domain/escalation/task-relevance.js';
import type { Interaction } from '../domain/types.js';
import type { AgentTask, Clock, InteractionLog, TaskStore } from '../ports.js';

/** Who closes tasks that nobody needs to do any more (the log's `by`). */
export const SYSTEM = 'system';

export interface CloseTasksDeps {
  readonly tasks: TaskStore;
  readonly log: InteractionLog;
  readonly clock: Clock;
}

/**
 * Closes the open tasks that lost their reason: every open task of the account when it settles (or
 * is written off), or, with `disputeId`, the tasks about that dispute once it is resolved (its
 * `dispute-sla` task, and any task created for it). Each is marked done with `reason` as its outcome
 * and logged as `task.completed` by `system`, so a collector sees why it left the worklist. Safe to
 * repeat: a task already done is left as it is (a collector's own outcome is never overwritten), and
 * the log line has the same id as the one `completeTask` writes. Asks for no evaluation: the caller
 * is an evaluation, or a request that already asked for one.
 *
 * @example
 * await closeTasksOf(deps, 'C-1004', { reason: 'account settled: nothing left to pay' })
 * await closeTasksOf(deps, 'C-1004', { reason: 'dispute d-1 resolved (rejected)', disputeId: 'd-1' })
 * // the closed tasks, each { status: 'done', outcome: reason, completedAt: now, … }
 */
export async function closeTasksOf(deps: CloseTasksDeps, accountId: string, options: { readonly reason: string; readonly disputeId?: string }): Promise<AgentTask[]> {
  const open = await deps.tasks.listOpenTasks(accountId);
  const matching = options.disputeId === undefined ? open : open.filter((task) => taskDisputeId(task) === options.disputeId);
  if (matching.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const outcome = options.reason.slice(0, 1000);
  const closed: AgentTask[] = [];
  for (const task of matching) {
    const done = await deps.tasks.closeTask(accountId, task.taskId, { outcome, completedAt: now, owner: task.owner ?? SYSTEM });
    if (done) closed.push(done);
  }
  if (closed.length > 0) {
    await deps.log.append(
      closed.map(
        (task): Interaction => ({
          interactionId: `task.completed#${task.taskId}`,
          accountId,
          at: now,
          type: 'task.completed',
          detail: `${task.type} done by ${SYSTEM}: ${outcome}`.slice(0, 300),
          data: { taskId: task.taskId, by: SYSTEM },
        }),
      ),
    );
  }
  return closed;
}
