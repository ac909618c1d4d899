import type { SQSEvent } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import { planRequestSchema } from '../../shared/schemas/messages.js';
import { planInvoiceReminders, type PlanInvoiceRemindersDeps } from '../../shared/usecases/plan-invoice-reminders.js';

/** Planning queue → one EventBridge Scheduler entry per reminder the policy wants (and cancellations). */
export function createPlanRemindersHandler(deps: PlanInvoiceRemindersDeps & { readonly observability: Observability }) {
  return observed(
    deps.observability,
    sqsBatchHandler(planRequestSchema, deps.observability, async (request) => {
      const outcome = await planInvoiceReminders(deps, request);
      deps.observability.metrics?.addMetric('RemindersScheduled', 'Count', outcome.scheduled);
      deps.observability.metrics?.addMetric('RemindersCancelled', 'Count', outcome.cancelled);
      return outcome;
    }),
  );
}

export type PlanRemindersEvent = SQSEvent;
