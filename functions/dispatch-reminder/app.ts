import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { dispatchQueueMessageSchema } from '../../shared/schemas/messages.js';
import { dispatchLetter, type DispatchLetterDeps } from '../../shared/usecases/dispatch-letter.js';
import { dispatchReminder } from '../../shared/usecases/dispatch-reminder.js';
import { remindInstallment } from '../../shared/usecases/remind-installment.js';

/**
 * Dispatch queue (schedules, fallbacks, messages a sender held back) → re-check, choose the channel,
 * consolidate, apply the contact rules, queue the message. Invoice reminders, a payment plan's
 * installment reminders and held pre-legal letters share it.
 */
export function createDispatchReminderHandler(deps: DispatchLetterDeps & { readonly observability: Observability }) {
  return observed(
    deps.observability,
    sqsBatchHandler(dispatchQueueMessageSchema, deps.observability, async (message) => {
      const outcome =
        message.kind === 'installment' ? await remindInstallment(deps, message)
        : message.kind === 'letter' ? await dispatchLetter(deps, message)
        : await dispatchReminder(deps, message);
      if (outcome.result === 'skipped') {
        deps.observability.logger.info('reminder skipped', { reminderId: message.reminderId, reason: outcome.reason });
        deps.observability.metrics?.addMetric('RemindersSkipped', 'Count', 1);
      } else if (outcome.result === 'deferred') {
        deps.observability.logger.info('reminder deferred', { reminderId: message.reminderId, until: outcome.until, reason: outcome.reason });
        deps.observability.metrics?.addMetric('RemindersDeferred', 'Count', 1);
      }
      return outcome;
    }),
  );
}
