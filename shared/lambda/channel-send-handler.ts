import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSEvent } from 'aws-lambda';
import type { z } from 'zod';
import type { Channel, ChannelMessage } from '../domain/types.js';
import { sendChannelMessage, type SendChannelMessageDeps } from '../usecases/send-channel-message.js';
import { observed, type Observability } from './observability.js';
import { sqsBatchHandler } from './sqs-batch.js';

export interface ChannelSendHandlerDeps extends SendChannelMessageDeps {
  readonly observability: Observability;
  /** Powertools idempotency store (DynamoDB on AWS and on dynalite locally). */
  readonly idempotencyStore: BasePersistenceLayer;
}

const METRIC: Record<Channel, string> = { email: 'EmailsSent', sms: 'SmsSent', whatsapp: 'WhatsAppSent' };

/**
 * A channel queue → its provider. Idempotent by message id (`reminderId`): a redelivered message (SQS is
 * at-least-once) returns the first send's result instead of sending again. Partial batch failures:
 * one failing message is retried alone.
 */
export function createChannelSendHandler<S extends z.ZodType>(channel: Channel, schema: S, deps: ChannelSendHandlerDeps) {
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'reminderId', expiresAfterSeconds: 7 * 24 * 3600 });
  const sendOnce = makeIdempotent((message: z.infer<S>) => sendChannelMessage(deps, { ...(message as object), channel } as ChannelMessage), {
    persistenceStore: deps.idempotencyStore,
    config,
  });
  const batch = sqsBatchHandler(schema, deps.observability, async (message) => {
    const outcome = await sendOnce(message);
    if (outcome.result === 'sent') deps.observability.metrics?.addMetric(METRIC[channel], 'Count', 1);
    if (outcome.result === 'failed') deps.observability.metrics?.addMetric('PermanentDeliveryFailures', 'Count', 1);
    return outcome;
  });
  return observed(deps.observability, async (event: SQSEvent, context: Context) => {
    config.registerLambdaContext(context);
    return batch(event, context);
  });
}
