/**
 * Runs the escalation state machine on this machine: the SAME ASL definition the CDK app deploys
 * (shared/config/escalation-state-machine.ts), executed by aws-local-stepfunctions with every Task state
 * overridden by name to call the step use case in-process instead of the Lambda ARN. Used by the
 * embedded runtime and the tests, so both exercise the real Choices, Parallel branches, Retry and Catch.
 */
import { ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { RunOptions } from 'aws-local-stepfunctions';
import type { EvaluationRequest, StepRequest } from '../../shared/config/escalation.js';
import {
  ESCALATION_STATE_MACHINE_NAME,
  ESCALATION_TASK_STATES,
  ESCALATION_TIMEOUT_SECONDS,
  escalationDefinition,
} from '../../shared/config/escalation-state-machine.js';

/**
 * aws-local-stepfunctions@3 declares Node >= 22 and calls `Promise.withResolvers` (Node 22, ES2024) for
 * every Task's timeout; Cobranza runs on Node 20. Everything else it uses exists in Node 20.3+
 * (AbortSignal.any…), so this spec-shaped shim — installed only when missing, non-enumerable like the
 * native one — is all it takes. Drop it when the project moves to Node 22.
 */
function installPromiseWithResolvers(): void {
  const constructor = Promise as unknown as { withResolvers?: unknown };
  if (typeof constructor.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
installPromiseWithResolvers();

/** Never called (every Task is overridden); it only has to look like a Lambda ARN to the validator. */
export const LOCAL_STEP_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:cobranza-escalation-step';
const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:us-east-1:000000000000:stateMachine:${ESCALATION_STATE_MACHINE_NAME}`;

/** What `runEvaluation` returns: the execution's output and the states entered, in order. */
export interface EvaluationRun {
  /** The final state: the request plus `load`, `decision`, `acted`, `recorded`, `scheduled`, … */
  readonly output: unknown;
  /**
   * The name of every state entered, in the order entered. The `Act` branches run concurrently, so
   * their states may interleave; the top-level states are strictly ordered.
   */
  readonly states: string[];
}

/**
 * An evaluation that ended in failure: which state failed first and why (the step's own error, after
 * its retries), and the execution's error (the Fail state's `Error`/`Cause`, e.g. `Escalation.StepFailed`).
 */
export class EvaluationFailedError extends Error {
  override readonly name = 'EvaluationFailedError';
  constructor(
    readonly evaluationId: string,
    /** The state whose failure ended the execution (e.g. `Decide`, `SendLetter`), if known. */
    readonly failedState: string | undefined,
    /** The failed state's error name and cause (e.g. `Error`, `dynamo is down`). */
    readonly stepError: { readonly error: string; readonly cause: string } | undefined,
    /** The execution's error name and cause (the Fail state's, or `States.Timeout`, `States.Runtime`…). */
    readonly executionError: { readonly error: string; readonly cause: string },
    /** The states entered before it failed. */
    readonly states: readonly string[],
  ) {
    const where = failedState ? ` in state ${failedState}` : '';
    const why = stepError ? `: ${stepError.error}: ${stepError.cause}` : '';
    super(
      `Escalation evaluation ${evaluationId} failed${where}${why} ` +
        `(execution error ${executionError.error}: ${executionError.cause})`,
    );
  }
}

let machine: StateMachine | undefined;

/** Built once: the constructor validates the definition with asl-validator, which is not free. */
function localStateMachine(): StateMachine {
  machine ??= new StateMachine(escalationDefinition({ stepFunctionArn: LOCAL_STEP_FUNCTION_ARN }));
  return machine;
}

type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer Event> ? Event : never;
type StateEvent<Type extends string> = Extract<EventLog, { type: Type }>;
type JSONValue = Parameters<StateMachine['run']>[0];

/**
 * Runs one evaluation of the escalation state machine locally, every Task state calling `step` with
 * its `StepRequest` (exactly what `escalation-step` receives on AWS). The step's return value goes
 * through JSON like a Lambda's (`undefined` becomes `null`, Dates become strings). Retries do not
 * sleep (`retryIntervalMs`, default 0): a local run should not wait 2 + 4 + 8 s to fail.
 *
 * @param request the execution input; `evaluationId` is also the execution name (`$$.Execution.Name`).
 * @param step runs one step, e.g. the `escalation-step` use case with local adapters.
 * @returns the execution output and the names of the states entered.
 * @throws EvaluationFailedError when the execution fails (a step failing after its retries, a timeout).
 * @example
 * ```ts
 * const { states } = await runEvaluation(
 *   { accountId: 'ACME', evaluationId: 'ACME-schedule-2026-12-01', trigger: { kind: 'schedule', at: now } },
 *   (req) => escalationStep(req, deps),
 * );
 * console.log(states.join(' → ')); // Load → Settled? → Decide → Act → … → Record → ScheduleNext → Done
 * ```
 */
export async function runEvaluation(
  request: EvaluationRequest,
  step: (req: StepRequest) => Promise<unknown>,
  options: { readonly retryIntervalMs?: number } = {},
): Promise<EvaluationRun> {
  const callStep = async (input: JSONValue): Promise<JSONValue> => {
    let result: unknown;
    try {
      result = await step(input as unknown as StepRequest);
    } catch (error) {
      // The library matches Retry/Catch on `error.name`: a thrown string or object would have none
      // (Lambda reports those as an `Error` too).
      throw error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
    }
    return JSON.parse(JSON.stringify(result ?? null)) as JSONValue;
  };
  const taskNames = Object.keys(ESCALATION_TASK_STATES);
  const runOptions: RunOptions = {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(taskNames.map((name) => [name, callStep])),
      retryIntervalOverrides: Object.fromEntries(taskNames.map((name) => [name, options.retryIntervalMs ?? 0])),
    },
    context: {
      Execution: {
        Id: `arn:aws:states:us-east-1:000000000000:execution:${ESCALATION_STATE_MACHINE_NAME}:${request.evaluationId}`,
        Name: request.evaluationId,
      },
      StateMachine: { Id: LOCAL_STATE_MACHINE_ARN, Name: ESCALATION_STATE_MACHINE_NAME },
    },
  };

  const execution = localStateMachine().run(JSON.parse(JSON.stringify(request)) as JSONValue, runOptions);
  const [settled] = await Promise.allSettled([execution.result]);
  // The event log is closed once the execution ends (succeeded, failed or timed out): this drains it.
  const events: EventLog[] = [];
  for await (const event of execution.eventLogs) events.push(event);
  const states = events.flatMap((event) => (event.type === 'StateEntered' ? [event.state.name] : []));

  if (settled.status === 'fulfilled') return { output: settled.value, states };
  throw failure(request.evaluationId, settled.reason, events, states);
}

/** Turns a failed execution and its event log into an `EvaluationFailedError`. */
function failure(evaluationId: string, reason: unknown, events: readonly EventLog[], states: string[]): EvaluationFailedError {
  let executionError = { error: 'Error', cause: reason instanceof Error ? reason.message : String(reason) };
  if (reason instanceof ExecutionTimeoutError) {
    executionError = { error: 'States.Timeout', cause: `the execution ran longer than ${ESCALATION_TIMEOUT_SECONDS} s` };
  } else if (reason instanceof ExecutionError && reason.cause instanceof Error) {
    // The library's ExecutionError wraps the runtime error: a Fail state's is named after its Error, its message is the Cause.
    executionError = { error: reason.cause.name, cause: reason.cause.message };
  }
  // The first state caught is where it went wrong (later ones are the Parallel rethrowing a branch's
  // failure); without a Catch (States.Runtime, a timeout) it is the last non-Fail state that failed.
  const isCaught = (event: EventLog): event is StateEvent<'StateCaught'> => event.type === 'StateCaught';
  const isFailed = (event: EventLog): event is StateEvent<'StateFailed'> => event.type === 'StateFailed';
  const failedState =
    events.find(isCaught)?.state.name ?? events.filter(isFailed).findLast((event) => event.state.type !== 'Fail')?.state.name;
  const lastFailure = events.filter(isFailed).findLast((event) => event.state.name === failedState);
  const stepError = lastFailure ? { error: lastFailure.Error, cause: text(lastFailure.Cause) } : undefined;
  return new EvaluationFailedError(evaluationId, failedState, stepError, executionError, states);
}

/** A Cause as text: the library passes an Error's `cause` through as is when it has one. */
function text(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause) ?? String(cause);
}
