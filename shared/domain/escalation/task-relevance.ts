import type { Dispute, Stage } from './types.js';

/** What is read of a collector's task here (the AgentTask of shared/ports.ts has these fields). */
export interface TaskSubject {
  readonly type: string;
  readonly text: string;
  readonly disputeId?: string;
}

/**
 * The dispute a task is about, if any: its `disputeId`; else, for a `dispute-sla` task written before
 * tasks carried one, the id its text names ("Resolve dispute d-… on invoice …", evaluate.ts).
 *
 * @example
 * taskDisputeId({ type: 'dispute-sla', text: 'Resolve dispute d-1a2b on invoice F-1 (damaged), …' }) // 'd-1a2b'
 */
export function taskDisputeId(task: TaskSubject): string | undefined {
  if (task.disputeId) return task.disputeId;
  if (task.type !== 'dispute-sla') return undefined;
  return /\bdispute (d-[0-9a-z]+) on invoice\b/i.exec(task.text)?.[1];
}

/**
 * Why an open task needs nobody any more, or undefined while it does: the account is closed
 * (settled) or written off, or the dispute it is about is resolved. The worklist hides such tasks
 * even when nothing closed them (tasks created before tasks were closed automatically).
 *
 * @example
 * staleTaskReason(task, { stage: 'closed', disputes: [] }) // 'account closed: nothing left to collect'
 */
export function staleTaskReason(task: TaskSubject, account: { readonly stage: Stage; readonly disputes: readonly Dispute[] }): string | undefined {
  if (account.stage === 'closed') return 'account closed: nothing left to collect';
  if (account.stage === 'write-off') return 'account written off';
  const disputeId = taskDisputeId(task);
  const dispute = disputeId ? account.disputes.find((d) => d.disputeId === disputeId) : undefined;
  if (dispute?.status === 'resolved') return `dispute ${dispute.disputeId} resolved${dispute.resolution ? ` (${dispute.resolution})` : ''}`;
  return undefined;
}
