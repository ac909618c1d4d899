import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { EvaluationRequest } from '../../config/escalation.js';
import type { EvaluationStarter } from '../../ports.js';
import { isAwsError } from './errors.js';

/**
 * Starts one escalation evaluation: a Standard execution named after the request's evaluation id.
 * Step Functions refuses a second execution with the same name (for 90 days) — a redelivered
 * trigger or a duplicate event starts nothing twice: `exists`.
 *
 * @example
 * await new StepFunctionsEvaluationStarter(new SFNClient({}), stateMachineArn).start(request);
 */
export class StepFunctionsEvaluationStarter implements EvaluationStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(request: EvaluationRequest): Promise<'started' | 'exists'> {
    try {
      await this.client.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name: request.evaluationId, input: JSON.stringify(request) }));
      return 'started';
    } catch (error) {
      if (isAwsError(error, 'ExecutionAlreadyExists')) return 'exists';
      throw error;
    }
  }
}

export { SFNClient };
