import { observed, type Observability } from '../../shared/lambda/observability.js';
import { sqsBatchHandler } from '../../shared/lambda/sqs-batch.js';
import type { EvaluationRequest } from '../../shared/config/escalation.js';
import type { EvaluationStarter } from '../../shared/ports.js';
import { evaluationRequestSchema } from '../../shared/schemas/escalation.js';

/**
 * Escalation queue (schedules and events: payments, promises, disputes, plans, tasks) → one short
 * Step Functions execution per request, named by its evaluation id: a repeat starts nothing.
 */
export function createStartEscalationHandler(deps: { readonly starter: EvaluationStarter; readonly observability: Observability }) {
  return observed(
    deps.observability,
    sqsBatchHandler(evaluationRequestSchema, deps.observability, async (message) => {
      const result = await deps.starter.start(message as EvaluationRequest);
      deps.observability.metrics?.addMetric(result === 'started' ? 'EvaluationsStarted' : 'EvaluationsDuplicate', 'Count', 1);
      return result;
    }),
  );
}
