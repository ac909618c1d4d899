import { describe, expect, it } from 'vitest';
import { staleTaskReason, taskDisputeId } from '../../../shared/domain/escalation/task-relevance.js';
import type { Dispute } from '../../../shared/domain/escalation/types.js';

const dispute = (disputeId: string, extra: Partial<Dispute> = {}): Dispute => ({
  disputeId,
  accountId: 'A-1',
  invoiceNumber: 'F-1',
  reason: 'damaged',
  openedAt: '2026-12-01T15:00:00.000Z',
  slaDueAt: '2026-12-04T15:00:00.000Z',
  status: 'open',
  ...extra,
});

// The text evaluate.ts writes on a dispute-sla task (a task made before tasks carried a disputeId).
const slaText = 'Resolve dispute d-0f3a9c on invoice F-1 (damaged), opened 2026-12-01T15:00:00.000Z, is past its SLA (2026-12-04T15:00:00.000Z): credit note, corrected amount or rejected. Comercial Norte SA (A-1): …';

describe('taskDisputeId', () => {
  it('reads the task\'s disputeId, or the dispute an SLA task\'s text names', () => {
    expect(taskDisputeId({ type: 'review-reply', text: 'la mercancía llegó dañada', disputeId: 'd-77' })).toBe('d-77');
    expect(taskDisputeId({ type: 'dispute-sla', text: slaText })).toBe('d-0f3a9c');
  });

  it('does not guess a dispute from a debtor\'s words on another kind of task', () => {
    expect(taskDisputeId({ type: 'review-reply', text: 'about dispute d-0f3a9c on invoice F-1' })).toBeUndefined();
    expect(taskDisputeId({ type: 'personal-contact', text: 'Call: 42 days past due' })).toBeUndefined();
  });
});

describe('staleTaskReason', () => {
  const call = { type: 'personal-contact', text: 'Call: 42 days past due' };

  it('a closed or written-off account needs no task', () => {
    expect(staleTaskReason(call, { stage: 'closed', disputes: [] })).toBe('account closed: nothing left to collect');
    expect(staleTaskReason(call, { stage: 'write-off', disputes: [] })).toBe('account written off');
    for (const stage of ['current', 'early', 'mid', 'advanced', 'pre-legal', 'hand-off'] as const) expect(staleTaskReason(call, { stage, disputes: [] })).toBeUndefined();
  });

  it('a task about a resolved dispute is stale; about an open one, or another dispute, it is not', () => {
    const sla = { type: 'dispute-sla', text: slaText };
    expect(staleTaskReason(sla, { stage: 'mid', disputes: [dispute('d-0f3a9c', { status: 'resolved', resolution: 'rejected' })] })).toBe('dispute d-0f3a9c resolved (rejected)');
    expect(staleTaskReason(sla, { stage: 'mid', disputes: [dispute('d-0f3a9c')] })).toBeUndefined();
    expect(staleTaskReason(sla, { stage: 'mid', disputes: [dispute('d-other', { status: 'resolved' })] })).toBeUndefined();
  });
});
