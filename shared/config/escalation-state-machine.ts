/**
 * The escalation state machine (`EvaluateEscalation`): ONE Amazon States Language definition, a plain
 * JSON object, used unchanged by the CDK app (with a definition substitution for the step function's
 * ARN) and by the embedded runtime and tests (aws-local-stepfunctions, Task states overridden by name).
 *
 * The contract it implements lives in ./escalation.ts: the execution input is an `EvaluationRequest`,
 * every Task calls the `escalation-step` function with a `StepRequest` (`{ step, ...state }`), `load`'s
 * result lands at `$.load` and `decide`'s at `$.decision` (with its `DecisionRunFlags` at
 * `$.decision.run`).
 *
 * No CDK import on purpose: this module is data, so the local runtime and the Lambda bundles can import
 * it without dragging aws-cdk-lib along (the type import below is erased at build time).
 */
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { DecisionRunFlags, EscalationStep } from './escalation.js';

export type { StateMachineDefinition };

/** One state of a definition, as aws-local-stepfunctions types it. */
type AslState = StateMachineDefinition['States'][string];

/** The state machine's name in the CDK app and the local Context object (issue #5). */
export const ESCALATION_STATE_MACHINE_NAME = 'EvaluateEscalation';

/**
 * An evaluation is a handful of Lambda calls; anything near five minutes is stuck, not slow. Waiting
 * for dates (promise + grace, dispute SLA, next stage) lives in DynamoDB and the scheduler instead.
 */
export const ESCALATION_TIMEOUT_SECONDS = 300;

/**
 * The action branches of the `Act` Parallel state, in branch order: the `DecisionRunFlags` flag its
 * Choice tests, the Task state that runs when the flag is true, and the step that Task calls.
 */
export const ESCALATION_ACTIONS = [
  { flag: 'createTask', state: 'CreateTask', step: 'create-task' },
  { flag: 'sendLetter', state: 'SendLetter', step: 'send-letter' },
  { flag: 'prepareHandOff', state: 'PrepareHandOff', step: 'prepare-hand-off' },
  { flag: 'writeOff', state: 'WriteOff', step: 'write-off' },
  { flag: 'switchCadence', state: 'SwitchCadence', step: 'switch-cadence' },
  { flag: 'alert', state: 'Alert', step: 'alert' },
] as const satisfies readonly { flag: keyof DecisionRunFlags; state: string; step: EscalationStep }[];

/**
 * Every Task state of the definition → the `escalation-step` step it calls. The local runner overrides
 * exactly these states (by name) with the step use case; the CDK app needs nothing from it.
 *
 * @example
 * ```ts
 * const handlers = Object.fromEntries(Object.keys(ESCALATION_TASK_STATES).map((name) => [name, runStep]));
 * ```
 */
export const ESCALATION_TASK_STATES = {
  Load: 'load',
  Close: 'close',
  ScheduleRecheck: 'schedule',
  Decide: 'decide',
  CreateTask: 'create-task',
  SendLetter: 'send-letter',
  PrepareHandOff: 'prepare-hand-off',
  WriteOff: 'write-off',
  SwitchCadence: 'switch-cadence',
  Alert: 'alert',
  Record: 'record',
  ScheduleNext: 'schedule',
} as const satisfies Record<string, EscalationStep>;
export type EscalationTaskState = keyof typeof ESCALATION_TASK_STATES;

/**
 * The errors a Task retries: the Lambda service's transient failures and the step's own failure
 * (States.TaskFailed: a conditional write lost a race, a throttled store…). Every step is idempotent,
 * so running one again is safe.
 */
export const ESCALATION_RETRYABLE_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'States.TaskFailed',
] as const;

/** What a failed evaluation reports (the `EvaluationFailed` Fail state, and each action branch's). */
export const ESCALATION_FAILURE = {
  error: 'Escalation.StepFailed',
  cause:
    'An escalation step failed after its retries; the execution history shows which step and its error. ' +
    'Steps are idempotent, so the evaluation can simply run again (the next trigger or a manual re-run).',
} as const;

