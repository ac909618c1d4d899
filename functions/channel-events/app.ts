import { z } from 'zod';
import { parseChannelEventBody } from '../../shared/domain/channels/events/index.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { handleChannelEvent, type HandleChannelEventDeps } from '../../shared/usecases/handle-channel-event.js';

/**
 * Channel events queue → the interaction log, the consent record, fallbacks and reply handling. The
 * queue receives SES events (EventBridge) and SMS / WhatsApp events and inbound messages (SNS). A body
 * that is no known event fails alone (partial batch failure) and ends in the dead-letter queue.
 */
export function createChannelEventsHandler(deps: HandleChannelEventDeps & { readonly observability: Observability }) {
  const { logger, metrics } = deps.observability;
  return observed(
    deps.observability,
    sqsBatchHandler(z.unknown(), deps.observability, async (_parsed, record) => {
      const sent = Number(record.attributes?.SentTimestamp);
      const events = parseChannelEventBody(record.body, Number.isFinite(sent) ? new Date(sent) : deps.clock.now());
      const outcomes = [];
      for (const event of events) {
        const outcome = await handleChannelEvent(deps, event);
        if (outcome.result === 'unknown-message') logger.warn('event about a message we do not know', { channel: event.channel, kind: event.kind });
        metrics?.addMetric(event.kind === 'inbound' ? 'RepliesReceived' : 'DeliveryEvents', 'Count', 1);
        outcomes.push(outcome);
      }
      return outcomes;
    }),
  );
}
