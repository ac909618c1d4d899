import { describe, expect, it } from 'vitest';
import type { Interaction } from '../../../shared/domain/types.js';
import { collectionHistory } from '../../../shared/usecases/escalation-step.js';

const sent = (id: string, at: string, template?: string): Interaction => ({
  interactionId: `message.sent#${id}`,
  accountId: 'A-1',
  at,
  type: 'message.sent',
  reminderId: id,
  data: { kind: 'reminder', ...(template ? { template } : {}) },
});
const status = (type: Interaction['type'], id: string, at: string, suffix = ''): Interaction => ({ interactionId: `${type}#${id}${suffix}`, accountId: 'A-1', at, type, reminderId: id });

describe('collectionHistory: what earns the ladder', () => {
  it('counts overdue notices that reached the debtor, from the first of them', () => {
    expect(collectionHistory([sent('m2', '2026-12-08T15:00:00Z', 'overdue'), sent('m1', '2026-12-01T15:00:00Z', 'overdue'), sent('m3', '2026-12-15T15:00:00Z', 'final-notice')])).toEqual({
      delivered: 3,
      firstDeliveredAt: '2026-12-01T15:00:00Z',
    });
  });

  it('does not count courtesy heads-ups before a due date, nor receipts or letters', () => {
    const lines = [sent('m1', '2026-11-20T15:00:00Z', 'upcoming'), sent('m2', '2026-11-25T15:00:00Z', 'due-today'), { ...sent('r1', '2026-11-26T15:00:00Z'), data: { kind: 'receipt' } }];
    expect(collectionHistory(lines)).toEqual({ delivered: 0 });
  });

  it('does not count a message that bounced or was reported failed after it was sent (an SMS that expired)', () => {
    const lines = [
      sent('m1', '2026-12-01T15:00:00Z', 'overdue'),
      status('message.bounced', 'm1', '2026-12-01T15:02:00Z'),
      sent('m2', '2026-12-08T15:00:00Z', 'overdue'),
      status('message.failed', 'm2', '2026-12-09T15:00:00Z', '#TEXT_TTL_EXPIRED'),
      // A send that failed once, was retried and went out: it counts.
      status('message.failed', 'm3', '2026-12-15T15:00:00Z', '#2026-12-15T15:00:00Z'),
      sent('m3', '2026-12-15T15:05:00Z', 'overdue'),
    ];
    expect(collectionHistory(lines)).toEqual({ delivered: 1, firstDeliveredAt: '2026-12-15T15:05:00Z' });
  });
});