/** The execution input's own fields: the only paths that exist when `Load` runs. */
const REQUEST_PARAMETERS = { 'accountId.$': '$.accountId', 'evaluationId.$': '$.evaluationId', 'trigger.$': '$.trigger' };
/** … plus `$.load` once `Load` has run (Close, ScheduleRecheck, Decide). */
const LOADED_PARAMETERS = { ...REQUEST_PARAMETERS, 'load.$': '$.load' };
/** … plus `$.decision` once `Decide` has run (the actions, Record, ScheduleNext). */
const DECIDED_PARAMETERS = { ...LOADED_PARAMETERS, 'decision.$': '$.decision' };
/** … plus what the actions returned (a letter the contact rules held back moves the next evaluation). */
const ACTED_PARAMETERS = { ...DECIDED_PARAMETERS, 'acted.$': '$.acted' };

/**
 * A Task state calling `escalation-step` with `{ step, …available state }`. A failure after the retries
 * goes to `failState` with the error at `$.failure` (keeping the rest of the state for the history).
 */
function task(options: {
  readonly arn: string;
  readonly step: EscalationStep;
  readonly comment: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Where the step's return value goes; undefined = it becomes the state's output (a branch result). */
  readonly resultPath?: string;
  readonly next?: string;
  readonly failState: string;
}): AslState {
  const state = {
    Type: 'Task' as const,
    Comment: options.comment,
    Resource: options.arn,
    Parameters: { step: options.step, ...options.parameters },
    ...(options.resultPath === undefined ? {} : { ResultPath: options.resultPath }),
    Retry: [{ ErrorEquals: [...ESCALATION_RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: options.failState }],
  };
  return options.next === undefined ? { ...state, End: true } : { ...state, Next: options.next };
}

function fail(comment: string): AslState {
  return { Type: 'Fail', Comment: comment, Error: ESCALATION_FAILURE.error, Cause: ESCALATION_FAILURE.cause };
}

/**
 * One branch of `Act`: `<State>?` tests `$.decision.run.<flag>`, then `<State>` runs the step or
 * `Skip<State>` records that it did not. A branch cannot jump to a top-level state, so each has its own
 * `<State>Failed`; the Parallel state then fails with that error and its Catch ends the execution in
 * `EvaluationFailed`.
 */
function actionBranch(arn: string, action: (typeof ESCALATION_ACTIONS)[number]): StateMachineDefinition {
  const failed = `${action.state}Failed`;
  const skip = `Skip${action.state}`;
  return {
    StartAt: `${action.state}?`,
    States: {
      [`${action.state}?`]: {
        Type: 'Choice',
        Comment: `Run ${action.step} only when the decision asks for it.`,
        Choices: [{ Variable: `$.decision.run.${action.flag}`, BooleanEquals: true, Next: action.state }],
        Default: skip,
      },
      [action.state]: task({
        arn,
        step: action.step,
        comment: `The ${action.step} action; its result is this branch's output.`,
        parameters: DECIDED_PARAMETERS,
        failState: failed,
      }),
      [skip]: { Type: 'Pass', Comment: `The decision does not ask for ${action.step}.`, Result: { skipped: true }, End: true },
      [failed]: fail(`${action.step} failed after its retries.`),
    },
  };
}

/**
 * The escalation evaluation as a plain ASL object: load the account → settled? close → paused by a
 * promise or dispute? schedule the re-check → otherwise decide the stage → run the stage's actions in
 * parallel (each only if `$.decision.run.<flag>`) → record the outcome → schedule the next evaluation.
 * No Wait state: an execution lasts seconds; the months between evaluations are the scheduler's.
 *
 * Every Task calls `resources.stepFunctionArn` in the plain Lambda ARN form, so a Task's result is the
 * function's return value (what the local override returns too), retries transient and step failures
 * (2 s, ×2, 3 times) and otherwise ends in `EvaluationFailed` (`Escalation.StepFailed`).
 *
 * @param resources.stepFunctionArn the `escalation-step` function's ARN, or a substitution placeholder.
 * @example
 * ```ts
 * // CDK (the ARN comes from definitionSubstitutions):
 * new sfn.StateMachine(this, 'EvaluateEscalation', {
 *   definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(escalationDefinition({ stepFunctionArn: '${EscalationStepArn}' }))),
 *   definitionSubstitutions: { EscalationStepArn: stepFunction.functionArn },
 * });
 * // Local (Task states overridden by name, the ARN is never called):
 * new StateMachine(escalationDefinition({ stepFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:escalation-step' }));
 * ```
 */
export function escalationDefinition(resources: { readonly stepFunctionArn: string }): StateMachineDefinition {
  const arn = resources.stepFunctionArn;
  return {
    Comment:
      "Evaluates one account's escalation: loads it; closes it if settled; if an active promise or open dispute " +
      "pauses it, schedules the re-check; otherwise decides the stage, runs that stage's actions (agent task, " +
      'pre-legal letter, hand-off package, write-off, cadence switch, alerts), records the outcome and schedules ' +
      'the next evaluation. Short by design: waiting lives in DynamoDB and EventBridge Scheduler.',
    StartAt: 'Load',
    TimeoutSeconds: ESCALATION_TIMEOUT_SECONDS,
    States: {
      Load: task({
        arn,
        step: 'load',
        comment: "Read the account's balance, promises, disputes and escalation record.",
        parameters: REQUEST_PARAMETERS,
        resultPath: '$.load',
        next: 'Settled?',
        failState: 'EvaluationFailed',
      }),
      'Settled?': {
        Type: 'Choice',
        Comment: 'Nothing owed closes the escalation; a promise or dispute holding every open invoice pauses it.',
        Choices: [
          { Variable: '$.load.settled', BooleanEquals: true, Next: 'Close' },
          { Variable: '$.load.paused', BooleanEquals: true, Next: 'ScheduleRecheck' },
        ],
        Default: 'Decide',
      },
      Close: task({
        arn,
        step: 'close',
        comment: 'Close the escalation and cancel its schedule.',
        parameters: LOADED_PARAMETERS,
        resultPath: '$.closed',
        next: 'Done',
        failState: 'EvaluationFailed',
      }),
      ScheduleRecheck: task({
        arn,
        step: 'schedule',
        comment: 'Paused: schedule the re-check at $.load.pausedUntil (promise date + grace, dispute SLA).',
        parameters: LOADED_PARAMETERS,
        resultPath: '$.scheduled',
        next: 'Done',
        failState: 'EvaluationFailed',
      }),
      Decide: task({
        arn,
        step: 'decide',
        comment: 'The pure evaluation: stage, score, reasons and which actions to run ($.decision.run).',
        parameters: LOADED_PARAMETERS,
        resultPath: '$.decision',
        next: 'Act',
        failState: 'EvaluationFailed',
      }),
      Act: {
        Type: 'Parallel',
        Comment: "The stage's actions, each in its own branch and only if the decision asks for it.",
        Branches: ESCALATION_ACTIONS.map((action) => actionBranch(arn, action)),
        // Name each branch's result (the step's return value or { skipped: true }) by its flag.
        ResultSelector: Object.fromEntries(ESCALATION_ACTIONS.map((action, index) => [`${action.flag}.$`, `$[${index}]`])),
        ResultPath: '$.acted',
        // No Retry: each action already retried itself, and re-running the Parallel would repeat the others.
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'EvaluationFailed' }],
        Next: 'Record',
      },
      Record: task({
        arn,
        step: 'record',
        comment: 'Write the outcome to the escalation record (conditional on $.load.version) and the log.',
        parameters: ACTED_PARAMETERS,
        resultPath: '$.recorded',
        next: 'ScheduleNext',
        failState: 'EvaluationFailed',
      }),
      ScheduleNext: task({
        arn,
        step: 'schedule',
        comment: 'Schedule the next evaluation at $.decision.nextEvaluationAt.',
        parameters: ACTED_PARAMETERS,
        resultPath: '$.scheduled',
        next: 'Done',
        failState: 'EvaluationFailed',
      }),
      Done: { Type: 'Succeed', Comment: 'The evaluation is over; the next one is a scheduler entry or an event.' },
      EvaluationFailed: fail("A step failed after its retries (the error is at $.failure in this state's input)."),
    },
  };
}
