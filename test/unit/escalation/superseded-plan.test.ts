import { describe, expect, it } from 'vitest';
import { evaluateEscalation } from '../../../shared/domain/escalation/evaluate.js';
import type { PaymentPlan } from '../../../shared/domain/escalation/types.js';
import { input, invoice, record } from './fixtures.js';

/** A plan a newer one replaced is over: it holds the escalation no more than a broken or completed one. */
describe('evaluateEscalation with a superseded plan', () => {
  const onTrack: PaymentPlan = {
    planId: 'plan-old',
    accountId: 'A-1',
    currency: 'MXN',
    total: 1_400_000,
    installments: [
      { dueDate: '2026-11-20', amount: 400_000, status: 'paid' },
      { dueDate: '2026-12-20', amount: 1_000_000, status: 'due' },
    ],
    discountPercent: 0,
    interestWaived: false,
    createdAt: '2026-11-20T15:00:00.000Z',
    status: 'active',
  };

  it('the same installments hold the escalation while the plan is active, and not once it is superseded', () => {
    const held = evaluateEscalation(input({ invoices: [invoice('F-1', 50, 1_400_000)], record: record('mid'), plans: [onTrack] }));
    expect(held.outcome).toBe('paused');

    const superseded = evaluateEscalation(input({ invoices: [invoice('F-1', 50, 1_400_000)], record: record('mid'), plans: [{ ...onTrack, status: 'superseded', supersededBy: 'plan-new' }] }));
    expect(superseded.outcome).toBe('staged');
    expect(superseded.reasons.join(' ')).not.toContain('plan-old');
  });
});
