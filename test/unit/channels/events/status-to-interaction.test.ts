import { describe, expect, it } from 'vitest';
import { CHANNEL_EVENT_STATUSES, statusToInteraction } from '../../../../shared/domain/channels/events/index.js';

describe('statusToInteraction', () => {
  it('maps each outcome to its interaction type', () => {
    expect(Object.fromEntries(CHANNEL_EVENT_STATUSES.map((status) => [status, statusToInteraction(status)]))).toEqual({
      sent: undefined,
      delivered: 'message.delivered',
      opened: 'message.opened',
      clicked: 'message.clicked',
      delayed: undefined,
      bounced: 'message.bounced',
      complained: 'message.complained',
      rejected: 'message.rejected',
      failed: 'message.failed',
    });
  });
});
