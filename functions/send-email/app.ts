import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context, SQSEvent } from 'aws-lambda';
import type { EmailMessage } from '../../shared/domain/types.js';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { emailMessageSchema } from '../../shared/schemas/messages.js';
import { sendReminderEmail, type SendReminderEmailDeps } from '../../shared/usecases/send-reminder-email.js';

export interface SendEmailHandlerDeps extends SendReminderEmailDeps {
  readonly observability: Observability;
  /** Powertools idempotency store (DynamoDB on AWS and on dynalite locally). */
  readonly idempotencyStore: BasePersistenceLayer;
}

/**
 * Email queue → SES. Idempotent by reminder id: a redelivered message (SQS is at-least-once) returns
 * the first send's result instead of sending again.
 */
export function createSendEmailHandler(deps: SendEmailHandlerDeps) {
  const config = new IdempotencyConfig({ eventKeyJmesPath: 'reminderId', expiresAfterSeconds: 7 * 24 * 3600 });
  const sendOnce = makeIdempotent((message: EmailMessage) => sendReminderEmail(deps, message), {
    persistenceStore: deps.idempotencyStore,
    config,
  });
  const batch = sqsBatchHandler(emailMessageSchema, deps.observability, async (message) => {
    const outcome = await sendOnce(message);
    if (outcome.result === 'sent') deps.observability.metrics?.addMetric('EmailsSent', 'Count', 1);
    return outcome;
  });
  return observed(deps.observability, async (event: SQSEvent, context: Context) => {
    config.registerLambdaContext(context);
    return batch(event, context);
  });
}
