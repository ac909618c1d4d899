import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import type { DecisionRunFlags } from '../../../shared/config/escalation.js';
import { ESCALATION_STEPS } from '../../../shared/config/escalation.js';
import type { StateMachineDefinition } from '../../../shared/config/escalation-state-machine.js';
import {
  ESCALATION_ACTIONS,
  ESCALATION_FAILURE,
  ESCALATION_RETRYABLE_ERRORS,
  ESCALATION_TASK_STATES,
  escalationDefinition,
} from '../../../shared/config/escalation-state-machine.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:cobranza-escalation-step';
const definition = escalationDefinition({ stepFunctionArn: ARN });

/** The definition's states as loose JSON, so the checks below can read any field of any state type. */
type Json = Record<string, unknown>;
interface Scope {
  readonly path: string;
  readonly machine: { StartAt: string; States: Record<string, Json> };
}

/** The top-level machine and every Parallel branch, each a scope of its own (a branch cannot jump out). */
function scopes(machine: StateMachineDefinition, path = 'top'): Scope[] {
  const loose = machine as unknown as Scope['machine'];
  const nested = Object.entries(loose.States).flatMap(([name, state]) =>
    ((state.Branches as StateMachineDefinition[] | undefined) ?? []).flatMap((branch, index) => scopes(branch, `${name}[${index}]`)),
  );
  return [{ path, machine: loose }, ...nested];
}
const allStates = scopes(definition).flatMap((scope) => Object.entries(scope.machine.States).map(([name, state]) => ({ name, state, scope })));
const tasks = allStates.filter(({ state }) => state.Type === 'Task');

/** Every state name a state can go to. */
function targets(state: Json): string[] {
  const choices = (state.Choices as { Next: string }[] | undefined) ?? [];
  const catches = (state.Catch as { Next: string }[] | undefined) ?? [];
  return [state.Next, state.Default, ...choices.map((choice) => choice.Next), ...catches.map((c) => c.Next)].filter(
    (target): target is string => typeof target === 'string',
  );
}

describe('escalationDefinition: a valid ASL document', () => {
  it('passes asl-validator (JSON schema, paths, ARNs, transitions, terminal states)', () => {
    // asl-validator writes a default QueryLanguage into the object it checks: give it a copy.
    const { isValid, errorsText } = aslValidator(structuredClone(definition));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('also passes as the CDK app renders it, with a definition-substitution placeholder for the ARN', () => {
    const rendered = JSON.stringify(escalationDefinition({ stepFunctionArn: '${EscalationStepArn}' }));
    const parsed = JSON.parse(rendered) as Json;
    expect(aslValidator(parsed).errorsText('\n')).toBe('');
    expect(rendered.match(/"Resource":"\$\{EscalationStepArn\}"/g)).toHaveLength(Object.keys(ESCALATION_TASK_STATES).length);
  });

  it('is rejected by the validator once broken (so the check above is not vacuous)', () => {
    const broken = structuredClone(definition) as unknown as Scope['machine'];
    broken.States.Decide = { ...broken.States.Decide, Next: 'Nowhere' };
    expect(aslValidator(broken).isValid).toBe(false);
  });

  it('is plain JSON: nothing is lost through JSON.stringify (what CDK and Step Functions receive)', () => {
    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
  });

  it('says what it does, and an evaluation is short: TimeoutSeconds 300', () => {
    expect(definition.Comment).toMatch(/escalation/i);
    expect(definition.TimeoutSeconds).toBe(300);
  });

  it('has no Wait state anywhere: waiting lives in DynamoDB and the scheduler', () => {
    expect(allStates.filter(({ state }) => state.Type === 'Wait')).toEqual([]);
    expect(allStates.length).toBeGreaterThan(20);
  });
});

describe('escalationDefinition: states and transitions', () => {
  it('every StartAt, Next, Default, Choice and Catch target exists in its own scope', () => {
    for (const scope of scopes(definition)) {
      const names = Object.keys(scope.machine.States);
      expect(names, scope.path).toContain(scope.machine.StartAt);
      for (const [name, state] of Object.entries(scope.machine.States)) {
        for (const target of targets(state)) expect(names, `${scope.path}.${name} → ${target}`).toContain(target);
      }
    }
  });

  it('every state is reachable and every state name is unique across the machine (Step Functions requires it)', () => {
    for (const scope of scopes(definition)) {
      const reached = new Set([scope.machine.StartAt, ...Object.values(scope.machine.States).flatMap(targets)]);
      expect(Object.keys(scope.machine.States).filter((name) => !reached.has(name)), scope.path).toEqual([]);
    }
    const names = allStates.map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the contract shape: Load → Settled? → Close | ScheduleRecheck | Decide → Act → Record → ScheduleNext → Done', () => {
    const states = definition.States as unknown as Record<string, Json>;
    expect(definition.StartAt).toBe('Load');
    expect(states.Load).toMatchObject({ ResultPath: '$.load', Next: 'Settled?' });
    expect(states['Settled?']).toMatchObject({
      Type: 'Choice',
      Choices: [
        { Variable: '$.load.settled', BooleanEquals: true, Next: 'Close' },
        { Variable: '$.load.paused', BooleanEquals: true, Next: 'ScheduleRecheck' },
      ],
      Default: 'Decide',
    });
    expect(states.Close).toMatchObject({ Next: 'Done' });
    expect(states.ScheduleRecheck).toMatchObject({ Next: 'Done' });
    expect(states.Decide).toMatchObject({ ResultPath: '$.decision', Next: 'Act' });
    expect(states.Act).toMatchObject({ Type: 'Parallel', ResultPath: '$.acted', Next: 'Record' });
    expect(states.Record).toMatchObject({ ResultPath: '$.recorded', Next: 'ScheduleNext' });
    expect(states.ScheduleNext).toMatchObject({ ResultPath: '$.scheduled', Next: 'Done' });
    expect(states.Done).toEqual({ Type: 'Succeed', Comment: expect.any(String) });
    expect(states.EvaluationFailed).toMatchObject({ Type: 'Fail', Error: ESCALATION_FAILURE.error, Cause: ESCALATION_FAILURE.cause });
  });

  it('Act has one branch per run flag: a Choice on $.decision.run.<flag>, then the Task or a Pass', () => {
    const flags: Record<keyof DecisionRunFlags, true> = { createTask: true, sendLetter: true, prepareHandOff: true, writeOff: true, switchCadence: true, alert: true };
    const branches = (definition.States.Act as unknown as { Branches: Scope['machine'][] }).Branches;
    expect(branches.map((branch) => branch.StartAt)).toEqual(ESCALATION_ACTIONS.map((action) => `${action.state}?`));
    expect(ESCALATION_ACTIONS.map((action) => action.flag).sort()).toEqual(Object.keys(flags).sort());
    ESCALATION_ACTIONS.forEach((action, index) => {
      const states = branches[index]!.States;
      expect(states[`${action.state}?`]).toMatchObject({
        Type: 'Choice',
        Choices: [{ Variable: `$.decision.run.${action.flag}`, BooleanEquals: true, Next: action.state }],
        Default: `Skip${action.state}`,
      });
      expect(states[action.state]).toMatchObject({ Type: 'Task', End: true, Parameters: { step: action.step } });
      expect(states[`Skip${action.state}`]).toMatchObject({ Type: 'Pass', End: true });
      expect(states[`${action.state}Failed`]).toMatchObject({ Type: 'Fail', Error: ESCALATION_FAILURE.error });
    });
  });

  it('a failing branch ends the execution in EvaluationFailed through the Parallel state\'s Catch', () => {
    expect(definition.States.Act).toMatchObject({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'EvaluationFailed' }] });
  });
});

