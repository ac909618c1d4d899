import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { dispatchMessageSchema } from '../../shared/schemas/messages.js';
import { dispatchReminder, type DispatchReminderDeps } from '../../shared/usecases/dispatch-reminder.js';

/** Dispatch queue (schedules, fallbacks) → re-check, choose the channel, consolidate, apply the contact rules, queue the message. */
export function createDispatchReminderHandler(deps: DispatchReminderDeps & { readonly observability: Observability }) {
  return observed(
    deps.observability,
    sqsBatchHandler(dispatchMessageSchema, deps.observability, async (message) => {
      const outcome = await dispatchReminder(deps, message);
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
