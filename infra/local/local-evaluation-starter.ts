import { appendFile, readFile } from 'node:fs/promises';
import type { EvaluationRequest, StepRequest } from '../../shared/config/escalation.js';
import type { EvaluationStarter } from '../../shared/ports.js';
import { runEvaluation } from './local-state-machine.js';

/**
 * Step Functions, locally: each evaluation runs the same ASL definition at once with
 * aws-local-stepfunctions, its Task states handled by the escalation-step function's handler. Like
 * Step Functions, an execution name is used once: the names run so far are kept in
 * `<data-dir>/executions.jsonl`, so a repeated trigger starts nothing (`exists`).
 */
export class LocalEvaluationStarter implements EvaluationStarter {
  /** The names run so far; a promise, so that concurrent first calls share one read of the file. */
  private seen: Promise<Set<string>> | undefined;

  constructor(
    private readonly executionsFile: string,
    private readonly step: (request: StepRequest) => Promise<unknown>,
    private readonly onRun?: (request: EvaluationRequest, states: readonly string[]) => void,
  ) {}

  async start(request: EvaluationRequest): Promise<'started' | 'exists'> {
    const seen = await this.names();
    if (seen.has(request.evaluationId)) return 'exists';
    seen.add(request.evaluationId);
    await appendFile(this.executionsFile, `${JSON.stringify({ name: request.evaluationId, accountId: request.accountId, trigger: request.trigger.kind })}\n`);
    const run = await runEvaluation(request, this.step);
    this.onRun?.(request, run.states);
    return 'started';
  }

  private names(): Promise<Set<string>> {
    // Evaluations of one queue batch start concurrently: checking and setting a name must not
    // interleave with a first read of the file (two reads would give two sets, both without the name).
    this.seen ??= readFile(this.executionsFile, 'utf8')
      .catch(() => '')
      .then(
        (text) =>
          new Set(
            text
              .split('\n')
              .filter(Boolean)
              .map((line) => (JSON.parse(line) as { name: string }).name),
          ),
      );
    return this.seen;
  }
}