describe('escalationDefinition: Task states', () => {
  it('ESCALATION_TASK_STATES names exactly the Task states, each calling its step; every step is used', () => {
    expect(tasks.map(({ name }) => name).sort()).toEqual(Object.keys(ESCALATION_TASK_STATES).sort());
    for (const { name, state } of tasks) {
      expect((state.Parameters as Json).step, name).toBe(ESCALATION_TASK_STATES[name as keyof typeof ESCALATION_TASK_STATES]);
    }
    expect([...new Set(Object.values(ESCALATION_TASK_STATES))].sort()).toEqual([...ESCALATION_STEPS].sort());
  });

  it('every Task calls the step function by its plain Lambda ARN (its result is the function\'s return value)', () => {
    for (const { name, state } of tasks) expect(state.Resource, name).toBe(ARN);
  });

  it('every Task retries the Lambda service errors and States.TaskFailed (2 s, ×2, 3 times) and catches into a Fail state', () => {
    expect(ESCALATION_RETRYABLE_ERRORS).toEqual([
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'States.TaskFailed',
    ]);
    for (const { name, state, scope } of tasks) {
      expect(state.Retry, name).toEqual([{ ErrorEquals: [...ESCALATION_RETRYABLE_ERRORS], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }]);
      const catchers = state.Catch as { ErrorEquals: string[]; Next: string; ResultPath: string }[];
      expect(catchers, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: expect.any(String) }]);
      expect(scope.machine.States[catchers[0]!.Next], name).toMatchObject({ Type: 'Fail', Error: ESCALATION_FAILURE.error, Cause: expect.any(String) });
    }
  });

  it('passes each Task only the paths that exist at that point', () => {
    const request = { 'accountId.$': '$.accountId', 'evaluationId.$': '$.evaluationId', 'trigger.$': '$.trigger' };
    const loaded = { ...request, 'load.$': '$.load' };
    const decided = { ...loaded, 'decision.$': '$.decision' };
    const acted = { ...decided, 'acted.$': '$.acted' };
    const expected: Record<keyof typeof ESCALATION_TASK_STATES, Json> = {
      Load: request,
      Close: loaded,
      ScheduleRecheck: loaded,
      Decide: loaded,
      CreateTask: decided,
      SendLetter: decided,
      PrepareHandOff: decided,
      WriteOff: decided,
      SwitchCadence: decided,
      Alert: decided,
      Record: acted,
      ScheduleNext: acted,
    };
    for (const { name, state } of tasks) {
      const { step, ...paths } = state.Parameters as Json;
      expect(paths, `${name} (${String(step)})`).toEqual(expected[name as keyof typeof expected]);
    }
  });
});
