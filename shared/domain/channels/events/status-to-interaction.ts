/**
 * Which interaction-log line a provider status becomes. `undefined`: nothing to log, because
 * - `sent`: the sender already logged `message.sent` when the provider accepted the message, and
 * - `delayed`: not an outcome; a `delivered` or `bounced` follows.
 */
import type { InteractionType } from '../../types.js';
import type { ChannelEventStatus } from './types.js';

export const STATUS_INTERACTIONS: Readonly<Record<ChannelEventStatus, InteractionType | undefined>> = {
  sent: undefined,
  delayed: undefined,
  delivered: 'message.delivered',
  opened: 'message.opened',
  clicked: 'message.clicked',
  bounced: 'message.bounced',
  complained: 'message.complained',
  rejected: 'message.rejected',
  failed: 'message.failed',
};

/**
 * The interaction type for a status, or undefined when it is not logged.
 *
 * @example
 * statusToInteraction('bounced') // 'message.bounced'
 * statusToInteraction('sent')    // undefined
 */
export function statusToInteraction(status: ChannelEventStatus): InteractionType | undefined {
  return STATUS_INTERACTIONS[status];
}
