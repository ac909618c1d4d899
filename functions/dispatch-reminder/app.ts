import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { dispatchMessageSchema } from '../../shared/schemas/messages.js';
import { dispatchReminder, type DispatchReminderDeps } from '../../shared/usecases/dispatch-reminder.js';

/** Dispatch queue (fed by the schedules) → re-check the invoice, render, queue the email. */
export function createDispatchReminderHandler(deps: DispatchReminderDeps & { readonly observability: Observability }) {
  return observed(
    deps.observability,
    sqsBatchHandler(dispatchMessageSchema, deps.observability, async (message) => {
      const outcome = await dispatchReminder(deps, message);
      if (outcome.result === 'skipped') {
        deps.observability.logger.info('reminder skipped', { reminderId: message.reminderId, reason: outcome.reason });
        deps.observability.metrics?.addMetric('RemindersSkipped', 'Count', 1);
      }
      return outcome;
    }),
  );
}
