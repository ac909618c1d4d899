import { describe, expect, it } from 'vitest';
import type { DecisionRunFlags, EvaluationRequest, LoadResult, StepRequest } from '../../../shared/config/escalation.js';
import { ESCALATION_ACTIONS, ESCALATION_FAILURE, escalationDefinition } from '../../../shared/config/escalation-state-machine.js';
import type { EscalationDecision } from '../../../shared/domain/escalation/types.js';
import { EvaluationFailedError, runEvaluation } from '../../../infra/local/local-state-machine.js';

const REQUEST: EvaluationRequest = {
  accountId: 'ACME-MX',
  evaluationId: 'ACME-MX-schedule-2026-12-01T15_00_00Z',
  trigger: { kind: 'schedule', at: '2026-12-01T15:00:00Z' },
};
const OVERDUE: LoadResult = { settled: false, paused: false, stage: 'early', version: 4 };
const NO_ACTIONS: DecisionRunFlags = { createTask: false, sendLetter: false, prepareHandOff: false, writeOff: false, switchCadence: false, alert: false };

/** What `decide` returns: the domain decision plus the flags the Act branches test. */
function decision(run: Partial<DecisionRunFlags>): EscalationDecision & { run: DecisionRunFlags } {
  return {
    outcome: 'staged',
    stage: 'mid',
    previousStage: 'early',
    changed: true,
    reasons: ['oldest invoice 35 days past due'],
    score: { value: 0.42, contributions: { daysPastDue: -0.3 } },
    actions: { createTask: { type: 'personal-contact', deadlineHours: 48, text: 'Call ACME' }, switchCadence: { tone: 'firm', channels: ['email'] } },
    promisesToClose: [],
    disputesPastSla: [],
    nextEvaluationAt: '2026-12-08T15:00:00Z',
    run: { ...NO_ACTIONS, ...run },
  };
}

/**
 * Fake `escalation-step`: `load` returns the scenario's LoadResult, `decide` the decision, every other
 * step `{ done: step }`; `failures[step]` makes that step throw that many times first (Infinity = always).
 */
function fakeSteps(scenario: { load?: LoadResult; run?: Partial<DecisionRunFlags>; failures?: Partial<Record<StepRequest['step'], number>>; errorName?: string }) {
  const calls: StepRequest[] = [];
  const remaining = { ...scenario.failures };
  const step = async (req: StepRequest): Promise<unknown> => {
    calls.push(req);
    const left = remaining[req.step] ?? 0;
    if (left > 0) {
      remaining[req.step] = left - 1;
      const error = new Error(`${req.step} store unavailable`);
      if (scenario.errorName) error.name = scenario.errorName;
      throw error;
    }
    if (req.step === 'load') return scenario.load ?? OVERDUE;
    if (req.step === 'decide') return decision(scenario.run ?? {});
    return { done: req.step };
  };
  return { step, calls, steps: () => calls.map((call) => call.step) };
}

const TOP_LEVEL = new Set(Object.keys(escalationDefinition({ stepFunctionArn: 'arn:aws:lambda:us-east-1:0:function:x' }).States));
const topLevel = (states: readonly string[]) => states.filter((name) => TOP_LEVEL.has(name));
const ACTION_STATES = ESCALATION_ACTIONS.map((action) => action.state);
const DECIDED_PATH = ['Load', 'Settled?', 'Decide', 'Act', 'Record', 'ScheduleNext', 'Done'];

