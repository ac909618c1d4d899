import type { Context } from 'aws-lambda';
import { observed, type Observability } from '../../shared/lambda/observability.js';
import { stepRequestSchema } from '../../shared/schemas/escalation.js';
import type { StepRequest } from '../../shared/config/escalation.js';
import { runEscalationStep, type EscalationStepDeps } from '../../shared/usecases/escalation-step.js';

/**
 * The escalation state machine's Task states (invoked by Step Functions with the Task input).
 * A thrown error fails the Task; the state machine retries it, then fails the execution (alarmed).
 */
export function createEscalationStepHandler(deps: EscalationStepDeps & { readonly observability: Observability }) {
  return observed(deps.observability, async (event: unknown, _context: Context) => {
    const parsed = stepRequestSchema.safeParse(event);
    if (!parsed.success) throw new Error(`invalid step input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const request = parsed.data as unknown as StepRequest;
    const result = await runEscalationStep(deps, request);
    deps.observability.metrics?.addMetric(`EscalationStep_${request.step}`, 'Count', 1);
    return result;
  });
}
