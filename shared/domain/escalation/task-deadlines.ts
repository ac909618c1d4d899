/** What the deadlines of an account's open tasks mean for its evaluation. */
export interface TaskDeadline {
  readonly taskId: string;
  readonly type: string;
  readonly deadline: string;
}

export interface TaskDeadlineEffects {
  /** Tasks past their deadline that were not alerted yet: one `task-overdue` alert each, once. */
  readonly overdue: readonly { readonly taskId: string; readonly message: string }[];
  /** The earliest deadline still ahead: the account is evaluated again then. */
  readonly nextDeadline?: string;
}

/**
 * A collector's task that runs past its deadline is an alert (once per task), and the next deadline
 * is a reason to look at the account again — a task nobody does must not silence the escalation.
 *
 * @example
 * taskDeadlineEffects([{ taskId: 't-1', type: 'personal-contact', deadline: '2026-12-01T14:00:00Z' }], new Set(), new Date('2026-12-02T00:00:00Z'))
 * // { overdue: [{ taskId: 't-1', message: 'personal-contact task t-1 is past its deadline (2026-12-01T14:00:00Z)' }] }
 */
export function taskDeadlineEffects(tasks: readonly TaskDeadline[], alerted: ReadonlySet<string>, now: Date): TaskDeadlineEffects {
  const overdue = tasks
    .filter((t) => Date.parse(t.deadline) <= now.getTime() && !alerted.has(t.taskId))
    .map((t) => ({ taskId: t.taskId, message: `${t.type} task ${t.taskId} is past its deadline (${t.deadline})` }));
  const ahead = tasks.map((t) => t.deadline).filter((d) => Date.parse(d) > now.getTime()).sort()[0];
  return { overdue, ...(ahead ? { nextDeadline: ahead } : {}) };
}