describe('runEvaluation: the path taken', () => {
  it('settled: Load → Settled? → Close → Done', async () => {
    const fake = fakeSteps({ load: { ...OVERDUE, settled: true, stage: 'closed' } });
    const { states, output } = await runEvaluation(REQUEST, fake.step);
    expect(states).toEqual(['Load', 'Settled?', 'Close', 'Done']);
    expect(fake.steps()).toEqual(['load', 'close']);
    expect(output).toMatchObject({ ...REQUEST, closed: { done: 'close' } });
  });

  it('paused by a promise: Load → Settled? → ScheduleRecheck → Done, the schedule step seeing pausedUntil', async () => {
    const load: LoadResult = { ...OVERDUE, paused: true, pausedUntil: '2026-12-18T15:00:00Z', pauseReason: 'promise P-1' };
    const fake = fakeSteps({ load });
    const { states } = await runEvaluation(REQUEST, fake.step);
    expect(states).toEqual(['Load', 'Settled?', 'ScheduleRecheck', 'Done']);
    expect(fake.calls[1]).toEqual({ step: 'schedule', ...REQUEST, load });
  });

  it('settled wins over paused (a paid account with an open promise closes)', async () => {
    const fake = fakeSteps({ load: { ...OVERDUE, settled: true, paused: true } });
    expect((await runEvaluation(REQUEST, fake.step)).states).toEqual(['Load', 'Settled?', 'Close', 'Done']);
  });

  it('a decision with createTask + switchCadence runs exactly those two actions, the others pass', async () => {
    const fake = fakeSteps({ run: { createTask: true, switchCadence: true } });
    const { states, output } = await runEvaluation(REQUEST, fake.step);
    expect(topLevel(states)).toEqual(DECIDED_PATH);
    expect(states.filter((name) => ACTION_STATES.includes(name as (typeof ACTION_STATES)[number])).sort()).toEqual(['CreateTask', 'SwitchCadence']);
    expect(states.filter((name) => name.startsWith('Skip')).sort()).toEqual(['SkipAlert', 'SkipPrepareHandOff', 'SkipSendLetter', 'SkipWriteOff']);
    expect(fake.steps().slice(2, 4).sort()).toEqual(['create-task', 'switch-cadence']);
    expect(fake.steps()).toEqual(['load', 'decide', ...fake.steps().slice(2, 4), 'record', 'schedule']);
    expect((output as { acted: unknown }).acted).toEqual({
      createTask: { done: 'create-task' },
      sendLetter: { skipped: true },
      prepareHandOff: { skipped: true },
      writeOff: { skipped: true },
      switchCadence: { done: 'switch-cadence' },
      alert: { skipped: true },
    });
  });

  it('all flags false: no action runs; after Act only Record and ScheduleNext', async () => {
    const fake = fakeSteps({ run: {} });
    const { states } = await runEvaluation(REQUEST, fake.step);
    expect(topLevel(states)).toEqual(DECIDED_PATH);
    expect(states.slice(states.indexOf('Act') + 1).filter((name) => !name.endsWith('?') && !name.startsWith('Skip'))).toEqual(['Record', 'ScheduleNext', 'Done']);
    expect(states.filter((name) => ACTION_STATES.includes(name as (typeof ACTION_STATES)[number]))).toEqual([]);
    expect(fake.steps()).toEqual(['load', 'decide', 'record', 'schedule']);
  });

  it('every flag true: all six actions run', async () => {
    const all = Object.fromEntries(Object.keys(NO_ACTIONS).map((flag) => [flag, true]));
    const fake = fakeSteps({ run: all });
    const { states } = await runEvaluation(REQUEST, fake.step);
    expect(states.filter((name) => ACTION_STATES.includes(name as (typeof ACTION_STATES)[number])).sort()).toEqual([...ACTION_STATES].sort());
    expect(fake.steps()).toHaveLength(2 + 6 + 2);
  });
});

describe('runEvaluation: the Task inputs follow the contract', () => {
  it('Load gets the request; Decide adds load; the actions add decision; Record and ScheduleNext also what the actions returned', async () => {
    const fake = fakeSteps({ run: { sendLetter: true } });
    await runEvaluation(REQUEST, fake.step);
    const byStep = (step: StepRequest['step']) => fake.calls.filter((call) => call.step === step);
    const expectedDecision = decision({ sendLetter: true });
    // One key per action branch: the step's result, or { skipped: true } where the decision did not ask for it.
    const skipped = { skipped: true };
    const acted = { createTask: skipped, sendLetter: { done: 'send-letter' }, prepareHandOff: skipped, writeOff: skipped, switchCadence: skipped, alert: skipped };
    expect(byStep('load')).toEqual([{ step: 'load', ...REQUEST }]);
    expect(byStep('decide')).toEqual([{ step: 'decide', ...REQUEST, load: OVERDUE }]);
    expect(byStep('send-letter')).toEqual([{ step: 'send-letter', ...REQUEST, load: OVERDUE, decision: expectedDecision }]);
    expect(byStep('record')).toEqual([{ step: 'record', ...REQUEST, load: OVERDUE, decision: expectedDecision, acted }]);
    expect(byStep('schedule')).toEqual([{ step: 'schedule', ...REQUEST, load: OVERDUE, decision: expectedDecision, acted }]);
  });

  it('Close gets the request and load, nothing else', async () => {
    const load = { ...OVERDUE, settled: true };
    const fake = fakeSteps({ load });
    await runEvaluation(REQUEST, fake.step);
    expect(fake.calls[1]).toEqual({ step: 'close', ...REQUEST, load });
  });

  it("a step's result goes through JSON like a Lambda's: undefined becomes null, a Date its ISO string", async () => {
    const step = async (req: StepRequest): Promise<unknown> => {
      if (req.step === 'load') return { ...OVERDUE, settled: true };
      return req.step === 'close' ? undefined : { at: new Date('2026-12-01T15:00:00Z') };
    };
    const { output } = await runEvaluation(REQUEST, step);
    expect(output).toMatchObject({ closed: null });
    const scheduled = await runEvaluation(REQUEST, async (req) => (req.step === 'load' ? { ...OVERDUE, paused: true } : { at: new Date('2026-12-01T15:00:00Z') }));
    expect(scheduled.output).toMatchObject({ scheduled: { at: '2026-12-01T15:00:00.000Z' } });
  });
});

describe('runEvaluation: retries and failures', () => {
  it('a step that throws twice then succeeds is retried, not failed (retries do not sleep locally)', async () => {
    const fake = fakeSteps({ run: { createTask: true }, failures: { decide: 2 } });
    const started = Date.now();
    const { states } = await runEvaluation(REQUEST, fake.step);
    expect(topLevel(states)).toEqual(DECIDED_PATH);
    expect(fake.steps().filter((step) => step === 'decide')).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2_000); // the definition's 2 s + 4 s would be far more
  });

  it('a Lambda service error inside an action branch is retried too', async () => {
    const fake = fakeSteps({ run: { alert: true }, failures: { alert: 3 }, errorName: 'Lambda.TooManyRequestsException' });
    const { states } = await runEvaluation(REQUEST, fake.step);
    expect(topLevel(states)).toEqual(DECIDED_PATH);
    expect(fake.steps().filter((step) => step === 'alert')).toHaveLength(4);
  });

  it('a step that always throws: 1 + 3 attempts, then EvaluationFailed and a clear error', async () => {
    const fake = fakeSteps({ failures: { decide: Infinity } });
    const error = await runEvaluation(REQUEST, fake.step).then(
      () => expect.unreachable('the evaluation should fail'),
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(EvaluationFailedError);
    const failed = error as EvaluationFailedError;
    expect(failed.failedState).toBe('Decide');
    expect(failed.stepError).toEqual({ error: 'Error', cause: 'decide store unavailable' });
    expect(failed.executionError).toEqual({ error: ESCALATION_FAILURE.error, cause: ESCALATION_FAILURE.cause });
    expect(failed.states).toEqual(['Load', 'Settled?', 'Decide', 'EvaluationFailed']);
    expect(failed.message).toContain(`Escalation evaluation ${REQUEST.evaluationId} failed in state Decide: Error: decide store unavailable`);
    expect(failed.message).toContain(ESCALATION_FAILURE.error);
    expect(fake.steps()).toEqual(['load', 'decide', 'decide', 'decide', 'decide']);
  });

  it('a step that throws a non-Error is reported as an Error with that text', async () => {
    const step = async (req: StepRequest): Promise<unknown> => {
      if (req.step === 'load') throw 'no such account'; // a string, as some libraries throw
      return null;
    };
    await expect(runEvaluation(REQUEST, step)).rejects.toThrow(/failed in state Load: Error: no such account/);
  });

  it('an action that always fails fails the evaluation through its branch and Act, before Record', async () => {
    const fake = fakeSteps({ run: { sendLetter: true, createTask: true }, failures: { 'send-letter': Infinity } });
    const failed = (await runEvaluation(REQUEST, fake.step).catch((reason: unknown) => reason)) as EvaluationFailedError;
    expect(failed).toBeInstanceOf(EvaluationFailedError);
    expect(failed.failedState).toBe('SendLetter');
    expect(failed.executionError.error).toBe(ESCALATION_FAILURE.error);
    expect(failed.states).toEqual(expect.arrayContaining(['Act', 'SendLetter', 'SendLetterFailed', 'EvaluationFailed']));
    expect(failed.states).not.toContain('Record');
    expect(fake.steps()).not.toContain('record');
    expect(failed.message).toMatch(/failed in state SendLetter: Error: send-letter store unavailable/);
  });
});
